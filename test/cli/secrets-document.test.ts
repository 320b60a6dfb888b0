import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MASTER_KEY, run, SECRETS_ENV, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/**
 * One CI secret instead of one per name: PBXC_SECRETS holds a YAML secrets document (named secrets
 * plus master_key), so adding a trunk never adds a line to the CI file.
 */
const DOCUMENT = stringify({
  master_key: MASTER_KEY,
  'telekom-trunk': SECRETS_ENV.PBXC_SECRET_TELEKOM_TRUNK,
  'bluebird-gamma': SECRETS_ENV.PBXC_SECRET_BLUEBIRD_GAMMA,
});

const render = async (env: Record<string, string>) => {
  const out = join(tempDir('secrets-doc-'), 'bundle');
  const r = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out], { env });
  return { r, out };
};

describe('the PBXC_SECRETS document', () => {
  it('renders exactly what one variable per secret renders', async () => {
    const one = await render({ PBXC_SECRETS: DOCUMENT });
    expect(one.r.code, one.r.stderr).toBe(0);
    const many = await render(SECRETS_ENV);
    expect(many.r.code, many.r.stderr).toBe(0);
    const manifest = (dir: string) => readFileSync(join(dir, 'MANIFEST.json'), 'utf8');
    expect(manifest(one.out)).toBe(manifest(many.out));
  });

  it('names the document, never its values, when it is not a map or lacks a secret', async () => {
    const bad = await render({ PBXC_SECRETS: `- ${MASTER_KEY}` });
    expect(bad.r.code).toBe(2);
    expect(bad.r.stderr).toContain('PBXC_SECRETS');
    expect(bad.r.stderr).not.toContain(MASTER_KEY);
    const partial = await render({ PBXC_SECRETS: stringify({ master_key: MASTER_KEY }) });
    expect(partial.r.code).toBe(2);
    expect(partial.r.stderr).toContain('telekom-trunk');
    expect(partial.r.stderr).not.toContain('no master key');
  });

  it('lets PBXC_MASTER_KEY and --secrets FILE win over the document', async () => {
    const short = stringify({ master_key: 'short' });
    const r = await render({ ...SECRETS_ENV, PBXC_SECRETS: short });
    expect(r.r.code, r.r.stderr).toBe(0);
  });
});
