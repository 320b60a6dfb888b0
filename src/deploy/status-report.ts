import type { PublishedPointer } from './publish/pointer.js';
import type { NodeState } from './status-view.js';

/** A node's operator override (pbxc node pause|resume|pin), as stored next to its status. */
export interface NodeOverride {
  readonly paused?: boolean;
  /** The version the node stays on, with its key and digest (from the history). */
  readonly pin?: { readonly version: string; readonly key: string; readonly sha256: string };
  readonly by?: string;
  readonly at?: string;
}

export function parseNodeOverride(text: string | undefined): NodeOverride {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const pin = v.pin as Record<string, unknown> | undefined;
    const okPin =
      pin &&
      typeof pin.version === 'string' &&
      /^[0-9a-f]{12}$/.test(pin.version) &&
      typeof pin.key === 'string' &&
      /^[A-Za-z0-9._/-]{1,1000}$/.test(pin.key) &&
      typeof pin.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(pin.sha256);
    return {
      ...(v.paused === true ? { paused: true } : {}),
      ...(okPin
        ? { pin: { version: pin.version as string, key: pin.key as string, sha256: pin.sha256 as string } }
        : {}),
      ...(typeof v.by === 'string' ? { by: v.by.slice(0, 100) } : {}),
      ...(typeof v.at === 'string' ? { at: v.at.slice(0, 40) } : {}),
    };
  } catch {
    return {};
  }
}

export type NodeProblem = 'never-reported' | 'stale' | 'behind' | 'failed';

export interface NodeRow {
  readonly node: string;
  readonly role: string;
  /** A lease group node: its lease as it last reported it. */
  readonly lease?: string;
  /** Version serving now, with the commit and time it was published (from the history). */
  readonly active?: string;
  readonly commit?: string;
  readonly publishedAt?: string;
  readonly condition?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly reportedAt?: string;
  /** Seconds since the last report. */
  readonly age?: number;
  readonly agent?: string;
  readonly override?: string;
  readonly warnings: readonly string[];
  /** Names the node's certificate covers (from its last report). */
  readonly certificateCovers?: readonly string[];
  readonly problems: readonly NodeProblem[];
}

export interface StatusReport {
  readonly published?: PublishedPointer;
  readonly nodes: readonly NodeRow[];
  /** Nodes that report but are not in the spec (an old node, another environment's name). */
  readonly unknown: readonly string[];
  readonly maxAgeSeconds: number;
  readonly ok: boolean;
}

/**
 * Pure: what `pbxc status` shows and whether it passes. Every node the spec defines must have
 * reported within `maxAgeSeconds`, serve the published version and be Ready; a paused or pinned
 * node is shown as such and may stay behind on purpose, but must still report.
 */
export function statusReport(input: {
  readonly published?: PublishedPointer;
  readonly history: readonly PublishedPointer[];
  readonly expected: readonly string[];
  readonly states: readonly NodeState[];
  readonly overrides: ReadonlyMap<string, NodeOverride>;
  readonly now: Date;
  readonly maxAgeSeconds: number;
  readonly single: boolean;
}): StatusReport {
  const byVersion = new Map<string, PublishedPointer>();
  for (const h of input.history) byVersion.set(h.version, h);
  if (input.published) byVersion.set(input.published.version, input.published);
  const states = new Map(input.states.map((s) => [s.node, s]));
  const names = [...new Set([...input.expected])].sort();
  const nodes = names.map((node): NodeRow => {
    const s = states.get(node);
    const o = input.overrides.get(node) ?? {};
    const override = o.paused ? 'paused' : o.pin ? `pinned to ${o.pin.version}` : undefined;
    const role = s?.report?.role ?? (input.single ? 'single' : 'unknown');
    if (!s)
      return { node, role, ...(override ? { override } : {}), warnings: [], problems: ['never-reported'] };
    const reported = Date.parse(s.attemptedAt);
    const age = Number.isNaN(reported)
      ? undefined
      : Math.max(0, Math.round((input.now.getTime() - reported) / 1000));
    const origin = s.active ? byVersion.get(s.active) : undefined;
    const problems: NodeProblem[] = [];
    if (age === undefined || age > input.maxAgeSeconds) problems.push('stale');
    if (s.condition === 'Failed') problems.push('failed');
    const target = o.pin?.version ?? input.published?.version;
    if (!o.paused && (target === undefined || s.active !== target)) problems.push('behind');
    return {
      node,
      role,
      ...(s.report?.lease ? { lease: s.report.lease } : {}),
      ...(s.active ? { active: s.active } : {}),
      ...(origin?.commit ? { commit: origin.commit } : {}),
      ...(origin?.publishedAt ? { publishedAt: origin.publishedAt } : {}),
      condition: s.condition,
      reason: s.reason,
      message: s.message,
      reportedAt: s.attemptedAt,
      ...(age !== undefined ? { age } : {}),
      ...(s.report?.agent ? { agent: s.report.agent } : {}),
      ...(override ? { override } : {}),
      warnings: [
        ...(s.report?.tlsWarning ? [s.report.tlsWarning] : []),
        ...(s.report?.tlsNames ?? [])
          .filter((n) => !n.covered)
          .map((n) => `certificate does not cover ${n.name}: ${n.why ?? 'unknown'}`),
      ],
      ...(s.report?.tlsNames
        ? { certificateCovers: s.report.tlsNames.filter((n) => n.covered).map((n) => n.name) }
        : {}),
      problems,
    };
  });
  const unknown = [...states.keys()].filter((n) => !names.includes(n)).sort();
  return {
    ...(input.published ? { published: input.published } : {}),
    nodes,
    unknown,
    maxAgeSeconds: input.maxAgeSeconds,
    ok: input.published !== undefined && nodes.every((n) => n.problems.length === 0),
  };
}

function ago(seconds: number | undefined): string {
  if (seconds === undefined) return 'unknown time';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

export function formatStatusReport(r: StatusReport): string[] {
  const p = r.published;
  const lines = [
    p
      ? `published: ${p.version} #${p.sequence ?? '-'}${p.rollback ? ' (rollback)' : ''} by ${p.publishedBy ?? 'unknown'} at ${p.publishedAt ?? 'unknown time'}${p.commit ? `, commit ${p.commit.slice(0, 12)}` : ''}${p.pbxc ? `, pbxc ${p.pbxc}` : ''}`
      : 'published: nothing yet',
  ];
  for (const n of r.nodes) {
    const head = `${n.node} (${n.role}${n.lease ? `; lease ${n.lease}` : ''})`;
    if (n.problems.includes('never-reported')) {
      lines.push(`${head}  never reported${n.override ? `  [${n.override}]` : ''}  FAIL`);
      continue;
    }
    const origin = [
      n.commit ? `commit ${n.commit.slice(0, 12)}` : '',
      n.publishedAt ? `published ${n.publishedAt}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `${head}  active ${n.active ?? '-'}${origin ? ` (${origin})` : ''}  ${n.condition} ${n.reason}  reported ${n.reportedAt} (${ago(n.age)})${n.agent ? `  pbxc ${n.agent}` : ''}${n.override ? `  [${n.override}]` : ''}${n.problems.length ? `  FAIL: ${n.problems.join(', ')}` : ''}`,
    );
    if (n.message) lines.push(`    ${n.message}`);
    if (n.certificateCovers)
      lines.push(
        `    certificate covers: ${n.certificateCovers.join(', ') || 'none of the names clients use'}`,
      );
    for (const w of n.warnings) lines.push(`    warning: ${w}`);
  }
  for (const u of r.unknown) lines.push(`${u}: reports, but is not a node of this environment (ignored)`);
  lines.push(
    r.ok
      ? `ok: every node reported within ${r.maxAgeSeconds} s and serves what it should`
      : `FAILED: ${p ? `a node never reported, is stale (no report within ${r.maxAgeSeconds} s), behind or failed` : 'nothing is published'}`,
  );
  return lines;
}
