import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, run, specCopy } from '../helpers/cli.js';
import { wav } from './wav-bytes.js';

const TENANT = 'tenants/abc-company.yaml';
const hasSox = spawnSync('sox', ['--version']).status === 0;

async function validate(spec: string) {
  const r = await run(['validate', '--spec', spec, '--format', 'json']);
  const out = JSON.parse(r.stdout) as {
    diagnostics: {
      code: string;
      file?: string;
      line?: number;
      column?: number;
      message: string;
      severity: string;
    }[];
  };
  return { code: r.code, diagnostics: out.diagnostics.filter((d) => d.code.startsWith('PBX37')) };
}

describe('validate: media files and references', () => {
  it('the example spec uses its media and nothing else is reported', async () => {
    const r = await validate(specCopy());
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a reference to a missing file points at the name, with a guess', async () => {
    const spec = specCopy({ [TENANT]: (t) => t.replace('announcement: closed', 'announcement: closd') });
    const r = await validate(spec);
    expect(r.code).toBe(1);
    const line = lineOf(spec, TENANT, 'announcement: closd');
    expect(r.diagnostics).toEqual([
      // closed.wav is now unused (diagnostics are sorted by file: media/ before tenants/).
      expect.objectContaining({ code: 'PBX3708', severity: 'warning' }),
      expect.objectContaining({
        code: 'PBX3706',
        line,
        message: expect.stringContaining('(did you mean "closed"?)'),
      }),
    ]);
  });

  it.each([
    ['bad name', 'Closed Line.wav', wav(), 'PBX3700'],
    ['not audio', 'notes.wav', Buffer.from('just some text, really'), 'PBX3702'],
    ['broken header', 'broken.wav', wav().subarray(0, 36), 'PBX3703'],
    ['unsupported codec', 'gsm.wav', wav({ format: 0x31, bits: 8 }), 'PBX3704'],
    ['too long', 'long.wav', wav({ seconds: 601 }), 'PBX3705'],
    ['too short', 'click.wav', wav({ seconds: 0.05 }), 'PBX3705'],
  ])('%s: one error at the file', async (_what, name, bytes, code) => {
    const spec = specCopy();
    writeFileSync(join(spec, 'media/abc-company', name), bytes);
    const r = await validate(spec);
    expect(r.code).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code,
        file: expect.stringMatching(new RegExp(`media/abc-company/${name}$`)),
        line: 1,
        column: 1,
      }),
    ]);
  });

  it('an unused file warns, a folder of no tenant and two files of one name are errors', async () => {
    const spec = specCopy();
    writeFileSync(join(spec, 'media/shared/spare.wav'), wav());
    mkdirSync(join(spec, 'media/nobody'));
    writeFileSync(join(spec, 'media/nobody/x.wav'), wav());
    // Read first (names sort), so closed.wav is the second "closed".
    writeFileSync(join(spec, 'media/abc-company/closed.flac'), wav());
    const r = await validate(spec);
    expect(r.diagnostics.map((d) => `${d.code} ${d.file?.replace(/^.*\/spec\//, '')}`).sort()).toEqual([
      'PBX3708 media/shared/spare.wav',
      'PBX3709 media/nobody',
      'PBX3711 media/abc-company/closed.wav',
    ]);
  });

  it('a file over the size limit, one that cannot be converted and a folder among the files are errors at the file', async () => {
    const spec = specCopy();
    const dir = join(spec, 'media/abc-company');
    writeFileSync(join(dir, 'huge.wav'), Buffer.alloc(33 * 1024 * 1024));
    // An MP3 by its tag, with no audio frame after it: sox (or its absence) cannot make a WAV of it.
    writeFileSync(
      join(dir, 'broken.mp3'),
      Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00'), Buffer.alloc(2000, 0x55)]),
    );
    mkdirSync(join(dir, 'nested.wav'));
    const r = await validate(spec);
    const byFile = (end: string) => r.diagnostics.filter((d) => d.file?.endsWith(end)).map((d) => d.code);
    expect(byFile('media/abc-company/huge.wav')).toEqual(['PBX3701']);
    expect(byFile('media/abc-company/broken.mp3')).toEqual(['PBX3707']);
    expect(byFile('media/abc-company/nested.wav')).toEqual(['PBX3710']);
    expect(r.code).toBe(1);
  });

  it('a missing media folder: every reference is reported where it is written', async () => {
    const spec = specCopy();
    rmSync(join(spec, 'media'), { recursive: true });
    const r = await validate(spec);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['PBX3706', lineOf(spec, TENANT, 'voicemail_greeting: john-greeting')],
      ['PBX3706', lineOf(spec, TENANT, 'music_on_hold: hold')],
      ['PBX3706', lineOf(spec, TENANT, 'announcement: closed')],
    ]);
  });

  it.skipIf(!hasSox)(
    'stereo 44.1 kHz is converted at build time to 16 kHz mono, the same bytes every time',
    async () => {
      const spec = specCopy();
      const file = join(spec, 'media/abc-company/closed.wav');
      rmSync(file);
      spawnSync('sox', [
        '--no-dither',
        '-n',
        '-r',
        '44100',
        '-c',
        '2',
        '-b',
        '16',
        file,
        'synth',
        '0.5',
        'sine',
        '300',
      ]);
      const out1 = join(spec, '..', 'g1');
      const out2 = join(spec, '..', 'g2');
      expect((await run(['build', '--spec', spec, '--out', out1])).code).toBe(0);
      expect((await run(['build', '--spec', spec, '--out', out2, '--no-cache'])).code).toBe(0);
      const index = readFileSync(join(out1, 'freeswitch/media/abc-company/index.json'), 'utf8');
      expect(index).toBe(readFileSync(join(out2, 'freeswitch/media/abc-company/index.json'), 'utf8'));
      const entry = (
        JSON.parse(index) as {
          files: { name: string; convertedFrom?: string; format: string; durationMs: number }[];
        }
      ).files.find((f) => f.name === 'closed');
      expect(entry).toMatchObject({
        convertedFrom: '2 channels, 44100 Hz',
        format: 'wav pcm16 mono 16000 Hz',
        durationMs: 500,
      });
    },
  );

  it.skipIf(hasSox)('SKIPPED: sox is not installed, conversion is not tested', () => {
    console.log(
      'SKIPPED: sox is not installed (apt-get install sox libsox-fmt-mp3): media conversion untested',
    );
  });

  it('check reports a re-recorded media file as stale', async () => {
    const spec = specCopy();
    const out = join(spec, '..', 'generated');
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    expect((await run(['check', '--spec', spec, '--out', out])).code).toBe(0);
    writeFileSync(join(spec, 'media/abc-company/closed.wav'), wav({ seconds: 2 }));
    const r = await run(['check', '--spec', spec, '--out', out]);
    expect(r.code).toBe(1);
    expect(`${r.stdout}\n${r.stderr}`).toContain('freeswitch/media/abc-company/index.json');
    // A renamed file that is still referenced nowhere is an error in validate, not silent drift.
    renameSync(join(spec, 'media/abc-company/closed.wav'), join(spec, 'media/abc-company/closed-old.wav'));
    expect((await run(['check', '--spec', spec, '--out', out])).code).toBe(1);
  });
});
