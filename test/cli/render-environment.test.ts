import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASTER_KEY, run, SECRETS_ENV, tempDir } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

/**
 * The bundle of one environment (render --env, what publish ships): the example's staging serves
 * abc-company and bluebird-dental under its own names, with the gamma trunk not registering.
 */
describe('pbxc render --env', () => {
  it('holds only the environment’s tenants, with its domains and trunk overrides', async () => {
    const out = join(tempDir('render-env-'), 'staging');
    // Only staging's secrets: xynap's trunk secret is not needed where xynap does not run.
    const env = {
      PBXC_MASTER_KEY: MASTER_KEY,
      PBXC_SECRET_BLUEBIRD_GAMMA: SECRETS_ENV.PBXC_SECRET_BLUEBIRD_GAMMA,
    };
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--env', 'staging', '--out', out], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'freeswitch/directory/domains.map'), 'utf8')).toBe(
      'abc.staging.voice.example.net abc-company 1\nstaging.pbx.bluebird-dental.example bluebird-dental 1\n',
    );
    expect(existsSync(join(out, 'freeswitch/directory/xynap.xml'))).toBe(false);
    expect(existsSync(join(out, 'phones/xynap'))).toBe(false);
    const external = readFileSync(join(out, 'freeswitch/sip_profiles/external.xml'), 'utf8');
    expect(external).not.toContain('xynap-telekom');
    const gamma = /<gateway name="bluebird-dental-gamma">[\s\S]*?<\/gateway>/.exec(external)![0];
    expect(gamma).toContain('<param name="register" value="false"/>');
  });

  it('production renders every tenant as the spec has them', async () => {
    const out = join(tempDir('render-env-'), 'production');
    const r = await run(['render', '--spec', EXAMPLE_SPEC, '--env', 'production', '--out', out], {
      env: SECRETS_ENV,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'freeswitch/directory/domains.map'), 'utf8')).toContain(
      'sip.xynap.tech xynap 1',
    );
    const external = readFileSync(join(out, 'freeswitch/sip_profiles/external.xml'), 'utf8');
    expect(/<gateway name="bluebird-dental-gamma">[\s\S]*?<\/gateway>/.exec(external)![0]).toContain(
      '<param name="register" value="true"/>',
    );
  });

  it('names the known environments for an unknown one (exit 2)', async () => {
    const r = await run(
      ['render', '--spec', EXAMPLE_SPEC, '--env', 'stagin', '--out', join(tempDir(), 'x')],
      {
        env: SECRETS_ENV,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "stagin"');
  });
});
