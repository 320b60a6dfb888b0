import { type BundlePointer, parseBundlePointer } from '../../model/deploy-names.js';

/**
 * The published pointer with its provenance: which bundle every node activates, which version it
 * replaced, its place in the history, who published it from which commit with which pbxc, and when.
 * Nodes read only version, key and sha256; the rest is for people and for the checks below.
 */
export interface PublishedPointer extends BundlePointer {
  /** 1, 2, 3, … per environment; each one is also written once to the history. */
  readonly sequence?: number;
  /** The version this one replaced. */
  readonly previous?: string;
  readonly publishedAt?: string;
  readonly publishedBy?: string;
  /** Git commit of the spec checkout that published (absent outside git). */
  readonly commit?: string;
  /** pbxc version that published. */
  readonly pbxc?: string;
  /** Set by pbxc rollback. */
  readonly rollback?: boolean;
}

export interface Provenance {
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly commit?: string;
  readonly pbxc: string;
}

const SAFE = /^[A-Za-z0-9@._+:/ -]{1,200}$/;

export function parsePublishedPointer(text: string): PublishedPointer | undefined {
  const base = parseBundlePointer(text);
  if (!base) return undefined;
  const v = JSON.parse(text) as Record<string, unknown>;
  const str = (k: string) =>
    typeof v[k] === 'string' && SAFE.test(v[k] as string) ? (v[k] as string) : undefined;
  const sequence =
    Number.isInteger(v.sequence) && (v.sequence as number) > 0 ? (v.sequence as number) : undefined;
  const previous =
    typeof v.previous === 'string' && /^[0-9a-f]{12}$/.test(v.previous) ? v.previous : undefined;
  const commit = typeof v.commit === 'string' && /^[0-9a-f]{7,64}$/.test(v.commit) ? v.commit : undefined;
  return {
    ...base,
    ...(sequence ? { sequence } : {}),
    ...(previous ? { previous } : {}),
    ...(str('publishedAt') ? { publishedAt: str('publishedAt') } : {}),
    ...(str('publishedBy') ? { publishedBy: str('publishedBy') } : {}),
    ...(commit ? { commit } : {}),
    ...(str('pbxc') ? { pbxc: str('pbxc') } : {}),
    ...(v.rollback === true ? { rollback: true } : {}),
  };
}

/** Compact JSON with a fixed key order (version, key and sha256 first: what nodes read). */
export function publishedPointerJson(p: PublishedPointer): string {
  const ordered: Record<string, unknown> = { version: p.version, key: p.key, sha256: p.sha256 };
  for (const k of [
    'sequence',
    'previous',
    'publishedAt',
    'publishedBy',
    'commit',
    'pbxc',
    'rollback',
  ] as const)
    if (p[k] !== undefined) ordered[k] = p[k];
  return JSON.stringify(ordered);
}

/** What the control plane holds now: the pointer and the newest history entries. */
export interface Published {
  readonly pointer?: PublishedPointer;
  /** Sorted by sequence, oldest first. */
  readonly history: readonly PublishedPointer[];
}

/**
 * The record to build on: normally the pointer; when the history has a newer entry, a publish that
 * claimed its sequence and died before writing the pointer (the history is written first), so that
 * entry is what was meant to be live.
 */
export function latest(p: Published): PublishedPointer | undefined {
  const last = p.history.at(-1);
  if (last?.sequence !== undefined && (p.pointer?.sequence ?? 0) < last.sequence) return last;
  return p.pointer;
}

/** Is the published commit contained in this checkout? From git merge-base --is-ancestor. */
export type Ancestry = 'same' | 'ancestor' | 'not-ancestor' | 'unknown';

export type PublishDecision =
  | { readonly action: 'unchanged'; readonly current: PublishedPointer; readonly repair: boolean }
  | { readonly action: 'refuse'; readonly reason: string }
  | { readonly action: 'write'; readonly pointer: PublishedPointer; readonly warnings: readonly string[] };

/**
 * Pure: may this bundle replace what is published? Never silently backwards: a version that was
 * live before and was replaced, or a spec from a checkout that does not contain the published
 * commit (a concurrent or older CI run), is refused unless `allowOlder`.
 */
export function decidePublish(input: {
  readonly published: Published;
  readonly next: BundlePointer;
  readonly provenance: Provenance;
  readonly allowOlder: boolean;
  readonly ancestry: Ancestry;
}): PublishDecision {
  const { published, next, provenance, allowOlder, ancestry } = input;
  const current = latest(published);
  const repair = current !== undefined && current !== published.pointer;
  if (current && current.version === next.version && current.sha256 === next.sha256)
    return { action: 'unchanged', current, repair };
  const warnings: string[] = [];
  if (current) {
    const before = published.history.filter((h) => h.version === next.version).at(-1);
    if (before && !allowOlder)
      return {
        action: 'refuse',
        reason: `version ${next.version} was published before (#${before.sequence}${before.publishedAt ? `, ${before.publishedAt}` : ''}) and has been replaced by ${current.version}: publishing it again goes backwards. Use pbxc rollback --to ${next.version}, or --allow-older`,
      };
    if (current.commit && ancestry === 'not-ancestor' && !allowOlder)
      return {
        action: 'refuse',
        reason: `the published version ${current.version} comes from commit ${current.commit}, which this checkout${provenance.commit ? ` (${provenance.commit.slice(0, 12)})` : ''} does not contain: a newer spec was published, or this branch is behind. Merge it first, or --allow-older`,
      };
    if (current.commit && ancestry === 'unknown')
      warnings.push(
        `cannot tell whether the published commit ${current.commit.slice(0, 12)} is older than this checkout (not in the local history; a shallow clone?)`,
      );
    if (before)
      warnings.push(`publishing ${next.version} again (--allow-older): it replaces ${current.version}`);
  }
  return {
    action: 'write',
    warnings,
    pointer: {
      version: next.version,
      key: next.key,
      sha256: next.sha256,
      sequence: (current?.sequence ?? 0) + 1,
      ...(current ? { previous: current.version } : {}),
      ...provenance,
    },
  };
}

export type RollbackDecision =
  | { readonly action: 'refuse'; readonly reason: string }
  | { readonly action: 'write'; readonly pointer: PublishedPointer };

/**
 * Pure: the pointer `pbxc rollback` writes. Without `to`: the version the current one replaced.
 * With `to` (a version or a unique prefix of at least 4 hex digits): that version's newest history
 * entry. Either way a new history entry, so rolling forward again is an ordinary publish.
 */
export function decideRollback(input: {
  readonly published: Published;
  readonly to?: string;
  readonly provenance: Provenance;
}): RollbackDecision {
  const { published, to, provenance } = input;
  const current = latest(published);
  if (!current) return { action: 'refuse', reason: 'nothing has been published yet' };
  let target: PublishedPointer | undefined;
  if (to !== undefined) {
    if (!/^[0-9a-f]{4,12}$/.test(to))
      return { action: 'refuse', reason: `--to ${to} is not a version (hex digits)` };
    const versions = [...new Set(published.history.map((h) => h.version).filter((v) => v.startsWith(to)))];
    if (versions.length > 1)
      return { action: 'refuse', reason: `--to ${to} matches ${versions.join(', ')}: give more digits` };
    target = published.history.filter((h) => h.version === versions[0]).at(-1);
    if (!target) return { action: 'refuse', reason: `version ${to} is not in the published history` };
  } else {
    const wanted = current.previous;
    target = wanted ? published.history.filter((h) => h.version === wanted).at(-1) : undefined;
    if (!target)
      return {
        action: 'refuse',
        reason: wanted
          ? `the previous version ${wanted} is not in the history any more: name one with --to`
          : `${current.version} replaced nothing: there is no earlier version to roll back to`,
      };
  }
  if (target.version === current.version)
    return { action: 'refuse', reason: `${target.version} is already the published version` };
  return {
    action: 'write',
    pointer: {
      version: target.version,
      key: target.key,
      sha256: target.sha256,
      sequence: (current.sequence ?? 0) + 1,
      previous: current.version,
      ...provenance,
      ...(target.commit ? { commit: target.commit } : {}),
      rollback: true,
    },
  };
}
