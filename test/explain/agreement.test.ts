import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/build-tree.js';
import { explainCall } from '../../src/explain/index.js';
import { localTime } from '../../src/explain/local-time.js';
import type { At, Outcome } from '../../src/explain/types.js';
import { loadModel } from '../../src/load-model.js';
import type { Model, TenantModel } from '../../src/model/types.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';
import { evaluate, loadDialplan } from './dialplan-eval.js';

/**
 * explain (from the model) and the emitted FreeSWITCH dialplan (evaluated) must send every call
 * to the same place: DIDs at open, closed and holiday times and from filtered callers, every
 * internal number and feature code, outbound numbers in every format from every extension.
 */

interface Case {
  readonly label: string;
  readonly tenant: TenantModel;
  readonly number: string;
  readonly from?: string;
  readonly caller?: string;
  readonly at: At;
}

/** Premium rate, shared cost, toll-free, mobile and fixed numbers per country code. */
const TYPE_SAMPLES: Readonly<Record<string, readonly string[]>> = {
  '49': ['+499001123456', '+4918012345678', '+498001234567', '+4915112345678', '+4930123456'],
  '44': ['+449098790000', '+448431234567', '+448001234567', '+447700900555', '+442079460000'],
  '1': ['+19002345678', '+18005550100', '+12125550123'],
};

/** A caller number no filter of the example spec matches. */
const NEUTRAL = '+88812345678';
const WORKDAY = (date: string, minute: number): At => ({ kind: 'wall', date, minute });

function cases(model: Model): Case[] {
  const out: Case[] = [];
  for (const t of model.tenants) {
    const times: [string, At][] = [
      ['wednesday 10:00', WORKDAY('2026-12-02', 600)],
      ['wednesday 07:59', WORKDAY('2026-12-02', 479)],
      ['sunday 12:00', WORKDAY('2026-12-06', 720)],
    ];
    for (const s of t.schedules) {
      for (const h of s.holidays.slice(0, 1))
        if (h.rule.kind === 'dates') times.push([`holiday ${h.label}`, WORKDAY(h.rule.from, 600)]);
      for (const w of s.open) {
        times.push([`${s.id} opens`, WORKDAY(dateOf(w.days[0]!), w.from)]);
        times.push([`${s.id} last minute`, WORKDAY(dateOf(w.days[0]!), w.to - 1)]);
        times.push([`${s.id} closes`, WORKDAY(dateOf(w.days[0]!), w.to % 1440)]);
      }
    }
    for (const d of t.dids) {
      if (!t.trunks.find((k) => k.id === d.trunk)?.inboundFrom.length) continue;
      const digits = d.number.slice(1);
      const forms = [d.number, digits, `${t.dialing.internationalPrefix}${digits}`];
      if (digits.startsWith(t.dialing.countryCode))
        forms.push(`${t.dialing.nationalPrefix}${digits.slice(t.dialing.countryCode.length)}`);
      for (const form of forms)
        for (const [when, at] of times)
          out.push({ label: `${t.id} DID ${form} at ${when}`, tenant: t, number: form, caller: NEUTRAL, at });
      for (const f of t.callFilters)
        out.push({
          label: `${t.id} DID ${d.number} from ${f.type} ${f.name}`,
          tenant: t,
          number: d.number,
          caller: `+${f.digits}${f.prefix ? '4711' : ''}`,
          at: times[0]![1],
        });
    }
    const callers = t.extensions.map((e) => e.number);
    const dialled = [
      ...t.extensions.map((e) => e.number),
      ...t.ringGroups.map((g) => g.number),
      ...t.conferences.map((c) => c.number),
      ...t.pagingGroups.map((g) => g.number),
      `${t.featureCodes.intercom}${t.extensions[0]!.number}`,
      ...t.schedules.flatMap((s) =>
        s.overrideCode ? ['', '0', '1', '2'].map((d) => `${s.overrideCode}${d}`) : [],
      ),
      ...t.aliases.map((a) => a.number),
      ...Object.values(t.featureCodes).filter((c) => !c.includes('-')),
      t.park.slots[0]!,
      `park+${t.park.slots.at(-1)!.slice(1)}`,
      // What a queue_agent key dials (the toggle of the caller's own agent).
      ...(t.queues.length > 0 ? [`agent+${t.queues[0]!.agents[0]!.extension}`] : []),
      `${t.featureCodes.pickup_direct}${t.extensions[0]!.number}`,
      `${t.featureCodes.forward_on}+4930123456`,
      ...t.dialing.emergency,
      ...t.outboundRoutes.flatMap((r) =>
        r.kind === 'prefix' ? r.prefixes.map((p) => `${p}${'5551234'.slice(0, 12 - p.length)}`) : [],
      ),
      // Numbers of several libphonenumber types, for the number-type routes.
      ...(TYPE_SAMPLES[t.dialing.countryCode] ?? []).flatMap((n) => [
        n,
        `${t.dialing.nationalPrefix}${n.slice(1 + t.dialing.countryCode.length)}`,
      ]),
      `${t.dialing.internationalPrefix}441234567890`,
      `${t.dialing.internationalPrefix}${t.dialing.countryCode}301234567`,
      `${t.dialing.nationalPrefix}301234567`,
      // National numbers without the national prefix (NANP 10-digit dialling), one digit short and long.
      ...t.dialing.nationalWithoutPrefix.flatMap((n) =>
        [n - 1, n, n + 1].map((k) => '2125550100987'.slice(0, k)),
      ),
      '+4930',
      '99999',
      '0',
    ];
    for (const from of callers)
      for (const number of dialled)
        out.push({ label: `${t.id} ${from} dials ${number}`, tenant: t, number, from, at: times[0]![1] });
  }
  return out;
}

/** The first date of December 2026 on that weekday. */
function dateOf(day: string): string {
  const first = ['tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon'].indexOf(day); // 2026-12-01 is a Tuesday
  return `2026-12-${String(1 + first).padStart(2, '0')}`;
}

function normal(o: Outcome): Outcome {
  if (o.kind === 'ring_group') return { ...o, members: [...o.members].sort() };
  if (o.kind === 'rejected') return { kind: 'rejected', reason: '' };
  return o;
}

async function check(spec: string) {
  const r = await loadModel(spec);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const model = r.model;
  const files = new Map(buildTree(model, 'test').files.map((f) => [f.path, f.content]));
  const plan = loadDialplan(files);
  const all = cases(model);
  const disagreements: string[] = [];
  for (const c of all) {
    const result = explainCall(model, {
      tenant: c.tenant.id,
      number: c.number,
      at: c.at,
      ...(c.from ? { from: c.from } : {}),
      ...(c.caller ? { caller: c.caller } : {}),
    });
    if ('error' in result) throw new Error(`${c.label}: ${result.error}`);
    const now = localTime(c.at, c.tenant.timezone);
    const vars: Record<string, string> = c.from
      ? {
          ...plan.users.get(`${c.from}@${c.tenant.domain}`)!,
          caller_id_number: c.from,
          sip_via_protocol: 'wss',
        }
      : { caller_id_number: c.caller ?? NEUTRAL, network_addr: '192.0.2.17' };
    if (c.from && !plan.users.has(`${c.from}@${c.tenant.domain}`))
      throw new Error(`no directory user ${c.from}`);
    const context = c.from ? vars.user_context! : 'public';
    const emitted = evaluate(plan, model, { context, destination: c.number, vars, now });
    const explained = result.explanation.outcome;
    if (JSON.stringify(normal(explained)) !== JSON.stringify(normal(emitted)))
      disagreements.push(
        `${c.label}: explain ${JSON.stringify(explained)} ≠ dialplan ${JSON.stringify(emitted)}`,
      );
  }
  return { count: all.length, disagreements };
}

describe('explain agrees with the emitted FreeSWITCH dialplan', () => {
  it('on the example spec', async () => {
    const { count, disagreements } = await check(EXAMPLE_SPEC);
    expect(count).toBeGreaterThan(500);
    expect(disagreements).toEqual([]);
  });

  it('on the imported US spec (10-digit dialling, 011, toll-free, toll restriction)', async () => {
    const { count, disagreements } = await check(
      fileURLToPath(new URL('../import/golden/us', import.meta.url)),
    );
    expect(count).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });

  it('on the hostile-names golden spec', async () => {
    const { count, disagreements } = await check(
      fileURLToPath(new URL('../golden/hostile-names/spec', import.meta.url)),
    );
    expect(count).toBeGreaterThan(50);
    expect(disagreements).toEqual([]);
  });
});
