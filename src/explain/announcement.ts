import { causeText } from '../model/hangup-causes.js';
import type { MediaModel } from '../model/media.js';
import type { Destination, TenantModel } from '../model/types.js';
import { follow } from './destination.js';
import type { Walker } from './walker.js';

/** "welcome (media/abc/welcome.wav, 4.2 s)": a media file as a reviewer finds it in the spec. */
export function mediaText(t: TenantModel, name: string): string {
  const m: MediaModel | undefined = t.media.find((x) => x.name === name);
  if (!m) return name;
  return `${name} (${m.source}, ${(m.durationMs / 1000).toFixed(1)} s${m.convertedFrom ? `, converted from ${m.convertedFrom}` : ''})`;
}

/** An announcement plays and the call goes on to its `then`; a hang-up ends the call with its cause. */
export function announcementOrHangup(
  w: Walker,
  t: TenantModel,
  d: Extract<Destination, { type: 'announcement' | 'hangup' }>,
  depth: number,
  main: boolean,
): void {
  if (d.type === 'hangup') {
    w.step(depth, `hang up: ${causeText(d.cause)}`);
    if (main) w.reach({ kind: 'hangup', cause: d.cause });
    return;
  }
  w.step(depth, `answer and play announcement ${mediaText(t, d.media)}, then`);
  follow(w, t, d.next, depth, main);
}
