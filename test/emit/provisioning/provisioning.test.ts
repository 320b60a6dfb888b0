import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { htpasswdLine } from '../../../src/emit/provisioning/htpasswd.js';
import { provisioningTarget } from '../../../src/emit/provisioning/index.js';
import { NODE_PATHS } from '../../../src/model/node-paths.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { nginxDir, nginxTest as runNginxTest } from './nginx-harness.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

const SITE = 'provisioning/nginx/pbxc-provisioning.conf';

/** Runs the real `nginx -t` on the site, with node paths moved into a temp dir and a self-signed cert. */
function nginxTest(site: string): void {
  runNginxTest(nginxDir(site));
}

describe('provisioning target', () => {
  it('audit mode writes only the nginx site, which nginx -t accepts', () => {
    const { files } = provisioningTarget.emit({ model, mode: 'audit', secret: placeholder });
    expect(files.map((f) => f.path)).toEqual([SITE]);
    const site = files[0]!.content;
    for (const t of model.tenants) {
      expect(site).toContain(`auth_basic_user_file ${NODE_PATHS.provisioningAuthDir}/${t.id}.htpasswd;`);
    }
    expect(site).toContain('autoindex off;');
    expect(site).toContain(`access_log ${NODE_PATHS.provisioningAccessLog} combined;`);
    nginxTest(site);
  });

  it('render mode adds one htpasswd per tenant with a salted SHA hash, never the password', () => {
    const { files } = provisioningTarget.emit({
      model,
      mode: 'render',
      secret: () => 'Sekr3tPassw0rdValue1',
    });
    const htpasswd = files.filter((f) => f.path.startsWith('provisioning/htpasswd/'));
    expect(htpasswd.map((f) => f.path)).toEqual(
      model.tenants.map((t) => `provisioning/htpasswd/${t.id}.htpasswd`),
    );
    for (const f of htpasswd) {
      expect(f.content).toMatch(/^[a-z0-9-]+:\{SSHA\}[A-Za-z0-9+/=]+\n$/);
      expect(f.content).not.toContain('Sekr3tPassw0rdValue1');
      expect(f.sensitive).toBe(true);
    }
  });

  it('the {SSHA} line verifies like nginx does, and is deterministic', () => {
    const line = htpasswdLine('xynap', 'pw1');
    expect(htpasswdLine('xynap', 'pw1')).toBe(line);
    expect(htpasswdLine('xynap', 'pw2')).not.toBe(line);
    const raw = Buffer.from(line.split('{SSHA}')[1]!, 'base64');
    const salt = raw.subarray(20);
    expect(createHash('sha1').update('pw1').update(salt).digest()).toEqual(raw.subarray(0, 20));
  });

  it('an allow-list becomes allow lines and deny all, still valid for nginx', () => {
    const allowed: Model = {
      ...model,
      platform: { ...model.platform, provisioning: { ...model.platform.provisioning, allow: ['office'] } },
    };
    const site = provisioningTarget.emit({ model: allowed, mode: 'audit', secret: placeholder }).files[0]!
      .content;
    expect(site).toContain('allow 203.0.113.0/24;');
    expect(site).toMatch(/allow 203\.0\.113\.0\/24;\n\s+deny all;/);
    nginxTest(site);
  });
});
