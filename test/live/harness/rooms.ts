import type { LiveSwitch } from './live-switch.js';
import { sleep } from './proc.js';
import type { SippResult } from './sipp.js';

/** Polls `check` every 250 ms for up to `ms`: true as soon as it holds, false at the end. */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

export interface RoomMember {
  readonly id: string;
  readonly caller: string;
  readonly flags: string;
}

/** Members as `conference <room> list` prints them: id;register-string;uuid;name;number;flags;... */
export async function roomMembers(live: LiveSwitch, room: string): Promise<RoomMember[]> {
  const out = await live.fsCli(`conference ${room} list`);
  return out
    .split('\n')
    .map((l) => l.trim().split(';'))
    .filter((f) => /^\d+$/.test(f[0] ?? ''))
    .map((f) => ({ id: f[0]!, caller: f[4] ?? '', flags: f[5] ?? '' }));
}

/** The BYE the switch sent (a request: the 200 OK to the caller's own BYE carries CSeq BYE too). */
export function byeFromSwitch(r: SippResult) {
  return r.messages.find((m) => m.method === 'BYE' && m.direction === 'received' && m.status === undefined);
}
