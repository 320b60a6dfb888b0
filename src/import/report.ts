/**
 * What the import could not carry over one to one. Every FusionPBX object the importer saw but did
 * not map exactly ends up here: nothing is dropped silently.
 */
export type ReportKind = 'decision' | 'skipped' | 'changed';

export interface ReportItem {
  /** Tenant id, or undefined for platform-wide objects. */
  readonly tenant?: string;
  readonly kind: ReportKind;
  /** The FusionPBX object, e.g. `call center queue 400 "Kundenservice"`. */
  readonly object: string;
  readonly why: string;
  readonly todo: string;
}

export interface ImportSummary {
  readonly source: string;
  readonly tenants: readonly { id: string; domain: string; counts: Readonly<Record<string, number>> }[];
  readonly secrets: readonly string[];
  readonly keepPasswords: boolean;
}

const ORDER: Record<ReportKind, number> = { decision: 0, skipped: 1, changed: 2 };
const TITLE: Record<ReportKind, string> = {
  decision: 'Needs a decision',
  skipped: 'Skipped (no equivalent in the spec)',
  changed: 'Carried over with a change',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function sortReport(items: readonly ReportItem[]): ReportItem[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort(
    (a, b) =>
      ORDER[a.kind] - ORDER[b.kind] ||
      cmp(a.tenant ?? '', b.tenant ?? '') ||
      cmp(a.object, b.object) ||
      cmp(a.why, b.why),
  );
}

/** IMPORT-REPORT.md: a summary, then one table per kind. */
export function reportMarkdown(summary: ImportSummary, items: readonly ReportItem[]): string {
  const sorted = sortReport(items);
  const lines = [
    '# Import report',
    '',
    `Imported from FusionPBX (${cell(summary.source)}) by \`pbxc import fusionpbx\`.`,
    'Review this file before the first `pbxc build`; `pbxc validate` checks the spec itself.',
    '',
    '| tenant | domain | imported |',
    '| --- | --- | --- |',
  ];
  for (const t of summary.tenants) {
    const counts = Object.entries(t.counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    lines.push(`| ${t.id} | ${cell(t.domain)} | ${counts || 'nothing'} |`);
  }
  lines.push('');
  lines.push(
    summary.keepPasswords
      ? 'SIP passwords: the old FusionPBX passwords were kept as named secrets (`--keep-passwords`), so phones keep registering; rotate them after the move (remove the `password` entry and bump `rev`).'
      : 'SIP passwords: pbxc derives new ones from its master key; re-provision phones (or import again with `--keep-passwords` to keep the old ones during the move).',
  );
  if (summary.secrets.length > 0)
    lines.push(
      '',
      `Named secrets written to the --secrets file (never to the spec): ${summary.secrets.map((s) => `\`${s}\``).join(', ')}.`,
    );
  const counts = (k: ReportKind) => sorted.filter((i) => i.kind === k).length;
  lines.push(
    '',
    `${counts('decision')} need a decision, ${counts('skipped')} skipped, ${counts('changed')} carried over with a change.`,
  );
  for (const kind of ['decision', 'skipped', 'changed'] as const) {
    const rows = sorted.filter((i) => i.kind === kind);
    if (rows.length === 0) continue;
    lines.push(
      '',
      `## ${TITLE[kind]}`,
      '',
      '| tenant | FusionPBX object | why | what to do |',
      '| --- | --- | --- | --- |',
    );
    for (const r of rows)
      lines.push(`| ${r.tenant ?? '(platform)'} | ${cell(r.object)} | ${cell(r.why)} | ${cell(r.todo)} |`);
  }
  return `${lines.join('\n')}\n`;
}
