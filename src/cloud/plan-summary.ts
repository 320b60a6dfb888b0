/**
 * What a saved Terraform plan does, from `terraform show -json <plan>`: how many resources are
 * added, changed and destroyed, and which changes hurt a running phone system (a node replaced or
 * stopped and started in place, an address released or re-associated, a firewall rule deleted, a
 * shared storage mount target replaced, a DNS record or the bundle bucket deleted). Pure: a CI job posts the result on
 * the pull request, and `pbxc apply` prints it before applying.
 */

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace';

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** For an update: the top-level attributes that change (unknown values count as changed). */
  readonly attributes?: readonly string[];
}

export interface DestructiveChange extends ResourceChange {
  /** Why a reviewer must look: "node replaced", "Elastic IP released", ... */
  readonly reason: string;
}

export interface PlanSummary {
  readonly environment: string;
  /** Counted as Terraform counts them: a replacement is one add and one destroy. */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Every create, update, delete or replace, by address. */
  readonly changes: readonly ResourceChange[];
  readonly destructive: readonly DestructiveChange[];
}

/** The part of `terraform show -json` this reads (format_version 1.x). */
interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address?: string;
    readonly type?: string;
    readonly mode?: string;
    readonly change?: {
      readonly actions?: readonly string[];
      readonly before?: unknown;
      readonly after?: unknown;
    };
  }[];
}

/** The resource types whose loss a phone platform feels, and what losing one means. */
const DESTRUCTIVE: Readonly<Record<string, { readonly delete: string; readonly replace: string }>> = {
  aws_instance: { delete: 'node destroyed', replace: 'node replaced' },
  aws_eip: { delete: 'Elastic IP released', replace: 'Elastic IP released (a new address)' },
  aws_route53_record: { delete: 'DNS record deleted', replace: 'DNS record deleted and re-created' },
  aws_s3_bucket: { delete: 'bundle bucket deleted', replace: 'bundle bucket deleted and re-created' },
  aws_efs_file_system: {
    delete: 'shared storage deleted (voicemail, recordings, feature state)',
    replace: 'shared storage replaced (voicemail, recordings, feature state lost)',
  },
};

/** Updates in place that still hurt: Terraform changes these without replacing them. */
const DISRUPTIVE_UPDATE: Readonly<Record<string, string>> = {
  // AWS stops and starts an instance for a new user_data or instance type: its calls drop.
  aws_instance: 'node updated in place (stopped and started: its calls drop)',
};

/** Firewall rules: deleting one stops the traffic it let in (trunks, phones, admin). */
const FIREWALL_RULES = new Set([
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_security_group_rule',
]);

/** Types whose replacement or deletion interrupts service without losing data. */
const INTERRUPTING: Readonly<Record<string, { readonly delete: string; readonly replace: string }>> = {
  aws_efs_mount_target: {
    delete: 'shared storage mount target deleted (nodes in its zone lose voicemail and state)',
    replace: 'shared storage mount target replaced (NFS mounts in its zone hang until it is back)',
  },
  aws_eip_association: {
    delete: 'Elastic IP association deleted (the node loses its public address)',
    replace: 'Elastic IP association replaced (the address leaves the node for a moment)',
  },
};

export class PlanFormatError extends Error {}

/** Top-level attributes whose values differ between before and after (sorted). */
export function changedAttributes(before: unknown, after: unknown): string[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/** Why a change hurts a running phone system, or undefined when it does not. */
export function disruption(
  c: ResourceChange & { readonly attributes?: readonly string[] },
): string | undefined {
  const meaning = DESTRUCTIVE[c.type] ?? INTERRUPTING[c.type];
  if (meaning && (c.action === 'delete' || c.action === 'replace')) return meaning[c.action];
  if (FIREWALL_RULES.has(c.type) && (c.action === 'delete' || c.action === 'replace')) {
    return c.action === 'delete'
      ? 'firewall rule deleted (the traffic it allowed is dropped)'
      : 'firewall rule replaced (its traffic is dropped between delete and create)';
  }
  const update = DISRUPTIVE_UPDATE[c.type];
  if (update && c.action === 'update') {
    const attrs = (c.attributes ?? []).filter((a) => a !== 'tags' && a !== 'tags_all');
    // Tags alone never restart an instance.
    if (c.attributes && attrs.length === 0) return undefined;
    return attrs.length > 0 ? `${update}: ${attrs.join(', ')} changed` : update;
  }
  return undefined;
}

export function actionOf(actions: readonly string[]): ChangeAction | undefined {
  const set = new Set(actions);
  if (set.has('delete') && set.has('create')) return 'replace';
  if (set.has('create')) return 'create';
  if (set.has('delete')) return 'delete';
  if (set.has('update')) return 'update';
  return undefined; // no-op, read
}

export function summarizePlan(environment: string, plan: unknown): PlanSummary {
  if (!plan || typeof plan !== 'object' || Array.isArray(plan))
    throw new PlanFormatError('not a Terraform plan (expected the JSON object of terraform show -json)');
  const changes: ResourceChange[] = [];
  for (const rc of (plan as PlanJson).resource_changes ?? []) {
    if (rc.mode === 'data' || typeof rc.address !== 'string' || typeof rc.type !== 'string') continue;
    const action = actionOf(rc.change?.actions ?? []);
    if (action)
      changes.push({
        address: rc.address,
        type: rc.type,
        action,
        ...(action === 'update'
          ? { attributes: changedAttributes(rc.change?.before, rc.change?.after) }
          : {}),
      });
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const count = (...actions: ChangeAction[]) => changes.filter((c) => actions.includes(c.action)).length;
  const destructive = changes.flatMap((c) => {
    const reason = disruption(c);
    return reason ? [{ address: c.address, type: c.type, action: c.action, reason }] : [];
  });
  return {
    environment,
    add: count('create', 'replace'),
    change: count('update'),
    destroy: count('delete', 'replace'),
    changes,
    destructive,
  };
}

/** One line, as Terraform prints it, plus the destructive count. */
export function summaryLine(s: PlanSummary): string {
  const base = `${s.environment}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`;
  return s.destructive.length > 0 ? `${base}; ${s.destructive.length} destructive` : base;
}

/** Markdown for a pull request comment. Addresses are Terraform's own (no user text reaches it raw). */
export function summaryMarkdown(s: PlanSummary): string {
  const lines = [`### pbxc plan: ${s.environment}`, '', `**${summaryLine(s)}**`, ''];
  if (s.destructive.length > 0) {
    lines.push('> [!WARNING]', '> Destructive changes:', '>');
    for (const d of s.destructive) lines.push(`> - \`${d.address}\`: ${d.reason}`);
    lines.push('');
  }
  if (s.changes.length > 0) {
    lines.push('| action | resource |', '| --- | --- |');
    for (const c of s.changes) lines.push(`| ${c.action} | \`${c.address}\` |`);
  } else lines.push('No changes.');
  return `${lines.join('\n')}\n`;
}
