/**
 * One test per row of issue 13's table of wrong vendor keys: each asserts the correct key and value
 * and fails on the value pbxc used to write. Sources of the correct keys: docs/phones.md ("Keys
 * checked").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import type { Codec, DeviceModel, Model, TenantModel } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseCiscoCnf, parseXml, polycomAttributes } from './parse.js';

let base: Model;
beforeAll(async () => {
  base = await exampleModel();
});

interface Tweak {
  readonly device?: Partial<DeviceModel>;
  readonly tenant?: Partial<TenantModel>;
  readonly codecs?: readonly Codec[];
  readonly updateIntervalMinutes?: number;
}

/** The files of the example spec with one device (by MAC) and its tenant changed. */
function files(mac: string, tweak: Tweak = {}): Map<string, string> {
  const model: Model = {
    ...base,
    platform: {
      ...base.platform,
      sip: { ...base.platform.sip, codecs: tweak.codecs ?? base.platform.sip.codecs },
      provisioning: {
        ...base.platform.provisioning,
        updateIntervalMinutes:
          tweak.updateIntervalMinutes ?? base.platform.provisioning.updateIntervalMinutes,
      },
    },
    // Only the device's tenant: the files asked for are its own, and emitting less keeps this fast.
    tenants: base.tenants
      .filter((t) => t.devices.some((d) => d.mac === mac))
      .map((t) => ({
        ...t,
        ...tweak.tenant,
        devices: t.devices.map((d) => (d.mac === mac ? { ...d, ...tweak.device } : d)),
      })),
  };
  const out = phonesTarget.emit({ model, mode: 'audit', secret: placeholder });
  expect(out.diagnostics).toEqual([]);
  return new Map(out.files.map((f) => [f.path, f.content]));
}

const FANVIL_X6U = '0c383e445566';
const FANVIL_X4U = '00a859000003';
const SNOM = '0004132abb01';
const POLYCOM = '64167f010203';
const GRANDSTREAM = '000b82112233';
const CISCO_8X = '001e7aaabbcc';
const CISCO_7X = '000d28000004';

type Sys = { sysConf: Record<string, Record<string, unknown>> };
const fanvilLine = (doc: Sys) => (doc.sysConf.sip as { line: Record<string, string> }).line;

describe('issue 13: the vendor keys pbxc had wrong', () => {
  it('1 Fanvil: TLS is <Transport>3</Transport>, not 2', () => {
    const doc = parseXml(
      files(FANVIL_X6U, { device: { transport: 'tls' } }).get(`phones/abc-company/${FANVIL_X6U}.cfg`)!,
    ) as Sys;
    expect(String(fanvilLine(doc).Transport)).toBe('3');
  });

  it('2 Fanvil: provisioning credentials are <ap><DefaultUsername>/<DefaultPassword>', () => {
    const text = files(FANVIL_X6U).get(`phones/abc-company/${FANVIL_X6U}.cfg`)!;
    const ap = (parseXml(text) as Sys).sysConf.ap as Record<string, string>;
    expect(ap.DefaultUsername).toBe('abc-company');
    expect(ap.DefaultPassword).toBe('PBXC_SECRET(abc-company/provisioning/http-password@r0)');
    expect(ap).not.toHaveProperty('FlashUsername');
    expect(ap).not.toHaveProperty('FlashPassword');
  });

  it('3 Snom: <settings_refresh_timer> in seconds, no <provisioning_interval>', () => {
    const text = files(SNOM).get('phones/abc-company/0004132ABB01.xml')!;
    const settings = (
      parseXml(text) as { settings: { 'phone-settings': Record<string, { '#text': string }> } }
    ).settings['phone-settings'];
    expect(settings.settings_refresh_timer?.['#text']).toBe('3600');
    expect(settings).not.toHaveProperty('provisioning_interval');
  });

  it('4 Polycom: prov.polling.period is at least 3600 seconds, even for a 10-minute spec', () => {
    const common = polycomAttributes(
      files(POLYCOM, { updateIntervalMinutes: 10 }).get('phones/abc-company/pbxc-common.cfg')!,
    );
    expect(common['prov.polling.period']).toBe('3600');
    const daily = polycomAttributes(
      files(POLYCOM, { updateIntervalMinutes: 1440 }).get('phones/abc-company/pbxc-common.cfg')!,
    );
    expect(daily['prov.polling.period']).toBe('86400');
  });

  it('5 Grandstream: P193 within 60-86400 minutes', () => {
    const p = (minutes: number) =>
      (
        parseXml(
          files(GRANDSTREAM, { updateIntervalMinutes: minutes }).get(
            `phones/abc-company/cfg${GRANDSTREAM}.xml`,
          )!,
        ) as {
          gs_provision: { config: Record<string, string> };
        }
      ).gs_provision.config.P193;
    expect(p(10)).toBe('60');
    expect(p(120)).toBe('120');
    expect(p(99999)).toBe('86400');
  });

  it('6 Grandstream: DTMF is P2301-P2303 (account 1) and P2401-P2403 (account 2), never the ATA P850-P852', () => {
    const text = files(GRANDSTREAM, { device: { lines: ['104', '101'] } }).get(
      `phones/abc-company/cfg${GRANDSTREAM}.xml`,
    )!;
    const config = (parseXml(text) as { gs_provision: { config: Record<string, string> } }).gs_provision
      .config;
    expect([config.P2301, config.P2302, config.P2303]).toEqual(['0', '1', '0']);
    expect([config.P2401, config.P2402, config.P2403]).toEqual(['0', '1', '0']);
    for (const ata of ['P850', 'P851', 'P852']) expect(config).not.toHaveProperty(ata);
  });

  it('7 Fanvil: MWI subscription is <Subscribe>1</Subscribe>, not <SubscribeMWI>', () => {
    const line = fanvilLine(parseXml(files(FANVIL_X6U).get(`phones/abc-company/${FANVIL_X6U}.cfg`)!) as Sys);
    expect(String(line.Subscribe)).toBe('1');
    expect(line).not.toHaveProperty('SubscribeMWI');
  });

  it('8 Cisco 8.x: the registration interval is <sipStack><timerRegisterExpires>', () => {
    const doc = parseXml(files(CISCO_8X).get('phones/abc-company/SEP001E7AAABBCC.cnf.xml')!) as {
      device: { sipProfile: Record<string, unknown> & { sipStack: Record<string, string> } };
    };
    expect(doc.device.sipProfile.sipStack.timerRegisterExpires).toBe('120');
    expect(doc.device.sipProfile).not.toHaveProperty('registrationTimer');
  });

  it("9 Cisco 7.x: dst_offset and dst_start_*/dst_stop_* from the tenant's zone", () => {
    const london = parseCiscoCnf(files(CISCO_7X).get('phones/bluebird-dental/SIP000D28000004.cnf')!);
    expect(
      Object.fromEntries([...london].filter(([k]) => k.startsWith('dst_') || k === 'time_zone')),
    ).toEqual({
      time_zone: 'GMT',
      dst_auto_adjust: '1',
      dst_offset: '1',
      dst_start_month: 'Mar',
      dst_start_day: '0',
      dst_start_day_of_week: 'Sun',
      dst_start_week_of_month: '8',
      dst_start_time: '01:00',
      dst_stop_month: 'Oct',
      dst_stop_day: '0',
      dst_stop_day_of_week: 'Sun',
      dst_stop_week_of_month: '8',
      dst_stop_time: '02:00',
      dst_stop_autoadjust: '1',
    });
    const ny = parseCiscoCnf(
      files(CISCO_7X, { tenant: { timezone: 'America/New_York' } }).get(
        'phones/bluebird-dental/SIP000D28000004.cnf',
      )!,
    );
    expect([ny.get('dst_start_month'), ny.get('dst_start_week_of_month'), ny.get('dst_start_time')]).toEqual([
      'Mar',
      '2',
      '02:00',
    ]);
    expect([ny.get('dst_stop_month'), ny.get('dst_stop_week_of_month')]).toEqual(['Nov', '1']);
    const tokyo = parseCiscoCnf(
      files(CISCO_7X, { tenant: { timezone: 'Asia/Tokyo' } }).get(
        'phones/bluebird-dental/SIP000D28000004.cnf',
      )!,
    );
    expect(tokyo.get('dst_auto_adjust')).toBe('0');
    expect(tokyo.has('dst_start_month')).toBe(false);
  });

  it('10 Cisco 7940/7960: G.722 first in the spec still gives g711ulaw, not g722', () => {
    const out = files(CISCO_8X, { codecs: ['G722', 'PCMU', 'PCMA'] });
    const doc = parseXml(out.get('phones/abc-company/SEP001E7AAABBCC.cnf.xml')!) as {
      device: { sipProfile: { preferredCodec: string } };
    };
    expect(doc.device.sipProfile.preferredCodec).toBe('g711ulaw');
    const sipDefault = parseCiscoCnf(
      files(CISCO_7X, { codecs: ['G722', 'PCMU'] }).get('phones/bluebird-dental/SIPDefault.cnf')!,
    );
    expect(sipDefault.get('preferred_codec')).toBe('g711ulaw');
  });

  it('11 Fanvil: codec order in <mm><capability><AudioCodecSets>, per line <VoiceCodecMap>', () => {
    const doc = parseXml(files(FANVIL_X6U).get(`phones/abc-company/${FANVIL_X6U}.cfg`)!) as Sys;
    const mm = doc.sysConf.mm as { capability: { AudioCodecSets: string } };
    expect(mm.capability.AudioCodecSets).toBe('OPUS,G722,PCMA,PCMU');
    expect(fanvilLine(doc).VoiceCodecMap).toBe('OPUS,G722,PCMA,PCMU');
    expect(fanvilLine(doc)).not.toHaveProperty('AudioCodecSets');
  });

  it('12 Fanvil X4U/X5U/X6U/X7: DefaultLanguage is a language code', () => {
    const lang = (mac: string, tenant: string, language: string) => {
      const doc = parseXml(files(mac, { tenant: { language } }).get(`phones/${tenant}/${mac}.cfg`)!) as Sys;
      return String((doc.sysConf.phone as { display: { DefaultLanguage: string } }).display.DefaultLanguage);
    };
    expect(lang(FANVIL_X4U, 'bluebird-dental', 'en')).toBe('en');
    expect(lang(FANVIL_X4U, 'bluebird-dental', 'de')).toBe('de');
    expect(lang(FANVIL_X6U, 'abc-company', 'fr')).toBe('fr');
    expect(lang(FANVIL_X6U, 'abc-company', 'xx')).toBe('en');
  });

  it('13 Polycom: the Opus preference is voice.codecPref.Opus', () => {
    const common = polycomAttributes(files(POLYCOM).get('phones/abc-company/pbxc-common.cfg')!);
    expect(common['voice.codecPref.Opus']).toBe('1');
    expect(common).not.toHaveProperty('voice.codecPref.OPUS');
  });
});
