import type { MediaModel } from '../model/media.js';
import type { TenantModel } from '../model/types.js';
import { match, scalar } from './fields.js';
import type { Collector } from './tenant.js';

const label = (m: MediaModel) => `media ${m.name} (${m.source})`;
const seconds = (m: MediaModel) => `${(m.durationMs / 1000).toFixed(1)} s`;

/** Media files a tenant uses: added, removed, re-recorded (by content hash), moved, converted. */
export function mediaChanges(c: Collector, a: TenantModel, b: TenantModel): void {
  const files = match(a.media, b.media, (m) => m.name);
  for (const m of files.added) c.added(label(m), [`${seconds(m)}, used as ${m.uses.join(', ')}`]);
  for (const m of files.removed) c.removed(label(m));
  for (const [x, y] of files.both) {
    const out: string[] = [];
    scalar(out, 'file', x.source, y.source);
    if (x.sha256 !== y.sha256)
      out.push(
        `recording changed (sha256 ${x.sha256.slice(0, 12)} → ${y.sha256.slice(0, 12)}, ${seconds(x)} → ${seconds(y)})`,
      );
    scalar(out, 'converted from', x.convertedFrom, y.convertedFrom);
    c.changed(label(y), out);
  }
  const settings: string[] = [];
  scalar(settings, 'music on hold', a.musicOnHold, b.musicOnHold);
  c.changed('media settings', settings);
}
