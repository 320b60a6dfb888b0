import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProvisioningFilter } from '../../../src/emit/fail2ban/filter-provisioning.js';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { FETCH_SEQUENCES, OFFICE_PHONES } from '../../../src/emit/provisioning/fetch-sequences.js';
import { VENDOR_FILE_REGEX } from '../../../src/emit/provisioning/file-names.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { OFFICE_TENANT, OFFICE_VENDORS, officeModel } from '../provisioning/office.js';
import { type Fail2banMatch, fail2banRegex, fail2banUnavailable } from './fail2ban-tools.js';

const skip = fail2banUnavailable();
if (skip) console.warn(`SKIPPED: office fetches through fail2ban-regex: ${skip}`);

/**
 * The same office reboot as office-reboot-live.test.ts, without root: the answer to each request is
 * the site's rule (a file the phones target wrote: 200; any other GET: 404; another method on a
 * vendor name: 405, elsewhere 404), written in the site's "combined" log format and fed to the real
 * fail2ban-regex with the generated filter.
 */
describe.skipIf(skip)('50 phones of each vendor booting behind one address, in the access log', () => {
  let dir: string;
  let matches: Fail2banMatch[];
  let maxretry = 5;
  const office = (i: number) => `198.51.100.${10 + i}`;
  const attacker = '203.0.113.66';

  beforeAll(async () => {
    const base = await exampleModel();
    maxretry = base.platform.firewall.fail2ban.maxretry;
    const model = officeModel(base);
    const tree = new Set(
      phonesTarget.emit({ model, mode: 'audit', secret: placeholder }).files.map((f) => f.path),
    );
    const served = new RegExp(`^${VENDOR_FILE_REGEX}$`);
    const line = (addr: string, user: string, method: string, name: string, status: number) =>
      `${addr} - ${user} [06/Dec/2026:05:00:00 +0000] "${method} /${OFFICE_TENANT}/${name} HTTP/1.1" ${status} 0 "-" "phone"`;
    const lines: string[] = [];
    OFFICE_VENDORS.forEach((vendor, i) => {
      for (const d of model.tenants[0]!.devices.filter((x) => x.vendor === vendor)) {
        for (const r of FETCH_SEQUENCES[vendor](d.mac, d.model)) {
          const status =
            r.method === 'GET'
              ? tree.has(`phones/${OFFICE_TENANT}/${r.name}`)
                ? 200
                : 404
              : served.test(r.name)
                ? 405
                : 404;
          lines.push(line(office(i), '-', r.method, r.name, 401));
          lines.push(line(office(i), OFFICE_TENANT, r.method, r.name, status));
        }
      }
    });
    for (let i = 0; i < maxretry; i++) {
      lines.push(line(attacker, OFFICE_TENANT, 'GET', `805ec0${900000 + i}.boot`, 404));
      lines.push(line(attacker, 'admin', 'GET', 'y000000000096.cfg', 401));
    }
    expect(lines.length).toBeGreaterThan(OFFICE_VENDORS.length * OFFICE_PHONES * 2);
    dir = mkdtempSync(join(tmpdir(), 'pbxc-office-'));
    const filter = join(dir, 'pbxc-provisioning.conf');
    writeFileSync(filter, renderProvisioningFilter());
    matches = fail2banRegex(filter, lines);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(OFFICE_VENDORS.map((v, i) => [v, i] as const))('%s office: no request counts', (_v, i) => {
    expect(matches.filter((m) => m.address === office(i))).toEqual([]);
  });

  it('an attacker scanning boot files and guessing passwords counts on every request', () => {
    expect(matches.filter((m) => m.address === attacker)).toHaveLength(2 * maxretry);
  });
});
