// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { describe, expect, it } from 'vitest';
import { exampleModel } from '../../helpers/example.js';
import { all, directoryDomain, emitFs, parse, userFiles, userVars, type Xml } from './emit.js';

function extensions(text: string): Map<string, Xml> {
  const ctx = parse(text).include[0].context[0];
  return new Map(ctx.extension.map((e: Xml) => [e.name, e]));
}

function actions(ext: Xml): { application: string; data?: string }[] {
  return all(ext, 'action');
}

function bridgeOf(ext: Xml): string[] {
  return actions(ext)
    .filter((a) => a.application === 'bridge')
    .map((a) => a.data!);
}

/** The members of a dial string in order, with the separator between them. */
function members(dial: string): { sep: string; numbers: string[] } {
  const sep = dial.includes(':_:') ? ':_:' : dial.includes('|') ? '|' : ',';
  const numbers = dial.split(sep).map((leg) => /pbxc_leg_([a-z0-9]+)/.exec(leg)![1]!);
  return { sep, numbers };
}

describe('freeswitch target: tenant dialplans', async () => {
  const model = await exampleModel();
  const files = emitFs(model);

  it('gives every extension a directory user and rings it through the one generic block', () => {
    for (const tenant of model.tenants) {
      const exts = extensions(files.get(`freeswitch/dialplan/${tenant.id}.xml`)!);
      const domain = directoryDomain(files, tenant.id);
      expect(domain.name).toBe(tenant.domain);
      // The static domain holds no users; they are lines of the tenant's bucket files.
      expect(all(parse(files.get(`freeswitch/directory/${tenant.id}.xml`)!), 'user')).toEqual([]);
      const users = all(domain, 'user').map((u: Xml) => u.id);
      expect(users).toEqual(tenant.extensions.map((e) => e.number));
      expect([...userFiles(files, tenant.id).keys()].sort()).toEqual(
        tenant.extensions.map((e) => e.number).sort(),
      );
      expect(bridgeOf(exts.get('local-extension'))).toEqual([`user/\${destination_number}@${tenant.domain}`]);
      // Nothing in the dialplan is named after an extension any more.
      for (const e of tenant.extensions)
        expect([...exts.keys()].filter((n) => n.includes(`-${e.number}`))).toEqual([]);
      for (const e of tenant.extensions) {
        const vars = userVars(files, tenant.id, e.number);
        expect(vars.user_context).toBe(tenant.context);
        expect(vars.pbxc_extension).toBe(e.number);
        expect((vars.toll_allow ?? '').split(',').filter(Boolean)).toEqual([...e.tollAllow]);
      }
    }
  });

  it('rings each group with its members in order and the strategy separator', () => {
    for (const tenant of model.tenants) {
      const exts = extensions(files.get(`freeswitch/dialplan/${tenant.id}.xml`)!);
      for (const g of tenant.ringGroups) {
        const dials = bridgeOf(exts.get(`ring-group-${g.number}`));
        const expectedSep = {
          simultaneous: ',',
          enterprise: ':_:',
          sequence: '|',
          rollover: '|',
          random: '|',
        }[g.strategy];
        if (g.strategy === 'random') {
          expect(dials).toHaveLength(16);
          const orders = new Set(dials.map((d) => members(d).numbers.join(' ')));
          expect(orders.size).toBeGreaterThan(1);
          for (const d of dials) expect([...members(d).numbers].sort()).toEqual([...g.members].sort());
        } else {
          expect(dials).toHaveLength(1);
          const m = members(dials[0]!);
          expect(m.numbers).toEqual([...g.members]);
          if (g.members.length > 1) expect(m.sep).toBe(expectedSep);
        }
        if (expectedSep === '|') {
          for (const d of dials) expect(d).toContain(`[leg_timeout=${g.ringTimeout}]`);
        }
      }
    }
  });

  it('checks DND before ringing a group member', () => {
    const xynap = model.tenants.find((t) => t.id === 'xynap')!;
    const rg = extensions(files.get('freeswitch/dialplan/xynap.xml')!).get('ring-group-21');
    const fields = all(rg, 'condition').map((c: Xml) => c.field);
    for (const m of xynap.ringGroups.find((g) => g.number === '21')!.members) {
      expect(fields).toContain(`\${db(select/xynap-dnd/${m})}|false`);
    }
  });

  it('reaches the LiveKit alias through a SIP URI bridge', () => {
    const exts = extensions(files.get('freeswitch/dialplan/xynap.xml')!);
    const alias = exts.get('alias-*99');
    const target = actions(alias)
      .find((a) => a.application === 'transfer')!
      .data!.split(' ')[0]!;
    expect(bridgeOf(exts.get(target))).toEqual(['sofia/external/sip:test@livekit.xynap.internal:5060']);
  });

  it('parks on the tenant lot and retrieves by slot', () => {
    for (const tenant of model.tenants) {
      const exts = extensions(files.get(`freeswitch/dialplan/${tenant.id}.xml`)!);
      const park = actions(exts.get('feature-park')).find((a) => a.application === 'valet_park')!;
      // max is exclusive in mod_valet_parking; the lot carries the domain for presence.
      expect(park.data).toBe(
        `${tenant.park.lot}@${tenant.domain} auto in ${tenant.park.first.slice(1)} ${Number(tenant.park.last.slice(1)) + 1}`,
      );
      const slot = exts.get('feature-park-slot');
      const re = new RegExp(all(slot, 'condition')[0].expression);
      expect(re.test(tenant.park.first)).toBe(true);
      expect(re.test(`park+${tenant.park.last.slice(1)}`)).toBe(true);
      expect(re.test(tenant.park.code)).toBe(false);
    }
  });

  it('routes outbound numbers by longest prefix with the toll restriction', () => {
    const xynap = model.tenants.find((t) => t.id === 'xynap')!;
    const ctx = parse(files.get('freeswitch/dialplan/xynap.xml')!).include[0].context[0];
    const outbound = ctx.extension.filter((e: Xml) => e.name.startsWith('outbound-'));
    const names = outbound.map((e: Xml) => e.name);
    expect(names.indexOf('outbound-germany-49')).toBeLessThan(names.indexOf('outbound-international-any'));
    const emergency = outbound.find((e: Xml) => e.name === 'outbound-emergency');
    const re = new RegExp(all(emergency, 'condition')[0].expression);
    for (const n of xynap.dialing.emergency) expect(re.test(n)).toBe(true);
    const intl = outbound.find((e: Xml) => e.name === 'outbound-international-any');
    const toll = all(intl, 'condition').find((c: Xml) => c.field === '${toll_allow}|${pbxc_trusted}');
    const allowed = new RegExp(toll.expression);
    expect(allowed.test('international|')).toBe(true);
    expect(allowed.test('|')).toBe(false);
    expect(bridgeOf(intl)).toEqual(['sofia/gateway/xynap-telekom/$1']);
  });

  it('normalises national and international dialling to E.164', () => {
    const exts = extensions(files.get('freeswitch/dialplan/xynap.xml')!);
    const national = all(exts.get('normalize-national'), 'condition')[0];
    const m = new RegExp(national.expression).exec('034556643378')!;
    expect(actions(exts.get('normalize-national'))[0]!.data!.replace('$1', m[1]!)).toBe(
      '+4934556643378 XML xynap',
    );
    const intl = all(exts.get('normalize-international'), 'condition')[0];
    expect(new RegExp(intl.expression).exec('0041441234567')?.[1]).toBe('41441234567');
  });
});
