import { label } from '../names.js';
import { type FusionRows, int, type Row, text } from '../rows.js';
import {
  compareNumbers,
  plainDestination,
  resolveAction,
  splitAction,
  type TenantContext,
} from './context.js';

/** mod_callcenter's strategies pbxc writes as they are; FusionPBX may store ring-progressively too. */
const STRATEGIES = new Set([
  'ring-all',
  'longest-idle-agent',
  'round-robin',
  'top-down',
  'agent-with-least-talk-time',
  'agent-with-fewest-calls',
  'random',
  'sequentially-by-agent-order',
]);

const SOUND = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))(?!.*\/\/)(?!.*\/$)[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;

interface Agent {
  readonly extension: string;
  readonly level: number;
  readonly position: number;
  readonly row: Row | undefined;
}

const mine = (ctx: TenantContext, rows: FusionRows) =>
  rows.v_call_center_queues.filter((r) => text(r, 'domain_uuid') === ctx.uuid);

const numberOf = (q: Row) => (text(q, 'queue_extension') ?? '').toLowerCase();

/** A queue's agents in tier order: extensions of the tenant (from the agent's contact or id). */
function agentsOf(ctx: TenantContext, rows: FusionRows, q: Row): Agent[] {
  const agents: Agent[] = [];
  const tiers = rows.v_call_center_tiers
    .filter((t) => text(t, 'call_center_queue_uuid') === text(q, 'call_center_queue_uuid'))
    .sort(
      (a, b) =>
        (int(a, 'tier_level') ?? 0) - (int(b, 'tier_level') ?? 0) ||
        (int(a, 'tier_position') ?? 0) - (int(b, 'tier_position') ?? 0),
    );
  for (const t of tiers) {
    const a = rows.v_call_center_agents.find(
      (x) => text(x, 'call_center_agent_uuid') === text(t, 'call_center_agent_uuid'),
    );
    const contact = text(a, 'agent_contact') ?? '';
    const ext = (/user\/([a-z0-9]+)@/i.exec(contact)?.[1] ?? text(a, 'agent_id') ?? '').toLowerCase();
    if (!ctx.extensions.has(ext) || agents.some((x) => x.extension === ext)) continue;
    const clamp = (v: number | undefined, hi: number) => Math.min(Math.max(v ?? 1, 1), hi);
    agents.push({
      extension: ext,
      level: clamp(int(t, 'tier_level'), 9),
      position: clamp(int(t, 'tier_position'), 99),
      row: a,
    });
  }
  return agents;
}

/**
 * First pass: the tenant's call-centre queues that become pbxc queues (a pbxc number, at least one
 * agent that is an extension, a number no extension or ring group has) are registered in
 * ctx.queues, so every destination that names them resolves to {queue: N}; the others are reported.
 */
export function registerQueues(ctx: TenantContext, rows: FusionRows): void {
  for (const q of mine(ctx, rows)) {
    const number = numberOf(q);
    const name = label(text(q, 'queue_name')) ?? number;
    const where = `call center queue ${number} "${name}"`;
    const why = !/^[a-z0-9]{1,32}$/.test(number)
      ? 'its number is not a pbxc number'
      : agentsOf(ctx, rows, q).length === 0
        ? 'none of its agents is an enabled extension of the tenant'
        : ctx.extensions.has(number) || ctx.ringGroups.has(number)
          ? 'an extension or ring group has the same number'
          : undefined;
    if (why === undefined) {
      ctx.queues.set(number, q);
      continue;
    }
    ctx.others.set(number, where);
    ctx.report('skipped', where, why, 'renumber it or give it agents, then add it to queues: by hand');
  }
}

const seconds = (v: number | undefined, hi: number) =>
  v !== undefined && v > 0 ? Math.min(Math.round(v), hi) : undefined;

/** Second pass: the registered queues as spec documents, with what did not carry over reported. */
export function mapQueues(ctx: TenantContext, rows: FusionRows): unknown[] {
  const docs: unknown[] = [];
  for (const number of [...ctx.queues.keys()].sort(compareNumbers)) {
    const q = ctx.queues.get(number) as Row;
    const name = label(text(q, 'queue_name')) ?? number;
    const where = `call center queue ${number} "${name}"`;
    const agents = agentsOf(ctx, rows, q);
    const lost: string[] = [];
    const doc: Record<string, unknown> = { number, name };
    const strategy = text(q, 'queue_strategy') ?? 'longest-idle-agent';
    if (STRATEGIES.has(strategy)) doc.strategy = strategy;
    else {
      doc.strategy = 'ring-all';
      lost.push(`strategy ${strategy} (now ring-all)`);
    }
    doc.agents = agents.map((a) => ({
      extension: a.extension,
      ...(a.level !== 1 ? { level: a.level } : {}),
      ...(a.position !== 1 ? { position: a.position } : {}),
    }));
    const moh = text(q, 'queue_moh_sound') ?? '';
    if (/ring/.test(moh) && /^(?:tone_stream:|\$\{)/.test(moh)) doc.music_on_hold = 'ringback';
    else if (moh !== '' && !/^(?:local_stream:\/\/default|\$\$\{hold_music\})$/.test(moh))
      lost.push(`music on hold ${moh} (now the platform's hold music)`);
    const announce = text(q, 'queue_announce_sound');
    const every = int(q, 'queue_announce_frequency');
    if (announce && SOUND.test(announce) && every)
      doc.announcement = { sound: announce, every: Math.min(Math.max(every, 10), 3600) };
    else if (announce) lost.push(`announcement ${announce}`);
    if (text(q, 'queue_announce_position') === 'true') doc.announce_position = true;
    const maxWait = seconds(int(q, 'queue_max_wait_time'), 86400);
    if (maxWait) doc.max_wait = maxWait;
    const noAgent = seconds(int(q, 'queue_max_wait_time_with_no_agent'), 86400);
    if (noAgent) doc.no_agent_timeout = noAgent;
    const [app, data] = splitAction(text(q, 'queue_timeout_action'));
    if (app) {
      const target = resolveAction(ctx, app, data);
      const { dest } = plainDestination(ctx, target, `${where} timeout action`);
      if (dest) doc.on_timeout = dest;
      else
        lost.push(`timeout action ${app}:${data ?? ''}${target.kind === 'none' ? ` (${target.why})` : ''}`);
    }
    const wrapUp = Math.max(0, ...agents.map((a) => int(a.row, 'agent_wrap_up_time') ?? 10));
    doc.wrap_up = Math.min(wrapUp, 3600);
    const ring = Math.max(0, ...agents.map((a) => int(a.row, 'agent_call_timeout') ?? 20));
    doc.agent_timeout = Math.min(Math.max(ring, 5), 300);
    if (text(q, 'queue_record_template')) doc.record = true;
    if (text(q, 'queue_greeting')) lost.push(`greeting ${text(q, 'queue_greeting')}`);
    if (text(q, 'queue_cid_prefix')) lost.push(`caller ID prefix ${text(q, 'queue_cid_prefix')}`);
    if (text(q, 'queue_cc_exit_keys')) lost.push(`exit keys ${text(q, 'queue_cc_exit_keys')}`);
    if (text(q, 'queue_tier_rules_apply') === 'true') lost.push('tier rules');
    docs.push(doc);
    ctx.report(
      'changed',
      where,
      `it is queue ${number} with agents ${agents.map((a) => a.extension).join(', ')}; agents log in with the queue_login code (*50 by default), their FusionPBX status is not carried over${lost.length > 0 ? `; not carried over: ${lost.join(', ')}` : ''}`,
      'tell the agents to log in (*50), log out (*51) and take breaks (*52)',
    );
  }
  return docs;
}
