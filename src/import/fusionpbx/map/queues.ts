import { label } from '../names.js';
import { type FusionRows, int, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

const STRATEGY: Readonly<Record<string, string>> = {
  'ring-all': 'simultaneous',
  'top-down': 'sequence',
  'sequentially-by-agent-order': 'sequence',
  'ring-progressively': 'sequence',
  'round-robin': 'random',
  random: 'random',
  'longest-idle-agent': 'rollover',
  'agent-with-least-talk-time': 'rollover',
  'agent-with-fewest-calls': 'rollover',
};

/**
 * Call center queues become ring groups of their agents (as FusionPBX ring groups are stored, so
 * the ring group mapper takes them from here): the same people ring, in tier order, but callers no
 * longer wait in line. Returns the synthetic ring group and destination rows.
 */
export function queuesAsRingGroups(
  ctx: TenantContext,
  rows: FusionRows,
): { groups: Row[]; destinations: Row[] } {
  const groups: Row[] = [];
  const destinations: Row[] = [];
  for (const q of rows.v_call_center_queues.filter((r) => text(r, 'domain_uuid') === ctx.uuid)) {
    const number = (text(q, 'queue_extension') ?? '').toLowerCase();
    const name = label(text(q, 'queue_name')) ?? number;
    const where = `call center queue ${number} "${name}"`;
    const tiers = rows.v_call_center_tiers
      .filter((t) => text(t, 'call_center_queue_uuid') === text(q, 'call_center_queue_uuid'))
      .sort(
        (a, b) =>
          (int(a, 'tier_level') ?? 0) - (int(b, 'tier_level') ?? 0) ||
          (int(a, 'tier_position') ?? 0) - (int(b, 'tier_position') ?? 0),
      );
    const agents: { ext: string; timeout: number }[] = [];
    for (const t of tiers) {
      const a = rows.v_call_center_agents.find(
        (x) => text(x, 'call_center_agent_uuid') === text(t, 'call_center_agent_uuid'),
      );
      const contact = text(a, 'agent_contact') ?? '';
      const ext = (/user\/([a-z0-9]+)@/i.exec(contact)?.[1] ?? text(a, 'agent_id') ?? '').toLowerCase();
      if (ctx.extensions.has(ext) && !agents.some((x) => x.ext === ext))
        agents.push({ ext, timeout: int(a, 'agent_call_timeout') ?? 20 });
    }
    if (
      !/^[a-z0-9]{1,32}$/.test(number) ||
      agents.length === 0 ||
      ctx.extensions.has(number) ||
      ctx.ringGroups.has(number)
    ) {
      ctx.others.set(number, where);
      ctx.report(
        'skipped',
        where,
        'pbxc has no call center queues, and its agents are not extensions of the tenant',
        'use a ring group of the agents, or keep a queue server next to pbxc',
      );
      continue;
    }
    const strategyRaw = text(q, 'queue_strategy') ?? 'longest-idle-agent';
    const strategy = STRATEGY[strategyRaw] ?? 'rollover';
    const uuid = `queue:${text(q, 'call_center_queue_uuid')}`;
    const [app, data] = (() => {
      const action = text(q, 'queue_timeout_action');
      if (!action) return [undefined, undefined];
      const i = action.indexOf(':');
      return i < 0 ? [action, undefined] : [action.slice(0, i), action.slice(i + 1)];
    })();
    groups.push({
      domain_uuid: ctx.uuid,
      ring_group_uuid: uuid,
      ring_group_name: name,
      ring_group_extension: number,
      ring_group_strategy: strategy,
      ring_group_enabled: true,
      ...(app ? { ring_group_timeout_app: app, ring_group_timeout_data: data } : {}),
    });
    agents.forEach((a, i) =>
      destinations.push({
        ring_group_uuid: uuid,
        destination_number: a.ext,
        destination_delay: strategy === 'simultaneous' ? 0 : i,
        destination_timeout: a.timeout,
        destination_enabled: true,
      }),
    );
    ctx.report(
      'changed',
      where,
      `pbxc has no queues: it became ring group ${number} of its agents (${agents.map((a) => a.ext).join(', ')}), strategy ${strategy} for ${strategyRaw}; callers no longer wait in line with music`,
      'check the ring group; keep a queue server next to pbxc if callers must wait in line',
    );
  }
  return { groups, destinations };
}
