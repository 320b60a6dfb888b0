import { join } from 'node:path';
import type { LiveSwitch } from './live-switch.js';
import { exec, sleep } from './proc.js';

export const SOX = '/usr/bin/sox';

/** A row of `show channels as json` (the fields the tests read). */
export interface Channel {
  readonly uuid: string;
  readonly direction: string;
  readonly cid_num: string;
  readonly dest: string;
  readonly application: string;
  readonly application_data: string;
  readonly callstate: string;
}

/**
 * The switch's channels. Every caller polls, so an fs_cli that fails once (it times out on a
 * machine loaded far beyond its cores) counts as "none seen yet", not as the test's failure.
 */
export async function channels(live: LiveSwitch): Promise<Channel[]> {
  const out = (await live.fsCli('show channels as json').catch(() => '')).trim();
  if (!out.startsWith('{')) return [];
  return (JSON.parse(out) as { rows?: Channel[] }).rows ?? [];
}

/**
 * The channel of the call a phone placed (inbound to the switch, from its extension), once it
 * exists; `except`: channels of earlier calls that may still be hanging up.
 */
export async function callerChannel(
  live: LiveSwitch,
  extension: string,
  except: readonly string[] = [],
  timeoutMs = 5_000,
): Promise<Channel> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = (await channels(live)).find(
      (r) => r.direction === 'inbound' && r.cid_num === extension && !except.includes(r.uuid),
    );
    if (c) return c;
    if (Date.now() > end) throw new Error(`no call from ${extension} on the switch`);
    await sleep(200);
  }
}

/** Waits until the switch has no call left (the previous test's channels hung up). */
export async function idle(live: LiveSwitch, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await channels(live)).length > 0) {
    if (Date.now() > end) throw new Error('calls still up on the switch');
    await sleep(200);
  }
}

/** The application the channel runs now ("" when the channel is gone). */
export async function applicationOf(live: LiveSwitch, uuid: string): Promise<string> {
  return (await channels(live)).find((r) => r.uuid === uuid)?.application ?? '';
}

/** Waits until the channel runs `application`; the ms it took, or undefined at the timeout. */
export async function reaches(
  live: LiveSwitch,
  uuid: string,
  application: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if ((await applicationOf(live, uuid)) === application) return Date.now() - start;
    await sleep(200);
  }
  return undefined;
}

export interface Heard {
  /** RMS amplitude (full scale 1). */
  readonly rms: number;
  /** sox's rough frequency (zero crossings): the pitch of a pure tone. */
  readonly frequency: number;
  readonly seconds: number;
}

let n = 0;

/**
 * What the caller on `uuid` hears for `ms`: the audio the switch writes to that channel, recorded by
 * FreeSWITCH itself (uuid_record with RECORD_WRITE_ONLY) and measured by sox. A prompt or music
 * file that played shows as its tone; a file that did not as silence or another pitch.
 */
export async function heard(live: LiveSwitch, uuid: string, ms: number): Promise<Heard> {
  const file = join(live.root, `heard-${++n}.wav`);
  await live.fsCli(`uuid_setvar ${uuid} RECORD_WRITE_ONLY true`);
  const started = await live.fsCli(`uuid_record ${uuid} start ${file}`);
  if (!started.includes('+OK')) throw new Error(`uuid_record ${uuid}: ${started}`);
  await sleep(ms);
  await live.fsCli(`uuid_record ${uuid} stop ${file}`);
  await sleep(300);
  const r = await exec(SOX, [file, '-n', 'stat']);
  if (r.code !== 0) throw new Error(`sox stat ${file}: ${r.stderr}`);
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s*(-?[\\d.]+)`, 'm').exec(r.stderr)?.[1] ?? NaN);
  return {
    rms: field('RMS\\s+amplitude'),
    frequency: field('Rough\\s+frequency'),
    seconds: field('Length \\(seconds\\)'),
  };
}

/** True when `h` is the pure tone of `hz` (±10 %) at a clearly audible level. */
export function isTone(h: Heard, hz: number): boolean {
  return h.rms > 0.05 && Math.abs(h.frequency - hz) <= hz * 0.1;
}
