/**
 * Issue 18 §2 "Phones": each item as the spec a user writes, through the real loader and emitters.
 * Every assertion here failed on the code before the fix.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { srtpExtensions, tenantDirectory } from '../../../src/emit/freeswitch/directory.js';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import { VENDOR_FILE_REGEX } from '../../../src/emit/provisioning/file-names.js';
import { tftpTarget } from '../../../src/emit/tftp/index.js';
import { loadModel } from '../../../src/load-model.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { specCopy } from '../../helpers/cli.js';
import { parseCiscoCnf, parseKeyValue, parseXml, polycomAttributes } from './parse.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(dirname(d), { recursive: true, force: true });
});

/** The example spec with edits, loaded and emitted by the phones target (audit mode). */
async function build(
  edits: Record<string, (text: string) => string>,
): Promise<{ model: Model; files: Map<string, string> }> {
  const dir = specCopy(edits);
  dirs.push(dir);
  const r = await loadModel(dir);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const out = phonesTarget.emit({ model: r.model, mode: 'audit', secret: placeholder });
  expect(out.diagnostics).toEqual([]);
  return { model: r.model, files: new Map(out.files.map((f) => [f.path, f.content])) };
}

const A = 'tenants/abc-company.yaml';
const GS_LINE =
  '{ mac: "00:0B:82:11:22:33", vendor: grandstream, model: GXP2170, name: Warehouse, lines: ["104"] }';
/** Replace the example's Grandstream phone. */
const grandstream = (device: string) => ({ [A]: (t: string) => t.replace(GS_LINE, device) });
type Gs = { gs_provision: { config: Record<string, string> } };
const gsConfig = (files: Map<string, string>) =>
  (parseXml(files.get('phones/abc-company/cfg000b82112233.xml')!) as Gs).gs_provision.config;
const blfs = (n: number) =>
  `[${Array.from({ length: n }, (_, i) => `{ type: blf, extension: "10${(i % 4) + 1}", label: "K${i + 1}" }`).join(', ')}]`;

describe('Yealink boot files (fetched before any .cfg)', () => {
  it('<mac>.boot includes the common and the per-phone file; y000000000000.boot the common file only', async () => {
    const { files } = await build({});
    const boot = files.get('phones/abc-company/805ec0123456.boot')!;
    expect(boot.split('\n')[0]).toBe('#!version:1.0.0.1');
    const parsed = parseKeyValue(boot);
    expect([...parsed.entries()]).toEqual([
      ['include:config 0', 'y000000000096.cfg'],
      ['include:config 1', '805ec0123456.cfg'],
      ['overwrite_mode', '1'],
    ]);
    const common = parseKeyValue(files.get('phones/abc-company/y000000000000.boot')!);
    expect([...common.values()]).toEqual(['y000000000096.cfg', '1']);
    // Every file a boot file names exists, and the site serves both boot names.
    for (const f of [...parsed.values(), ...common.values()].filter((v) => v.endsWith('.cfg')))
      expect(files.has(`phones/abc-company/${f}`), f).toBe(true);
    const served = new RegExp(`^${VENDOR_FILE_REGEX}$`);
    expect(served.test('805ec0123456.boot')).toBe(true);
    expect(served.test('y000000000000.boot')).toBe(true);
  });
});

describe('Grandstream keys', () => {
  it('GXP2170 (no MPK block): line on VPK 1, keys from VPK 2 on P1365.. (fixed, 11 = BLF), dynamic VPK 13 on P23824', async () => {
    const { files } = await build(
      grandstream(GS_LINE.replace('lines: ["104"] }', `lines: ["104"], keys: ${blfs(12)} }`)),
    );
    const c = gsConfig(files);
    expect([c.P1363, c.P1364]).toEqual(['0', '0']);
    expect([c.P1365, c.P1366, c.P1467, c.P1468]).toEqual(['11', '0', 'K1', '101']);
    // VPK 7 is the first of the P23800 family (still a fixed VPK on the GXP2170: modes 10/11).
    expect([c.P23800, c.P23802, c.P23803]).toEqual(['11', 'K6', '102']);
    // VPK 13 is dynamic: BLF is 1.
    expect([c.P23824, c.P23825, c.P23826, c.P23827]).toEqual(['1', '0', 'K12', '104']);
    expect(c).not.toHaveProperty('P323');
    expect(c).not.toHaveProperty('P301');
  });

  it('GXP2135 and GRP2612 write their keys to VPKs too (GRP: line 31, BLF 1)', async () => {
    const gxp = gsConfig(
      (
        await build(
          grandstream(
            `{ mac: "00:0B:82:11:22:33", vendor: grandstream, model: GXP2135, name: W, lines: ["104"], keys: ${blfs(1)} }`,
          ),
        )
      ).files,
    );
    expect([gxp.P1365, gxp.P1468]).toEqual(['11', '101']);
    const grp = gsConfig(
      (
        await build(
          grandstream(
            `{ mac: "00:0B:82:11:22:33", vendor: grandstream, model: GRP2612, name: W, lines: ["104"], keys: [{ type: speed_dial, number: "*97" }, { type: blf, extension: "101" }] }`,
          ),
        )
      ).files,
    );
    expect([grp.P1363, grp.P1365, grp.P1468, grp.P1367, grp.P1470]).toEqual(['31', '0', '*97', '1', '101']);
    expect(grp).not.toHaveProperty('P323');
  });

  it('GRP2614 writes all 24 physical MPKs (was capped at 7): MPK 8 at P353, MPK 19 at P1440', async () => {
    const { files } = await build(
      grandstream(
        `{ mac: "00:0B:82:11:22:33", vendor: grandstream, model: GRP2614, name: W, lines: ["104"], keys: ${blfs(24)} }`,
      ),
    );
    const c = gsConfig(files);
    expect([c.P323, c.P301, c.P302, c.P303]).toEqual(['1', '0', 'K1', '101']);
    expect([c.P329, c.P321]).toEqual(['1', '103']);
    expect([c.P353, c.P354, c.P355, c.P356]).toEqual(['1', '0', 'K8', '104']);
    expect([c.P1440, c.P1442, c.P1443]).toEqual(['1', 'K19', '103']);
    expect([c.P1460, c.P1462]).toEqual(['1', 'K24']);
  });

  it('accounts 2-4 subscribe for MWI, and every account dials the tenant pickup code on a BLF pickup', async () => {
    const { files } = await build({
      [A]: (t) =>
        t
          .replace(
            GS_LINE,
            '{ mac: "00:0B:82:11:22:33", vendor: grandstream, model: GXP2160, name: W, lines: ["104", "101", "102", "103"] }',
          )
          .replace('park: "*6000"', 'park: "*6000"\n  pickup_direct: "*33"'),
    });
    const c = gsConfig(files);
    expect([c.P99, c.P415, c.P515, c.P615]).toEqual(['1', '1', '1', '1']);
    expect([c.P1347, c.P481, c.P581, c.P681]).toEqual(['*33', '*33', '*33', '*33']);
    expect([c.P6752, c.P6753, c.P6754, c.P6755]).toEqual(['1', '1', '1', '1']);
  });
});

describe('Polycom admin password', () => {
  it('admin_password auto sets device.auth.localAdminPassword with its .set flag and device.set', async () => {
    const { files } = await build({});
    const device = polycomAttributes(files.get('phones/abc-company/64167f010203-pbxc.cfg')!);
    expect(device['device.set']).toBe('1');
    expect(device['device.auth.localAdminPassword.set']).toBe('1');
    expect(device['device.auth.localAdminPassword']).toBe(
      'PBXC_SECRET(abc-company/device/64167f010203/admin-password@r0)',
    );
    const none = await build({
      'platform.yaml': (t) => t.replace('admin_password: auto', 'admin_password: none'),
    });
    const plain = polycomAttributes(none.files.get('phones/abc-company/64167f010203-pbxc.cfg')!);
    expect(Object.keys(plain).filter((k) => k.startsWith('device.'))).toEqual([]);
  });
});

describe('SRTP with tls', () => {
  const tls = (srtp?: string) => ({
    'platform.yaml': (t: string) =>
      t.replace(
        'admin_password: auto',
        `admin_password: auto\n  sip_transport: tls${srtp ? `\n  srtp: ${srtp}` : ''}`,
      ),
  });

  /** The SRTP setting of each vendor's file for the example's abc-company phones. */
  function srtpOf(files: Map<string, string>) {
    const p = (n: string) => files.get(`phones/abc-company/${n}`)!;
    const snom = parseXml(p('0004132ABB01.xml')) as {
      settings: { 'phone-settings': Record<string, { '#text': string }> };
    };
    const fanvil = parseXml(p('0c383e445566.cfg')) as { sysConf: { sip: { line: Record<string, string> } } };
    const polycom = polycomAttributes(p('64167f010203-pbxc.cfg'));
    return {
      yealink: parseKeyValue(p('805ec0123456.cfg')).get('account.1.srtp_encryption'),
      polycom: [polycom['sec.srtp.offer'], polycom['sec.srtp.require']].join('/'),
      snom: [
        snom.settings['phone-settings'].user_srtp?.['#text'],
        snom.settings['phone-settings'].user_savp?.['#text'],
      ].join('/'),
      grandstream: gsConfig(files).P183,
      fanvil: String(fanvil.sysConf.sip.line.MediaCrypto),
    };
  }

  it('tls requires SRTP on every vendor by default; optional offers it; off and udp leave it off', async () => {
    expect(srtpOf((await build(tls())).files)).toEqual({
      yealink: '2',
      polycom: '1/1',
      snom: 'on/mandatory',
      grandstream: '2',
      fanvil: '2',
    });
    expect(srtpOf((await build(tls('optional'))).files)).toEqual({
      yealink: '1',
      polycom: '1/0',
      snom: 'on/optional',
      grandstream: '1',
      fanvil: '1',
    });
    const off = { yealink: '0', polycom: '0/0', snom: 'off/off', grandstream: '0', fanvil: '0' };
    expect(srtpOf((await build(tls('off'))).files)).toEqual(off);
    expect(srtpOf((await build({})).files)).toEqual(off);
  });

  it('FreeSWITCH offers SRTP to the extensions on those phones, and only to them', async () => {
    const directory = (m: Model) => {
      const t = m.tenants.find((x) => x.id === 'abc-company')!;
      return {
        t,
        text: (() => {
          const d = tenantDirectory({ model: m, mode: 'audit', secret: placeholder }, t);
          return JSON.stringify({ domain: d.domain, users: [...d.users] });
        })(),
      };
    };
    const on = directory((await build(tls())).model);
    // 103 is on the Yealink (tls, SRTP required); the Cisco that also has 103 stays on udp.
    expect([...srtpExtensions(on.t)].sort()).toEqual(['101', '102', '103', '104']);
    expect(on.text).toContain('rtp_secure_media_outbound=optional');
    const off = directory((await build(tls('off'))).model);
    expect([...srtpExtensions(off.t)]).toEqual([]);
    expect(off.text).not.toContain('rtp_secure_media_outbound');
  });
});

describe('time zones', () => {
  it('Snom writes PRT-0 for Lisbon', async () => {
    const { files } = await build({
      [A]: (t) => t.replace('timezone: America/New_York', 'timezone: Europe/Lisbon'),
    });
    expect(files.get('phones/abc-company/0004132ABB01.xml')).toContain('>PRT-0</timezone>');
  });

  it('Cisco derives zones beyond its old 11 entries instead of GMT (India, Tokyo, Sao Paulo)', async () => {
    for (const [zone, name] of [
      ['Asia/Tokyo', 'Tokyo Standard Time'],
      ['America/Sao_Paulo', 'SA Eastern Standard Time'],
      ['Australia/Sydney', 'AUS Eastern Standard/Daylight Time'],
      ['Asia/Calcutta', 'India Standard Time'],
    ] as const) {
      const { files } = await build({
        [A]: (t) => t.replace('timezone: America/New_York', `timezone: ${zone}`),
      });
      const doc = parseXml(files.get('phones/abc-company/SEP001E7AAABBCC.cnf.xml')!) as {
        device: { devicePool: { dateTimeSetting: { timeZone: string } } };
      };
      expect(doc.device.devicePool.dateTimeSetting.timeZone, zone).toBe(name);
    }
  });

  it('the TFTP tree carries the derived zone too (Cisco 7.x keeps its abbreviation where it has one)', async () => {
    const { model } = await build({});
    const tree = new Map(
      tftpTarget.emit({ model, mode: 'audit', secret: placeholder }).files.map((f) => [f.path, f.content]),
    );
    expect(parseCiscoCnf(tree.get('tftp/root/SIP000D28000004.cnf')!).get('time_zone')).toBe('GMT');
  });
});

describe('comments explain the opaque keys of every vendor file', () => {
  it('each key block carries a comment in the format the vendor allows', async () => {
    const { files } = await build(
      grandstream(GS_LINE.replace('lines: ["104"] }', `lines: ["104"], keys: ${blfs(2)} }`)),
    );
    const f = (n: string) => files.get(`phones/abc-company/${n}`)!;
    expect(f('805ec0123456.cfg')).toMatch(/^# Line keys: type 15 = line .*16 = BLF/m);
    expect(f('cfg000b82112233.xml')).toMatch(/<!-- VPK 2: BLF \(mode 10 speed dial, 11 BLF\)/);
    expect(f('cfg000b82112233.xml')).toMatch(/<!-- account 1 \(104\): active -->/);
    expect(f('64167f010203-pbxc.cfg')).toMatch(/<!-- Registration 1 \(102\)/);
    expect(f('pbxc-common.cfg')).toMatch(/<!-- Codec order/);
    expect(f('0004132ABB01.xml')).toMatch(/<!-- Function keys/);
    expect(f('0c383e445566.cfg')).toMatch(/<!-- DSS keys/);
    expect(f('SEP001E7AAABBCC.cnf.xml')).toMatch(/<!-- Buttons: featureID 9 = line/);
    // Comments never break the formats.
    for (const [path, text] of files) {
      if (path.endsWith('.xml') || text.startsWith('<?xml')) parseXml(text);
      else if (text.startsWith('#!version')) parseKeyValue(text);
    }
  });
});
