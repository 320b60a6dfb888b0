import { beforeAll, describe, expect, it } from 'vitest';
import { phonesTarget } from '../../../src/emit/phones/index.js';
import type { EmittedFile } from '../../../src/emit/target.js';
import type { Model } from '../../../src/model/types.js';
import { PLACEHOLDER_PATTERN, placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseKeyValue, parseXml, polycomAttributes } from './parse.js';

let model: Model;
let files: Map<string, EmittedFile>;

beforeAll(async () => {
  model = await exampleModel();
  const result = phonesTarget.emit({ model, mode: 'audit', secret: placeholder });
  expect(result.diagnostics).toEqual([]);
  files = new Map(result.files.map((f) => [f.path, f]));
});

const content = (path: string) => {
  const f = files.get(path);
  if (!f) throw new Error(`missing ${path}; have ${[...files.keys()].join(', ')}`);
  return f.content;
};

describe('phones target on the example spec', () => {
  it('writes every device under the name its firmware requests, plus the common files', () => {
    const expected = (vendor: string, mac: string, model: string, firmware?: string): string[] => {
      const up = mac.toUpperCase();
      switch (vendor) {
        case 'yealink':
          return [`${mac}.cfg`, `y${{ T54W: '96', T46U: '108' }[model]?.padStart(12, '0')}.cfg`];
        case 'polycom':
          return [`${mac}.cfg`, `${mac}-pbxc.cfg`, 'pbxc-common.cfg'];
        case 'snom':
          return [`${up}.xml`, `snom${model}.htm`, `snom${model}-${up}.htm`];
        case 'grandstream':
          return [`cfg${mac}.xml`];
        case 'fanvil':
          return [`${mac}.cfg`];
        default:
          return firmware === '7.x' ? [`SIP${up}.cnf`, 'SIPDefault.cnf'] : [`SEP${up}.cnf.xml`];
      }
    };
    let devices = 0;
    for (const tenant of model.tenants) {
      for (const d of tenant.devices) {
        devices++;
        for (const name of expected(d.vendor, d.mac, d.model, d.firmware)) {
          expect(files.has(`phones/${tenant.id}/${name}`), `${d.vendor} ${name}`).toBe(true);
        }
      }
    }
    expect(devices).toBeGreaterThanOrEqual(7);
    expect(files.has('phones/abc-company/SEP001E7AAABBCC.cnf.xml')).toBe(true);
    expect(files.has('phones/xynap/y000000000096.cfg')).toBe(true);
  });

  it('Yealink: account on the tenant domain over the default transport (UDP), BLF, park and speed-dial keys', () => {
    const cfg = parseKeyValue(content('phones/xynap/0015654a1000.cfg'));
    expect(cfg.get('account.1.sip_server.1.address')).toBe('sip.xynap.tech');
    expect(cfg.get('account.1.sip_server.1.port')).toBe('5060');
    expect(cfg.get('account.1.sip_server.1.transport_type')).toBe('0');
    expect(cfg.get('account.1.auth_name')).toBe('1000');
    expect(cfg.get('account.1.password')).toBe('PBXC_SECRET(xynap/extension/1000/sip-password@r0)');
    expect(cfg.get('voice_mail.number.1')).toBe('*97');
    expect(cfg.get('linekey.1.type')).toBe('15');
    expect([cfg.get('linekey.2.type'), cfg.get('linekey.2.value'), cfg.get('linekey.2.label')]).toEqual([
      '16',
      '1001',
      'Andre',
    ]);
    expect([cfg.get('linekey.3.type'), cfg.get('linekey.3.value')]).toEqual(['16', 'park+5901']);
    expect([cfg.get('linekey.4.type'), cfg.get('linekey.4.value'), cfg.get('linekey.4.label')]).toEqual([
      '13',
      '+4934556643378',
      'Hotline',
    ]);
    const common = parseKeyValue(content('phones/xynap/y000000000096.cfg'));
    expect(common.get('static.auto_provision.server.url')).toBe('https://provision.voice.example.net/xynap/');
    expect(common.get('static.auto_provision.repeat.minutes')).toBe('60');
    expect(common.get('local_time.time_zone')).toBe('+1');
    expect(common.get('local_time.start_time')).toBe('3/5/7/2');
    expect(common.get('lang.gui')).toBe('German');
  });

  it("honours a device's own transport with the platform's port for it", () => {
    const snom = content('phones/bluebird-dental/000413000005.xml');
    expect(snom).toContain('pbx.bluebird-dental.example:5061;transport=tls');
    const fanvil = parseXml(content('phones/bluebird-dental/00a859000003.cfg')) as {
      sysConf: { sip: { line: Record<string, string | number> } };
    };
    expect(String(fanvil.sysConf.sip.line.RegisterPort)).toBe('5060');
    expect(String(fanvil.sysConf.sip.line.Transport)).toBe('1');
  });

  it('BLF labels default to the monitored extension name', () => {
    const cfg = parseKeyValue(content('phones/abc-company/805ec0123456.cfg'));
    expect(cfg.get('linekey.2.label')).toBe('John Doe');
    expect(cfg.get('linekey.3.label')).toBe('Jane Smith');
  });

  it('Polycom: master file points at the per-phone and common files', () => {
    const master = parseXml(content('phones/abc-company/64167f010203.cfg')) as {
      APPLICATION: Record<string, string>;
    };
    expect(master.APPLICATION['@CONFIG_FILES']).toBe('64167f010203-pbxc.cfg, pbxc-common.cfg');
    const reg = polycomAttributes(content('phones/abc-company/64167f010203-pbxc.cfg'));
    expect(reg['reg.1.address']).toBe('102');
    expect(reg['reg.1.server.1.address']).toBe('abc.voice.example.net');
    expect(reg['reg.1.server.1.transport']).toBe('UDPOnly');
    expect(reg['msg.mwi.1.callBack']).toBe('*97');
    const common = polycomAttributes(content('phones/abc-company/pbxc-common.cfg'));
    expect(common['tcpIpApp.sntp.gmtOffset']).toBe('-18000');
    expect(common['voice.codecPref.Opus']).toBe('1');
    expect(common['prov.polling.period']).toBe('3600');
  });

  it('Snom, Grandstream, Fanvil and Cisco files parse with their accounts', () => {
    const snom = parseXml(content('phones/abc-company/0004132ABB01.xml')) as {
      settings: { 'phone-settings': Record<string, { '#text'?: string; '@idx'?: string }> };
    };
    expect(snom.settings['phone-settings'].user_host?.['#text']).toBe('abc.voice.example.net');
    const gs = parseXml(content('phones/abc-company/cfg000b82112233.xml')) as {
      gs_provision: { config: Record<string, string> };
    };
    expect(gs.gs_provision.config.P47).toBe('abc.voice.example.net:5060');
    expect(gs.gs_provision.config.P35).toBe('104');
    const fanvil = parseXml(content('phones/abc-company/0c383e445566.cfg')) as {
      sysConf: { sip: { line: Record<string, string> } };
    };
    expect(fanvil.sysConf.sip.line.RegisterAddr).toBe('abc.voice.example.net');
    const cisco = parseXml(content('phones/abc-company/SEP001E7AAABBCC.cnf.xml')) as {
      device: { sipProfile: { sipLines: { line: Record<string, string> } } };
    };
    expect(cisco.device.sipProfile.sipLines.line.name).toBe('103');
  });

  it('audit output carries placeholders only', () => {
    for (const f of files.values()) {
      const secrets = f.content.match(PLACEHOLDER_PATTERN) ?? [];
      for (const s of secrets) expect(s).toMatch(/^PBXC_SECRET\(/);
    }
    const rendered = phonesTarget.emit({ model, mode: 'render', secret: () => 'Real5ecretValue' });
    expect(rendered.files.some((f) => f.content.includes('Real5ecretValue'))).toBe(true);
    expect([...files.values()].some((f) => f.content.includes('Real5ecretValue'))).toBe(false);
  });
});
