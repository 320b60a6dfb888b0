// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUSY_TARGET } from '../../../src/emit/freeswitch/dialplan/busy.js';
import {
  BUSY_TONE_MS,
  busyTone,
  ITU_TONES,
  ringbackTone,
  TONES,
  tonesOf,
} from '../../../src/emit/freeswitch/locale.js';
import type { TenantModel } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, type Xml } from './emit.js';

const inCountry = (countryCode: string) => ({ dialing: { countryCode } }) as unknown as TenantModel;

/** A FreeSWITCH tone_stream segment list: %(on,off,f1[,f2]) steps joined by ";". */
const STEPS = /^%\(\d{2,4},\d{1,4},\d{3}(?:,\d{3})?\)(?:;%\(\d{2,4},\d{1,4},\d{3}(?:,\d{3})?\))*$/;

describe('freeswitch target: call progress tones by country', async () => {
  it('has a well-formed ringback and busy cadence for every listed country, ITU-T E.180 for the rest', () => {
    for (const [code, t] of Object.entries(TONES)) {
      expect(code, t.country).toMatch(/^[1-9][0-9]{0,2}$/);
      expect(t.ringback, t.country).toMatch(STEPS);
      expect(t.busy.on).toBeGreaterThanOrEqual(150);
      expect(t.busy.on).toBeLessThanOrEqual(1000);
      expect(t.busy.off).toBeGreaterThanOrEqual(150);
      for (const hz of t.busy.hz) expect(hz).toBeGreaterThanOrEqual(300);
      for (const hz of t.busy.hz) expect(hz).toBeLessThanOrEqual(700);
    }
    expect(tonesOf(inCountry('999'))).toBe(ITU_TONES);
    expect(ringbackTone(inCountry('30'))).toBe('%(1000,4000,425)');
    expect(ringbackTone(inCountry('1'))).toBe('%(2000,4000,440,480)');
  });

  it('plays the busy tone as whole cadences for a bounded few seconds', () => {
    expect(busyTone(inCountry('49'))).toBe('tone_stream://L=4;%(480,480,425)');
    expect(busyTone(inCountry('1'))).toBe('tone_stream://L=4;%(500,500,480,620)');
    expect(busyTone(inCountry('44'))).toBe('tone_stream://L=5;%(375,375,400)');
    expect(busyTone(inCountry('998'))).toBe('tone_stream://L=4;%(500,500,425)');
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,2}$/), (code) => {
        const tone = busyTone(inCountry(code));
        const m = /^tone_stream:\/\/L=(\d+);%\((\d+),(\d+),\d+(?:,\d+)?\)$/.exec(tone);
        expect(m).not.toBeNull();
        const total = Number(m![1]) * (Number(m![2]) + Number(m![3]));
        expect(Number(m![1])).toBeGreaterThanOrEqual(3);
        expect(total).toBeGreaterThanOrEqual(BUSY_TONE_MS * 0.7);
        expect(total).toBeLessThanOrEqual(BUSY_TONE_MS * 1.5);
      }),
    );
  });

  const model = await exampleModel();
  const files = emitFs(model);
  const extensions = (tenant: TenantModel): Map<string, Xml> => {
    const ctx = parse(files.get(`freeswitch/dialplan/${tenant.id}.xml`)!).include[0].context[0];
    return new Map(ctx.extension.map((e: Xml) => [e.name, e]));
  };

  it('answers a busy callee with the country busy tone when the caller is answered, else 486 at once', () => {
    for (const tenant of model.tenants) {
      const busy = extensions(tenant).get('busy');
      expect(busy, tenant.id).toBeDefined();
      const [target, answered] = busy.condition;
      expect(target.field).toBe('destination_number');
      expect(new RegExp(target.expression).test(BUSY_TARGET)).toBe(true);
      expect(answered.field).toBe('${answered_time}');
      const re = new RegExp(answered.expression);
      expect(re.test('0')).toBe(false);
      expect(re.test('1796165498541576')).toBe(true);
      expect(answered.action).toEqual([
        { application: 'playback', data: busyTone(tenant) },
        { application: 'hangup', data: 'USER_BUSY' },
      ]);
      expect(answered['anti-action']).toEqual([{ application: 'hangup', data: 'USER_BUSY' }]);
    }
  });

  it('sends every busy ending there: busy extension, DND without voicemail, a busy carrier', () => {
    const toBusy = (tenant: TenantModel) => `${BUSY_TARGET} XML ${tenant.context}`;
    for (const tenant of model.tenants) {
      const exts = extensions(tenant);
      const transfers = (name: string) =>
        [...all(exts.get(name), 'action'), ...all(exts.get(name), 'anti-action')]
          .filter((a: Xml) => a.application === 'transfer')
          .map((a: Xml) => a.data);
      expect(transfers('local-busy')).toContain(toBusy(tenant));
      expect(transfers('local-dnd')).toContain(toBusy(tenant));
      expect(all(exts.get('local-busy'), 'action').some((a: Xml) => a.application === 'hangup')).toBe(false);
      const outbound = [...exts.keys()].filter((n) => n.startsWith('outbound-'));
      expect(outbound.length).toBeGreaterThan(0);
      for (const name of outbound) {
        const acts = all(exts.get(name), 'action').map((a: Xml) => `${a.application} ${a.data ?? ''}`);
        const bridge = acts.findIndex((a: string) => a.startsWith('bridge sofia/gateway/'));
        expect(bridge, name).toBeGreaterThan(0);
        expect(acts.slice(0, bridge)).toContain('set continue_on_fail=USER_BUSY');
        expect(acts[bridge + 1]).toBe(`transfer ${toBusy(tenant)}`);
      }
    }
  });
});
