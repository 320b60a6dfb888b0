import { describe, expect, it } from 'vitest';
import { trunkCidrs } from '../../../src/emit/freeswitch/acl.js';
import { publicAnswer } from '../../../src/emit/freeswitch/did-lookup.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, params, parse, type Xml } from './emit.js';

describe('freeswitch target: trunks and the public context', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const pub = parse(files.get('freeswitch/dialplan/public.xml')!).include[0].context[0];
  const exts: Xml[] = pub.extension;
  const guard = /\[==\[(.*?)\]==\]/s.exec(files.get('freeswitch/scripts/pbxc-directory.lua')!)![1]!;
  /** The extensions the lookup handler serves for a hunt of the public context. */
  function served(number: string): Xml[] {
    const text = publicAnswer(number, guard, (p) => files.get(`freeswitch/${p}`));
    return text === undefined ? [] : parse(text).document[0].section[0].context[0].extension;
  }

  function routeOf(number: string): Xml | undefined {
    return served(number).find((e) => {
      const c = all(e, 'condition')[0];
      return (
        c.field === 'destination_number' && e.name.startsWith('did-') && new RegExp(c.expression).test(number)
      );
    });
  }

  it('matches every DID in the forms providers send', () => {
    for (const tenant of model.tenants) {
      const { countryCode, nationalPrefix } = tenant.dialing;
      for (const did of tenant.dids) {
        const digits = did.number.slice(1);
        const forms = [did.number, digits];
        if (digits.startsWith(countryCode)) forms.push(nationalPrefix + digits.slice(countryCode.length));
        for (const form of forms) expect(routeOf(form)?.name, form).toBe(`did-${digits}`);
        const sets = all(routeOf(did.number), 'action').map((a: Xml) => a.data);
        expect(sets).toContain(`domain_name=${tenant.domain}`);
        expect(sets).toContain(`timezone=${tenant.timezone}`);
      }
    }
  });

  it('accepts calls only from the trunk ACL, built without any Ringotel whitelist', () => {
    const acl = parse(files.get('freeswitch/autoload_configs/acl.conf.xml')!);
    const cidrs = all(acl, 'node').map((n: Xml) => n.cidr);
    expect(cidrs).toEqual(trunkCidrs(model));
    const ringotel = new Set(model.tenants.flatMap((t) => (t.ringotel ? [t.ringotel.whitelist] : [])));
    for (const list of model.platform.firewall.whitelists.filter((w) => ringotel.has(w.name))) {
      for (const cidr of [...list.ipv4, ...list.ipv6]) expect(cidrs).not.toContain(cidr);
    }
    const ext = params(parse(files.get('freeswitch/sip_profiles/external.xml')!).profile[0].settings[0]);
    expect(ext['apply-inbound-acl']).toBe('trunks');
    expect(ext.context).toBe('public');
    expect(exts[0].name).toBe('trunk-acl-only');
  });

  it('filters blacklisted callers unless whitelisted', () => {
    const xynap = model.tenants.find((t) => t.id === 'xynap')!;
    const did = xynap.dids[0]!.number;
    const answer = served(did);
    const filter = answer.find((e) => e.name === 'filter-xynap-1');
    const caller = new RegExp(all(filter, 'condition')[0].expression);
    expect(caller.test('+4917612345')).toBe(true);
    expect(caller.test('017612345')).toBe(true);
    expect(caller.test('+4930123456789')).toBe(false);
    expect(xynap.callFilters[0]!.type).toBe('blacklist');
    // The guard first, then the tenant's filters, then the DID.
    expect(answer[0].name).toBe('trunk-acl-only');
    expect(answer.indexOf(filter)).toBeLessThan(answer.findIndex((e) => e.name.startsWith('did-49')));
    // Another tenant's DID never sees xynap's filters.
    const other = model.tenants.find((t) => t.id !== 'xynap' && t.dids.length > 0)!;
    expect(served(other.dids[0]!.number).some((e) => e.name.startsWith('filter-xynap'))).toBe(false);
  });

  it('routes a scheduled DID by holidays, open hours and closed', () => {
    const target = 'pbxc-did-4934556643321';
    const sched = served(target).filter((e) => e.name.startsWith(target));
    const holidays = sched.filter((e) => e.name.includes('-holiday-'));
    expect(holidays.map((e) => all(e, 'condition')[2])).toContainEqual(
      expect.objectContaining({ year: '2026', mon: '12', mday: '24' }),
    );
    const open = sched.find((e) => e.name.endsWith('-open-1'));
    expect(all(open, 'condition')[2]).toMatchObject({ wday: '2,3,4,5,6', 'minute-of-day': '481-1020' });
    expect(all(open, 'action')[0].data).toBe('21 XML xynap');
    expect(all(sched.at(-1), 'action')[0].data).toBe('pbxc-vm-1000 XML xynap');
  });

  it('defines one gateway per trunk with its secret', () => {
    const profile = parse(files.get('freeswitch/sip_profiles/external.xml')!).profile[0];
    const gateways = all(profile, 'gateway');
    const trunks = model.tenants.flatMap((t) => t.trunks);
    expect(gateways.map((g: Xml) => g.name)).toEqual(trunks.map((t) => t.gateway));
    const telekom = params(gateways.find((g: Xml) => g.name === 'xynap-telekom'));
    expect(telekom.password).toBe('PBXC_SECRET(telekom-trunk@r0)');
    expect(telekom.register).toBe('true');
    expect(telekom['register-transport']).toBe('tls');
  });

  it('keeps the internal profile multi-tenant and logging auth failures', () => {
    const p = params(parse(files.get('freeswitch/sip_profiles/internal.xml')!).profile[0].settings[0]);
    expect(p['log-auth-failures']).toBe('true');
    expect(p['auth-calls']).toBe('true');
    expect(p['challenge-realm']).toBe('auto_from');
    expect(p['max-registrations-per-extension']).toBe(String(model.platform.sip.maxRegistrations));
    expect(p['force-register-domain']).toBeUndefined();
    expect(p['ext-sip-ip']).toBe('$${external_sip_ip}');
  });
});
