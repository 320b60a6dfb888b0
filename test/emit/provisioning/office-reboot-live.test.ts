import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProvisioningFilter } from '../../../src/emit/fail2ban/filter-provisioning.js';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import {
  FETCH_SEQUENCES,
  OFFICE_PHONES,
  type PhoneRequest,
} from '../../../src/emit/provisioning/fetch-sequences.js';
import { provisioningTarget } from '../../../src/emit/provisioning/index.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { fail2banRegex, fail2banUnavailable } from '../fail2ban/fail2ban-tools.js';
import { type NginxDir, nginxDir, nginxTest } from './nginx-harness.js';
import { OFFICE_TENANT, OFFICE_VENDORS, officeModel } from './office.js';

const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const live =
  process.getuid?.() === 0 && ['ip', 'curl', 'nginx', 'openssl'].every(has) && !fail2banUnavailable();
if (!live)
  console.warn(
    'SKIPPED: office reboot through the real nginx and fail2ban-regex, because it needs root, iproute2, curl, nginx, openssl and fail2ban',
  );

const SECRET = 'Office-Provisioning-Secret-1';
const TENANT = OFFICE_TENANT;
const VENDORS = OFFICE_VENDORS;
/** One office (one NAT address) per vendor, and the attacker elsewhere. */
const OFFICE_ADDRESS = (i: number) => `127.0.0.${10 + i}`;
const ATTACKER = '127.0.0.99';

/**
 * Fifty phones of each vendor behind one address each boot at once: every request of the vendor's
 * fetch sequence, first without credentials (the 401 challenge), then with them, through the real
 * nginx serving the rendered site. The access log it writes in the site's own format goes through
 * the real fail2ban-regex with the generated filter.
 */
describe.skipIf(!live)('a whole office rebooting behind one address', () => {
  const ns = `phones-office-${process.pid}`;
  let model: Model;
  let d: NginxDir | undefined;
  let daemon: ReturnType<typeof spawn> | undefined;
  let log: string[] = [];
  let maxretry = 5;

  /** Runs one curl over a config file of requests from `source`; returns the status codes in order. */
  function curl(source: string, requests: readonly { req: PhoneRequest; user?: string }[]): string[] {
    const host = model.platform.provisioning.host;
    const config = requests
      .map(({ req, user }) =>
        [
          `url = "https://${host}/${TENANT}/${req.name}"`,
          `request = "${req.method}"`,
          'insecure',
          `resolve = "${host}:443:127.0.0.1"`,
          `interface = "${source}"`,
          'output = "/dev/null"',
          'write-out = "%{http_code}\\n"',
          ...(user ? [`user = "${user}"`] : []),
        ].join('\n'),
      )
      .join('\nnext\n');
    const file = join(d!.dir, `curl-${source}.conf`);
    writeFileSync(file, `${config}\n`);
    const out = execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '--max-time', '120', '-K', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return out.trim().split('\n');
  }

  beforeAll(async () => {
    const base = await exampleModel();
    maxretry = base.platform.firewall.fail2ban.maxretry;
    model = officeModel(base);
    const secret = () => SECRET;
    const site = provisioningTarget.emit({ model, mode: 'render', secret });
    d = nginxDir(site.files.find((f) => f.path.endsWith('.conf'))!.content);
    for (const f of site.files.filter((f) => f.path.startsWith('provisioning/htpasswd/'))) {
      const path = join(d.auth, f.path.split('/').pop()!);
      writeFileSync(path, f.content);
      chmodSync(path, 0o644);
    }
    const phones = phonesTarget.emit({ model, mode: 'render', secret });
    expect(phones.diagnostics).toEqual([]);
    for (const f of phones.files) {
      const path = join(d.phones, f.path.slice('phones/'.length));
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      chmodSync(dirname(path), 0o755);
      writeFileSync(path, f.content);
      chmodSync(path, 0o644);
    }
    nginxTest(d);
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    daemon = spawn('ip', ['netns', 'exec', ns, 'nginx', '-p', d.dir, '-c', d.conf, '-g', 'daemon off;'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 50 && !existsSync(join(d.dir, 'nginx.pid')); i++)
      await new Promise((r) => setTimeout(r, 100));

    VENDORS.forEach((vendor, i) => {
      const requests = model.tenants[0]!.devices.filter((dev) => dev.vendor === vendor)
        .flatMap((dev) => FETCH_SEQUENCES[vendor](dev.mac, dev.model))
        .flatMap((req) => [{ req }, { req, user: `${TENANT}:${SECRET}` }]);
      curl(OFFICE_ADDRESS(i), requests);
    });
    // The attacker: wrong passwords, then a MAC scan with the right one.
    const scan = Array.from({ length: maxretry }, (_, i) => ({
      req: { method: 'GET' as const, name: `805ec0${String(900000 + i)}.cfg` },
      user: `${TENANT}:${SECRET}`,
    }));
    const guesses = Array.from({ length: maxretry }, () => ({
      req: { method: 'GET' as const, name: 'y000000000096.cfg' },
      user: `${TENANT}:wrong`,
    }));
    curl(ATTACKER, [...guesses, ...scan]);
    log = readFileSync(join(d.dir, 'logs', 'access.log'), 'utf8')
      .trim()
      .split('\n');
  }, 300_000);

  afterAll(() => {
    daemon?.kill();
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {}
    if (d) rmSync(d.dir, { recursive: true, force: true });
  });

  const statuses = (address: string) =>
    log.filter((l) => l.startsWith(`${address} `)).map((l) => l.split('"')[2]!.trim().split(' ')[0]);

  it.each(VENDORS.map((v, i) => [v, OFFICE_ADDRESS(i)] as const))(
    '%s: 50 phones booting from one address get no 403 and no 429',
    (vendor, address) => {
      const got = statuses(address);
      const perPhone = 2 * FETCH_SEQUENCES[vendor]('000000000000', 'T54W').length;
      expect(got).toHaveLength(OFFICE_PHONES * perPhone);
      const counts = Object.fromEntries([...new Set(got)].map((s) => [s, got.filter((x) => x === s).length]));
      expect(counts['429'] ?? 0, JSON.stringify(counts)).toBe(0);
      expect(counts['403'] ?? 0, JSON.stringify(counts)).toBe(0);
      // Each phone's own files answer 200 (the boot file included for Yealink).
      expect(counts['200'] ?? 0).toBeGreaterThanOrEqual(OFFICE_PHONES);
    },
  );

  it('fail2ban-regex with the generated filter finds nothing against the offices, and bans the attacker', () => {
    const filter = join(d!.dir, 'pbxc-provisioning.conf');
    writeFileSync(filter, renderProvisioningFilter());
    const matches = fail2banRegex(filter, log);
    const byAddress = new Map<string, number>();
    for (const m of matches) byAddress.set(m.address, (byAddress.get(m.address) ?? 0) + 1);
    for (let i = 0; i < VENDORS.length; i++)
      expect(byAddress.get(OFFICE_ADDRESS(i)) ?? 0, VENDORS[i]).toBe(0);
    // Every wrong password and every unknown MAC counts: twice maxretry within seconds.
    expect(byAddress.get(ATTACKER)).toBe(2 * maxretry);
  });
});
