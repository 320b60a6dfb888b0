// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSecrets } from '../../src/import/write-import.js';
import { listTree } from '../../src/out/write-tree.js';
import { badSecrets, MAX_SECRET_LENGTH, secretValueProblem } from '../../src/secrets/resolver.js';
import { MASTER_KEY, run, SECRETS_ENV, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('secret values render refuses', () => {
  it.each([
    ['$${hostname}', /expands/],
    ['pre${sofia_profile_name}post', /expands/],
    ['x'.repeat(MAX_SECRET_LENGTH + 1), /characters long/],
    ['line\nbreak', /control character/],
    [' padded', /space/],
  ])('%j', (value, problem) => {
    expect(secretValueProblem(value)).toMatch(problem);
  });

  it.each([
    'Tr-unk&<secret>"42',
    "gamma'pass word",
    '$pecial$',
    '{braces}',
    '00123456',
    'x'.repeat(MAX_SECRET_LENGTH),
  ])('accepts %j', (value) => {
    expect(secretValueProblem(value)).toBeUndefined();
  });

  it('names the secret, never its value', () => {
    const refs = [{ kind: 'named', name: 'trunk', rev: 0 } as const];
    const found = badSecrets(refs, { named: { trunk: '$${Zq7x}' }, env: {} });
    expect(found).toEqual([{ name: 'trunk', problem: expect.stringContaining('FreeSWITCH') }]);
    expect(JSON.stringify(found)).not.toContain('Zq7x');
  });
});

describe('pbxc render with unusable secrets', () => {
  const env = {
    PBXC_MASTER_KEY: MASTER_KEY,
    PBXC_SECRET_BLUEBIRD_GAMMA: SECRETS_ENV.PBXC_SECRET_BLUEBIRD_GAMMA,
  };

  it.each([
    ['a pre-processor variable', '$${Zq7x_hostname}', /PBX6007: secret telekom-trunk contains "\$\{"/],
    ['a channel variable', 'a${Zq7x}', /PBX6007: secret telekom-trunk contains "\$\{"/],
    [
      '10 MB',
      `Zq7x${'a'.repeat(10 * 1024 * 1024)}`,
      /PBX6007: secret telekom-trunk is 10485764 characters long/,
    ],
  ])('%s: exit 2, nothing written, the value never echoed', async (_what, value, message) => {
    const out = join(tempDir(), 'bundle');
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out], {
      env: { ...env, PBXC_SECRET_TELEKOM_TRUNK: value },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(`${r.stdout}${r.stderr}`).not.toContain('Zq7x');
    expect(await listTree(out)).toEqual([]);
  });

  it('a secrets-file value written as a YAML number keeps its source text (00123456 stays 00123456)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.yaml'), 'telekom-trunk: 00123456\nbluebird-gamma: 0x1F\n');
    const out = join(dir, 'bundle');
    const r = await run(
      ['render', '--spec', EXAMPLE_SPEC, '--out', out, '--secrets', join(dir, 'secrets.yaml')],
      {
        env: { PBXC_MASTER_KEY: MASTER_KEY },
      },
    );
    expect(r.code).toBe(0);
    const gateways = (await listTree(out)).filter((f) => f.includes('gateway') || f.includes('sip_profiles'));
    const text = gateways.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(text).toContain('value="00123456"');
    expect(text).not.toContain('value="123456"');
  });

  it('a malformed secrets file is described without quoting it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.yaml'), 'telekom-trunk: "Zq7x-unterminated\n');
    const r = await run(
      ['render', '--spec', EXAMPLE_SPEC, '--out', join(dir, 'b'), '--secrets', join(dir, 'secrets.yaml')],
      { env: { PBXC_MASTER_KEY: MASTER_KEY } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PBX6004: secrets file .*not valid YAML \(line \d+\)/);
    expect(r.stderr).not.toContain('Zq7x');
  });
});

describe('pbxc import --secrets into an existing file', () => {
  it('a malformed existing file is refused without quoting a line of it', async () => {
    const file = join(tempDir(), 'secrets.yaml');
    writeFileSync(file, 'old-trunk: Zq7x\n  broken: : here "Zq7x\n');
    const error = await writeSecrets(file, { new: 'v' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/not a YAML map of name: value \(not valid YAML \(line \d+\)\)/);
    expect((error as Error).message).not.toContain('Zq7x');
    expect(readFileSync(file, 'utf8')).toContain('old-trunk: Zq7x');
  });

  it('merging keeps number-looking values as written', async () => {
    const file = join(tempDir(), 'secrets.yaml');
    writeFileSync(file, 'old-trunk: 00123456\n');
    await writeSecrets(file, { new: 'v' });
    expect(readFileSync(file, 'utf8')).toContain('"old-trunk": "00123456"');
  });
});
