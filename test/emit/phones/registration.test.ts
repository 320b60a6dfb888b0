/**
 * sip.registration (expires, NAT keep-alive) and the other per-vendor settings issue 13 asked for:
 * Snom time zone code and perm, Polycom device.set and directed pickup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseCiscoCnf, parseKeyValue, parseXml, polycomAttributes } from './parse.js';

let base: Model;
beforeAll(async () => {
  base = await exampleModel();
});

function emit(change: (m: Model) => Model = (m) => m): Map<string, string> {
  const out = phonesTarget.emit({ model: change(base), mode: 'audit', secret: placeholder });
  return new Map(out.files.map((f) => [f.path, f.content]));
}

const withRegistration =
  (expires: number, keepalive: number) =>
  (m: Model): Model => ({
    ...m,
    platform: { ...m.platform, sip: { ...m.platform.sip, registration: { expires, keepalive } } },
  });

type Snom = { settings: { 'phone-settings': Record<string, { '#text'?: string; '@perm'?: string }> } };
const snomSettings = (text: string) => (parseXml(text) as Snom).settings['phone-settings'];
type Gs = { gs_provision: { config: Record<string, string> } };
type Fanvil = { sysConf: { sip: { line: Record<string, string> } } };

describe('sip.registration per vendor', () => {
  it('defaults (120 s, keep-alive 25 s) reach every vendor in its own key and unit', () => {
    const f = emit();
    const yealink = parseKeyValue(f.get('phones/xynap/0015654a1000.cfg')!);
    expect(yealink.get('account.1.sip_server.1.expires')).toBe('120');
    expect(yealink.get('account.1.nat.udp_update_enable')).toBe('1');
    expect(yealink.get('account.1.nat.udp_update_time')).toBe('25');
    const polycom = polycomAttributes(f.get('phones/abc-company/64167f010203-pbxc.cfg')!);
    expect(polycom['reg.1.server.1.expires']).toBe('120');
    expect(polycomAttributes(f.get('phones/abc-company/pbxc-common.cfg')!)['nat.keepalive.interval']).toBe(
      '25',
    );
    const snom = snomSettings(f.get('phones/abc-company/0004132ABB01.xml')!);
    expect(snom.user_expiry?.['#text']).toBe('120');
    expect(snom.keepalive_interval?.['#text']).toBe('25');
    const gs = (parseXml(f.get('phones/abc-company/cfg000b82112233.xml')!) as Gs).gs_provision.config;
    expect([gs.P32, gs.P52, gs.P84]).toEqual(['2', '2', '25']);
    const fanvil = (parseXml(f.get('phones/abc-company/0c383e445566.cfg')!) as Fanvil).sysConf.sip.line;
    expect([String(fanvil.RegisterTTL), String(fanvil.NATUDPUpdate), String(fanvil.UDPUpdateTTL)]).toEqual([
      '120',
      '2',
      '25',
    ]);
    const cisco8 = parseXml(f.get('phones/abc-company/SEP001E7AAABBCC.cnf.xml')!) as {
      device: { sipProfile: { sipStack: { timerRegisterExpires: string } } };
    };
    expect(cisco8.device.sipProfile.sipStack.timerRegisterExpires).toBe('120');
    expect(parseCiscoCnf(f.get('phones/bluebird-dental/SIPDefault.cnf')!).get('timer_register_expires')).toBe(
      '120',
    );
  });

  it('keep-alive 0 switches keep-alives off; values outside a range are clamped', () => {
    const f = emit(withRegistration(3600, 0));
    const yealink = parseKeyValue(f.get('phones/xynap/0015654a1000.cfg')!);
    expect(yealink.get('account.1.nat.udp_update_enable')).toBe('0');
    expect(yealink.has('account.1.nat.udp_update_time')).toBe(false);
    const gs = (parseXml(f.get('phones/abc-company/cfg000b82112233.xml')!) as Gs).gs_provision.config;
    expect([gs.P32, gs.P52, gs.P84]).toEqual(['60', '0', undefined]);
    expect(
      String(
        (parseXml(f.get('phones/abc-company/0c383e445566.cfg')!) as Fanvil).sysConf.sip.line.NATUDPUpdate,
      ),
    ).toBe('0');
    const hot = emit(withRegistration(60, 300));
    const g = (parseXml(hot.get('phones/abc-company/cfg000b82112233.xml')!) as Gs).gs_provision.config;
    expect([g.P32, g.P84]).toEqual(['1', '160']);
  });
});

describe('Snom', () => {
  it("writes the tenant's timezone code, and utc_offset/dst only for zones without one", () => {
    const f = emit();
    const ny = snomSettings(f.get('phones/abc-company/0004132ABB01.xml')!);
    expect(ny.timezone?.['#text']).toBe('USA-5');
    expect(ny).not.toHaveProperty('utc_offset');
    const tokyo = emit((m) => ({
      ...m,
      tenants: m.tenants.map((t) => (t.id === 'abc-company' ? { ...t, timezone: 'Asia/Tokyo' } : t)),
    }));
    const s = snomSettings(tokyo.get('phones/abc-company/0004132ABB01.xml')!);
    expect(s).not.toHaveProperty('timezone');
    expect(s.utc_offset?.['#text']).toBe('32400');
  });

  it('perm: read-only by default; provisioning.user_settings opens exactly the listed groups', () => {
    const perms = (userSettings: Model['platform']['provisioning']['userSettings']) => {
      const f = emit((m) => ({
        ...m,
        platform: { ...m.platform, provisioning: { ...m.platform.provisioning, userSettings } },
      }));
      const text = f.get('phones/abc-company/0004132ABB01.xml')!;
      const s = snomSettings(text);
      const fkey = /<fkey [^>]*perm="([A-Z]+)"/.exec(text)?.[1];
      return {
        language: s.language?.['@perm'],
        time: s.timezone?.['@perm'],
        keys: fkey,
        password: s.user_pass?.['@perm'],
        server: s.setting_server?.['@perm'],
      };
    };
    expect(perms([])).toEqual({ language: 'R', time: 'R', keys: 'R', password: 'R', server: 'R' });
    expect(perms(['function_keys', 'language'])).toEqual({
      language: 'RW',
      time: 'R',
      keys: 'RW',
      password: 'R',
      server: 'R',
    });
  });

  it('first boot: snom<model>.htm points at the per-phone file, snom<model>-<MAC>.htm is that file', () => {
    const f = emit();
    const first = snomSettings(f.get('phones/abc-company/snomD785.htm')!);
    expect(first.setting_server?.['#text']).toBe('https://provision.voice.example.net/abc-company/{mac}.xml');
    expect(f.get('phones/abc-company/snomD785-0004132ABB01.htm')).toBe(
      f.get('phones/abc-company/0004132ABB01.xml'),
    );
  });
});

describe('Polycom', () => {
  it('writes no device.* setting but the admin password (with device.set and its .set flag), and sets directed pickup to the FreeSWITCH code', () => {
    const f = emit();
    const common = polycomAttributes(f.get('phones/abc-company/pbxc-common.cfg')!);
    expect(Object.keys(common).filter((k) => k.startsWith('device.'))).toEqual([]);
    const device = polycomAttributes(f.get('phones/abc-company/64167f010203-pbxc.cfg')!);
    expect(Object.keys(device).filter((k) => k.startsWith('device.'))).toEqual([
      'device.set',
      'device.auth.localAdminPassword.set',
      'device.auth.localAdminPassword',
    ]);
    const pickup = base.tenants.find((t) => t.id === 'abc-company')!.featureCodes.pickup_direct;
    expect(common['call.directedCallPickupString']).toBe(pickup);
    expect(common['call.directedCallPickupMethod']).toBe('legacy');
    expect(common['feature.directedCallPickup.enabled']).toBe('1');
  });
});

describe('Grandstream self-defined time zone (P64 customize, P246)', () => {
  it('spells out the DST offset like FusionPBX templates, with the change hour', async () => {
    const { selfDefinedZone } = await import('../../../src/emit/phones/vendors/grandstream.js');
    const { zoneInfo } = await import('../../../src/emit/phones/time-zone.js');
    expect(selfDefinedZone(zoneInfo('America/New_York'))).toBe('MTZ+5MDT+4,M3.2.0/2,M11.1.0/2');
    expect(selfDefinedZone(zoneInfo('Europe/Berlin'))).toBe('MTZ-1MDT-2,M3.5.0/2,M10.5.0/3');
    expect(selfDefinedZone(zoneInfo('Asia/Kolkata'))).toBe('MTZ-5:30');
    const gs = (parseXml(emit().get('phones/abc-company/cfg000b82112233.xml')!) as Gs).gs_provision.config;
    expect([gs.P64, gs.P246]).toEqual(['customize', 'MTZ+5MDT+4,M3.2.0/2,M11.1.0/2']);
  });
});
