import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** 100 ms of silence, 8 kHz mono 16-bit PCM: a stand-in for a prompt of FreeSWITCH's sound package. */
export function silentWav(): Buffer {
  const samples = 800;
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * The prompts a rendered tree plays (phrase macros, IVR menus, dialplan playbacks) plus what
 * mod_say_en reads (digits, letters), as silent files under <dir>/en/us/callie — what installing
 * FreeSWITCH's English sound package gives a node. mod_voicemail gives up at the first prompt it
 * cannot open, so a node needs the package; a test needs these stand-ins.
 */
export function writeSounds(conf: string, dir: string): string {
  const base = join(dir, 'en/us/callie');
  const names = new Set<string>();
  for (const f of xmlFiles(conf)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/([a-z][a-z0-9_-]*\/[A-Za-z0-9_.-]+\.wav)/g)) {
      if (!m[1]!.includes('$')) names.add(m[1]!);
    }
  }
  for (let c = 32; c < 127; c++) names.add(`ascii/${c}.wav`);
  for (let d = 0; d <= 20; d++) names.add(`digits/${d}.wav`);
  for (const d of [30, 40, 50, 60, 70, 80, 90]) names.add(`digits/${d}.wav`);
  for (const w of ['hundred', 'thousand', 'million', 'dot', 'star', 'pound']) names.add(`digits/${w}.wav`);
  for (const v of ['message', 'messages', 'new', 'saved', 'urgent', 'urgent-new', 'urgent-saved'])
    names.add(`voicemail/vm-${v}.wav`);
  const wav = silentWav();
  // The default music-on-hold folder (freeswitch-music-default).
  mkdirSync(join(dir, 'music/8000'), { recursive: true });
  writeFileSync(join(dir, 'music/8000/pbxc-test-silence.wav'), wav);
  for (const n of names) {
    const path = join(base, n);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, wav);
  }
  return dir;
}
