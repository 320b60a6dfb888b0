import type { Change, DiffReport } from './change.js';
import { PLATFORM_SCOPE } from './change.js';

export type DiffFormat = 'text' | 'markdown' | 'json';

export interface DiffHeader {
  /** What was compared, e.g. "origin/main (3f2a1c0)" and "working tree spec/". */
  readonly base: string;
  readonly head: string;
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

function scopes(report: DiffReport): string[] {
  const all = [...new Set(report.changes.map((c) => c.scope))];
  return [...all.filter((s) => s === PLATFORM_SCOPE), ...all.filter((s) => s !== PLATFORM_SCOPE).sort()];
}

function isEmpty(report: DiffReport): boolean {
  return report.changes.length === 0 && report.files.length === 0 && report.consequences.length === 0;
}

function fileCount(report: DiffReport): number {
  return report.files.reduce((n, f) => n + f.added.length + f.removed.length + f.changed.length, 0);
}

export function formatText(report: DiffReport, header: DiffHeader): string {
  const lines = [`pbxc diff ${header.base} → ${header.head}`];
  if (isEmpty(report)) return `${lines[0]}\nno changes\n`;
  if (report.risks.length > 0) {
    lines.push('', `RISKS (${report.risks.length})`);
    for (const r of report.risks) lines.push(`  ! ${r.scope}: ${r.message} [${r.kind}]`);
  }
  lines.push('', `CHANGES (${report.changes.length})`);
  for (const scope of scopes(report)) {
    lines.push(`  ${scope}`);
    for (const c of report.changes.filter((x) => x.scope === scope)) lines.push(...changeText(c));
  }
  if (report.consequences.length > 0) {
    lines.push('', 'CONSEQUENCES');
    for (const c of report.consequences) lines.push(`  ${c.scope}: ${c.message}`);
  }
  if (report.files.length > 0) {
    lines.push('', `GENERATED FILES (${fileCount(report)})`);
    for (const f of report.files) {
      lines.push(
        `  ${f.target}: ${f.changed.length} changed, ${f.added.length} added, ${f.removed.length} removed`,
      );
      for (const p of f.added) lines.push(`    + ${p}`);
      for (const p of f.removed) lines.push(`    - ${p}`);
      for (const p of f.changed) lines.push(`    ~ ${p}`);
    }
  }
  lines.push('', 'TERRAFORM');
  lines.push(...terraformLines(report).map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}

function changeText(c: Change): string[] {
  if (c.details.length <= 1)
    return [`    ${SIGN[c.kind]} ${c.object}${c.details.length === 1 ? `: ${c.details[0]}` : ''}`];
  return [`    ${SIGN[c.kind]} ${c.object}:`, ...c.details.map((d) => `        ${d}`)];
}

function terraformLines(report: DiffReport): string[] {
  if (report.terraform.length === 0)
    return ['no stack input changed: terraform plan shows no changes from this diff'];
  return [
    ...report.terraform.map((t) => `stack of environment ${t.environment}: ${t.inputs.join(', ')}`),
    'resource-level detail: npm run synth, then terraform plan in cdktf.out/stacks/<stack>',
  ];
}

/** Text from the spec inside Markdown: no HTML, no emphasis, no table or link syntax. */
export function mdEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

const BIG = 12;

export function formatMarkdown(report: DiffReport, header: DiffHeader): string {
  const md = [`### pbxc diff: ${mdEscape(header.base)} → ${mdEscape(header.head)}`, ''];
  if (isEmpty(report)) return `${md.join('\n')}No changes to the phone system.\n`;
  if (report.risks.length > 0) {
    md.push(
      `> [!WARNING]`,
      `> **${report.risks.length} risk${report.risks.length === 1 ? '' : 's'}** to review:`,
    );
    for (const r of report.risks) md.push(`> - **${r.kind}** (${mdEscape(r.scope)}): ${mdEscape(r.message)}`);
    md.push('');
  } else md.push('No risk flags.', '');
  for (const scope of scopes(report)) {
    const items = report.changes.filter((c) => c.scope === scope);
    const body = items.flatMap((c) => {
      const head = `- ${SIGN[c.kind] === '~' ? '✏️' : SIGN[c.kind] === '+' ? '➕' : '➖'} **${mdEscape(c.object)}**`;
      if (c.details.length <= 1) return [`${head}${c.details[0] ? `: ${mdEscape(c.details[0])}` : ''}`];
      return [head, ...c.details.map((d) => `  - ${mdEscape(d)}`)];
    });
    const title = `${scope === PLATFORM_SCOPE ? 'Platform' : `Tenant ${mdEscape(scope)}`} (${items.length} change${items.length === 1 ? '' : 's'})`;
    if (body.length > BIG)
      md.push('<details>', `<summary>${title}</summary>`, '', ...body, '', '</details>', '');
    else md.push(`#### ${title}`, '', ...body, '');
  }
  if (report.consequences.length > 0) {
    const body = report.consequences.map((c) => `- ${mdEscape(c.scope)}: ${mdEscape(c.message)}`);
    md.push(
      '<details>',
      `<summary>Consequences (${body.length})</summary>`,
      '',
      ...body,
      '',
      '</details>',
      '',
    );
  }
  if (report.files.length > 0) {
    md.push('<details>', `<summary>Generated files (${fileCount(report)})</summary>`, '');
    md.push('| target | changed | added | removed |', '| --- | --- | --- | --- |');
    for (const f of report.files)
      md.push(`| ${f.target} | ${f.changed.length} | ${f.added.length} | ${f.removed.length} |`);
    md.push('');
    for (const f of report.files)
      for (const [sign, paths] of [
        ['~', f.changed],
        ['+', f.added],
        ['-', f.removed],
      ] as const)
        for (const p of paths) md.push(`- \`${sign} ${p}\``);
    md.push('', '</details>', '');
  }
  md.push('**Terraform**', '', ...terraformLines(report).map((l) => `- ${mdEscape(l)}`), '');
  return `${md.join('\n')}`;
}

export function formatJson(report: DiffReport, header: DiffHeader): string {
  return `${JSON.stringify({ base: header.base, head: header.head, ...report }, null, 2)}\n`;
}

export function formatDiff(format: DiffFormat, report: DiffReport, header: DiffHeader): string {
  return format === 'json'
    ? formatJson(report, header)
    : format === 'markdown'
      ? formatMarkdown(report, header)
      : formatText(report, header);
}
