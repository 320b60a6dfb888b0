import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupFile, parseDomainsMap } from '../../src/emit/freeswitch/directory-lookup.js';
import { run, SECRETS_ENV, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/**
 * A phone registers with what `pbxc credentials` prints: the rendered FreeSWITCH directory, the
 * phone files and the Ringotel import must all carry that same password.
 */
describe('credentials agree across the rendered tree', async () => {
  const out = join(tempDir(), 'bundle');
  const rendered = await run(['render', '--spec', EXAMPLE_SPEC, '--out', out], { env: SECRETS_ENV });
  const creds = async (tenant: string, ext: string) =>
    JSON.parse(
      (await run(['credentials', '--spec', EXAMPLE_SPEC, tenant, ext, '--json'], { env: SECRETS_ENV }))
        .stdout,
    );

  it('renders', () => expect(rendered.code).toBe(0));

  it('FreeSWITCH directory password and voicemail PIN = credentials', async () => {
    const c = await creds('xynap', '1001');
    // Directory users are lines of their tenant's bucket files, read by FreeSWITCH at lookup time.
    const map = parseDomainsMap(readFileSync(join(out, 'freeswitch/directory/domains.map'), 'utf8'));
    const where = lookupFile('1001', 'sip.xynap.tech', map)!;
    const bucket = readFileSync(join(out, 'freeswitch', where.file), 'utf8');
    const user = bucket.split('\n').find((l) => l.startsWith('<user id="1001" '))!;
    expect(user).toBeDefined();
    expect(user).toContain(`<param name="password" value="${c.password}"/>`);
    expect(user).toContain(`<param name="vm-password" value="${c.voicemail_pin}"/>`);
  });

  it('the Yealink phone and the Ringotel import carry the same password', async () => {
    const phone = readFileSync(join(out, 'phones/xynap/0015654a1000.cfg'), 'utf8');
    expect(phone).toContain(`account.1.password = ${(await creds('xynap', '1000')).password}`);
    const users = readFileSync(join(out, 'ringotel/abc-company/users.csv'), 'utf8');
    expect(users).toContain(`,101,101,${(await creds('abc-company', '101')).password}`);
  });

  it('the named trunk secret reaches the gateway, XML-escaped', () => {
    const external = readFileSync(join(out, 'freeswitch/sip_profiles/external.xml'), 'utf8');
    expect(external).toContain('value="Tr-unk&amp;&lt;secret&gt;&quot;42"');
  });
});
