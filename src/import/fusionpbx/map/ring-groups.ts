import { note } from '../../yaml-style.js';
import { label } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import { compareNumbers, plainDestination, resolveAction, type TenantContext } from './context.js';

const STRATEGIES = new Set(['simultaneous', 'sequence', 'random', 'enterprise', 'rollover']);

interface Member {
  readonly number: string;
  readonly delay: number;
  readonly timeout: number;
}

function membersOf(ctx: TenantContext, group: Row): Member[] {
  return ctx
    .rows('v_ring_group_destinations')
    .filter((d) => text(d, 'ring_group_uuid') === text(group, 'ring_group_uuid'))
    .filter((d) => enabled(d, 'destination_enabled'))
    .map((d) => ({
      number: text(d, 'destination_number') ?? '',
      delay: int(d, 'destination_delay') ?? 0,
      timeout: int(d, 'destination_timeout') ?? 30,
    }))
    .filter((m) => m.number !== '')
    .sort((a, b) => a.delay - b.delay || compareNumbers(a.number, b.number));
}

/** Ring groups: members (nested groups expanded), strategy, timeout, no-answer destination. */
export function mapRingGroups(ctx: TenantContext): unknown[] {
  const docs: unknown[] = [];
  for (const number of [...ctx.ringGroups.keys()].sort(compareNumbers)) {
    const g = ctx.ringGroups.get(number) as Row;
    const name = label(text(g, 'ring_group_name')) ?? number;
    const where = `ring group ${number} "${name}"`;
    const raw = membersOf(ctx, g);
    const members: string[] = [];
    const notes: string[] = [];
    const expand = (m: Member, seen: Set<string>) => {
      if (ctx.extensions.has(m.number)) {
        if (!members.includes(m.number)) members.push(m.number);
        return;
      }
      const inner = ctx.ringGroups.get(m.number);
      if (inner && !seen.has(m.number)) {
        notes.push(`members of ring group ${m.number}`);
        for (const x of membersOf(ctx, inner)) expand(x, new Set([...seen, m.number]));
        return;
      }
      const why = ctx.disabledExtensions.has(m.number)
        ? 'it is a disabled extension'
        : /^\+?[0-9]{6,}$/.test(m.number)
          ? 'it is an external number; pbxc ring groups ring extensions'
          : 'it is not an extension of the tenant';
      ctx.report(
        'skipped',
        `${where} member ${m.number} (delay ${m.delay} s, timeout ${m.timeout} s)`,
        why,
        'forward a member extension to it, or add it as an extension',
      );
    };
    for (const m of raw) expand(m, new Set([number]));
    if (members.length === 0) {
      ctx.report(
        'skipped',
        where,
        'it has no member extension left',
        'add members and re-create it in the spec',
      );
      continue;
    }
    const strategyRaw = text(g, 'ring_group_strategy') ?? 'simultaneous';
    const strategy = STRATEGIES.has(strategyRaw) ? strategyRaw : 'simultaneous';
    if (strategy !== strategyRaw)
      ctx.report(
        'changed',
        where,
        `strategy ${strategyRaw} is unknown to pbxc`,
        'it rings simultaneously now; pick a strategy',
      );
    const parallel = strategy === 'simultaneous' || strategy === 'enterprise';
    const total = parallel
      ? Math.max(...raw.map((m) => m.delay + m.timeout))
      : raw.reduce((sum, m) => sum + m.timeout, 0);
    const groupTimeout = int(g, 'ring_group_call_timeout');
    const ringTimeout = Math.max(5, Math.min(300, groupTimeout || total || 30));
    const distinct = new Set(raw.map((m) => `${m.delay}/${m.timeout}`));
    const timing =
      distinct.size > 1
        ? `FusionPBX per member: ${raw.map((m) => `${m.number} ${m.delay ? `+${m.delay} s ` : ''}${m.timeout} s`).join(', ')}`
        : undefined;
    const doc: Record<string, unknown> = {
      number,
      name,
      strategy,
      ring_timeout: note(ringTimeout, timing ?? (parallel ? undefined : 'sum of the member timeouts')),
      members: note(members, notes.length > 0 ? `includes ${notes.join(', ')}` : undefined),
    };
    const app = text(g, 'ring_group_timeout_app');
    if (app) {
      const target = resolveAction(ctx, app, text(g, 'ring_group_timeout_data'));
      if (target.kind === 'none')
        ctx.report(
          'skipped',
          `${where} timeout action ${app} ${text(g, 'ring_group_timeout_data') ?? ''}`,
          `${target.what}: ${target.why}`,
          'set on_no_answer by hand',
        );
      else {
        const d = plainDestination(ctx, target, `${where} timeout action`);
        if (d.dest) doc.on_no_answer = note(d.dest, d.note);
      }
    }
    docs.push(doc);
  }
  return docs;
}
