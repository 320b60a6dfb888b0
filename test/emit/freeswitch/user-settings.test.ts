// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { describe, expect, it } from 'vitest';
import { targetOf } from '../../../src/emit/freeswitch/dialplan/targets.js';
import { DEFAULT_RING_SECONDS, USER_VARS } from '../../../src/emit/freeswitch/dialplan/user-settings.js';
import { callerIdVar } from '../../../src/emit/freeswitch/directory.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, userParams, userVars, type Xml } from './emit.js';

describe('freeswitch target: per-extension settings live in the directory', async () => {
  const model = await exampleModel();
  const files = emitFs(model);

  it('carries every setting the generic block reads, merged with the domain defaults', () => {
    for (const tenant of model.tenants) {
      for (const e of tenant.extensions) {
        const v = userVars(files, tenant.id, e.number);
        const t = (d: Parameters<typeof targetOf>[0] | undefined) => (d ? targetOf(d) : undefined);
        expect(v[USER_VARS.voicemail], e.number).toBe(String(e.voicemail));
        expect(v[USER_VARS.record]).toBe(String(e.record));
        expect(v[USER_VARS.dnd]).toBe(String(e.dnd));
        expect(v[USER_VARS.webrtc]).toBe(String(e.webrtc));
        expect(v[USER_VARS.ringSeconds]).toBe(String(e.forward.noAnswer?.after ?? DEFAULT_RING_SECONDS));
        expect(v[USER_VARS.forwardAlways]).toBe(t(e.forward.always));
        expect(v[USER_VARS.forwardBusy]).toBe(t(e.forward.busy));
        expect(v[USER_VARS.forwardNoAnswer]).toBe(t(e.forward.noAnswer?.to));
        expect(v[USER_VARS.forwardUnregistered]).toBe(t(e.forward.unregistered));
        expect(v[USER_VARS.callGroups]).toBe(e.callGroups.length > 0 ? e.callGroups.join(',') : undefined);
        for (const trunk of tenant.trunks) expect(v[callerIdVar(trunk.id)]).toBe(e.callerIdByTrunk[trunk.id]);
        const p = userParams(files, tenant.id, e.number);
        expect(p['vm-mailto']).toBe(e.voicemail && e.email ? e.email : undefined);
        expect(p['dial-string']).toContain(e.webrtc ? 'media_webrtc=true' : 'sofia_contact');
        expect(p['dial-string']?.includes('media_webrtc')).toBe(e.webrtc);
      }
    }
  });

  it('reads the callee with user_data from its own tenant domain only', () => {
    const text = files.get('freeswitch/dialplan/xynap.xml')!;
    const lookups = [...text.matchAll(/\$\{user_data\(([^@]+)@([^ ]+) var ([a-z_]+)\)\}/g)];
    expect(lookups.length).toBeGreaterThan(5);
    for (const [, who, domain, name] of lookups) {
      expect(who).toMatch(/^(?:\$\{destination_number\}|\$1|\$\{pbxc_vm_box\})$/);
      expect(domain).toBe('${domain_name}');
      expect(Object.values(USER_VARS)).toContain(name);
    }
    // Before any lookup the number must be one of the schema's extension alphabet.
    const ctx = parse(text).include[0].context[0];
    const lookup = ctx.extension.find((x: Xml) => x.name === 'local-lookup');
    expect(all(lookup, 'condition')[0]).toMatchObject({
      field: 'destination_number',
      expression: '^[a-z0-9]{1,32}$',
    });
  });

  it('keeps the tenant dialplan the same size however many extensions it has', () => {
    const grown = structuredClone(model) as { tenants: { id: string; extensions: unknown[] }[] } & Model;
    const xynap = grown.tenants.find((t) => t.id === 'xynap')!;
    const template = xynap.extensions.find((e) => (e as { number: string }).number === '1013')!;
    for (let i = 0; i < 200; i++)
      xynap.extensions.push({ ...(template as object), number: String(5000 + i) });
    const after = emitFs(grown as Model);
    expect(after.get('freeswitch/dialplan/xynap.xml')).toBe(files.get('freeswitch/dialplan/xynap.xml'));
    const size = (tree: Map<string, string>) =>
      [...tree].filter(([p]) => p.startsWith('freeswitch/directory/')).reduce((n, [, c]) => n + c.length, 0);
    const perUser = (size(after) - size(files)) / 200;
    // One line per user: credentials, number, name and what differs from an extension without
    // settings (here the line's DID as caller ID); the rest is shared on the domain.
    expect(perUser).toBeLessThan(520);
  });
});
