import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { provisioningTarget } from '../../../src/emit/provisioning/index.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { type NginxDir, nginxDir, nginxTest } from './nginx-harness.js';

const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const live = process.getuid?.() === 0 && ['ip', 'curl', 'nginx', 'openssl'].every(has);
if (!live)
  console.warn(
    'SKIPPED: live provisioning-site test, because it needs root, iproute2, curl, nginx and openssl',
  );

const SECRET = 'Sekr3tPassw0rdValue1';

/**
 * The rendered site served by the real nginx in a private network namespace, asked for the names
 * phones request, including Snom's first-boot snom<model>.htm and snom<model>-<MAC>.htm.
 */
describe.skipIf(!live)('provisioning site served by the real nginx', () => {
  const ns = `phones-nginx-${process.pid}`;
  let model: Model;
  let d: NginxDir | undefined;
  let daemon: ReturnType<typeof spawn> | undefined;
  const rendered = new Map<string, string>();

  function get(path: string, user = 'abc-company', password = SECRET): { status: string; body: string } {
    const out = execFileSync(
      'ip',
      [
        ...['netns', 'exec', ns, 'curl', '-sk', '--max-time', '3', '-w', '\n%{http_code}'],
        ...['--resolve', `${model.platform.provisioning.host}:443:127.0.0.1`, '-u', `${user}:${password}`],
        `https://${model.platform.provisioning.host}${path}`,
      ],
      { encoding: 'utf8' },
    );
    const at = out.lastIndexOf('\n');
    return { body: out.slice(0, at), status: out.slice(at + 1) };
  }

  beforeAll(async () => {
    model = await exampleModel();
    const secret = () => SECRET;
    const site = provisioningTarget.emit({ model, mode: 'render', secret });
    d = nginxDir(site.files.find((f) => f.path.endsWith('.conf'))!.content);
    for (const f of site.files.filter((f) => f.path.startsWith('provisioning/htpasswd/'))) {
      const path = join(d.auth, f.path.split('/').pop()!);
      writeFileSync(path, f.content);
      chmodSync(path, 0o644);
    }
    for (const f of phonesTarget.emit({ model, mode: 'render', secret }).files) {
      const path = join(d.phones, f.path.slice('phones/'.length));
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      chmodSync(dirname(path), 0o755);
      writeFileSync(path, f.content);
      chmodSync(path, 0o644);
      rendered.set(f.path, f.content);
    }
    nginxTest(d);
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    daemon = spawn('ip', ['netns', 'exec', ns, 'nginx', '-p', d.dir, '-c', d.conf, '-g', 'daemon off;'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 50 && !existsSync(join(d.dir, 'nginx.pid')); i++)
      await new Promise((r) => setTimeout(r, 100));
  }, 120_000); // renders every phone of the example: slow on a loaded machine

  afterAll(() => {
    daemon?.kill();
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {}
    if (d) rmSync(d.dir, { recursive: true, force: true });
  });

  it("serves Snom's first-boot names and the per-phone file with the tenant's credentials", () => {
    for (const name of ['snomD785.htm', 'snomD785-0004132ABB01.htm', '0004132ABB01.xml']) {
      const r = get(`/abc-company/${name}`);
      expect(r.status, name).toBe('200');
      expect(r.body, name).toBe(rendered.get(`phones/abc-company/${name}`));
    }
    expect(get('/abc-company/snomD785.htm').body).toContain(
      `<http_client_pass perm="R">${SECRET}</http_client_pass>`,
    );
  });

  it('refuses wrong credentials, other tenants, and names outside the vendor patterns', () => {
    expect(get('/abc-company/snomD785.htm', 'abc-company', 'wrong').status).toBe('401');
    expect(get('/abc-company/snomD785.htm', 'xynap').status).toBe('401');
    expect(get('/abc-company/snomD785.htm.bak').status).toBe('404');
    expect(get('/abc-company/').status).toBe('404');
  });
});
