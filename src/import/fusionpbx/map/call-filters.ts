import { note } from '../../yaml-style.js';
import { prefixToE164, toE164 } from '../dialing.js';
import { label } from '../names.js';
import { enabled, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

/** Call block entries → call filters (blacklist); outbound blocks and per-extension scope reported. */
export function mapCallFilters(ctx: TenantContext): unknown[] {
  const out: { pattern: string; doc: unknown }[] = [];
  const rows = ctx.rows('v_call_block').filter((r) => text(r, 'domain_uuid') === ctx.uuid);
  for (const r of rows) {
    const raw = text(r, 'call_block_number') ?? '';
    const name = label(text(r, 'call_block_name')) ?? raw;
    const where = `call block "${name}" ${raw}`;
    if (!enabled(r, 'call_block_enabled')) {
      ctx.report('skipped', where, 'it is disabled in FusionPBX', 'nothing to do');
      continue;
    }
    const direction = text(r, 'call_block_direction') ?? 'inbound';
    if (direction !== 'inbound') {
      ctx.report(
        'skipped',
        where,
        'it blocks outbound calls; pbxc call filters act on inbound calls',
        'restrict the outbound routes (allow lists, prefixes) instead',
      );
      continue;
    }
    const cc = text(r, 'call_block_country_code');
    const e164 = cc
      ? (toE164(`${cc}${raw.replace(/^\+/, '')}`, ctx.country, undefined) ?? toE164(raw, ctx.country, cc))
      : toE164(raw, ctx.country);
    const prefix = e164 === undefined && raw.length < 7 ? prefixToE164(raw, ctx.country) : undefined;
    const pattern = e164 ?? (prefix ? `${prefix}*` : undefined);
    if (!pattern || !/^\+[0-9]{1,15}\*?$/.test(pattern)) {
      ctx.report(
        'skipped',
        where,
        `${raw} cannot be read as a number or prefix`,
        'add a call filter by hand',
      );
      continue;
    }
    const doc: Record<string, unknown> = { name, type: 'blacklist', pattern };
    const app = text(r, 'call_block_app') ?? 'reject';
    const data = text(r, 'call_block_data');
    const comments: string[] = [];
    if (app === 'reject') doc.action = 'reject';
    else if (app === 'busy') {
      doc.action = 'reject';
      comments.push('FusionPBX: busy');
    } else if (app === 'hold') {
      doc.action = 'hangup';
      comments.push('FusionPBX: hold (no equivalent)');
      ctx.report('changed', where, 'pbxc cannot put blocked callers on hold', 'they are hung up now');
    } else if (app === 'voicemail' && data && ctx.voicemailOn.has(data.split(/\s+/).pop() ?? '')) {
      doc.action = 'voicemail';
      doc.voicemail = data.split(/\s+/).pop();
    } else {
      doc.action = 'reject';
      ctx.report(
        'changed',
        where,
        `its action ${app}${data ? ` ${data}` : ''} has no call filter equivalent`,
        'the caller is rejected now; change the action if needed',
      );
    }
    if (text(r, 'extension_uuid')) {
      const ext = [...ctx.extensions.entries()].find(
        ([, e]) => text(e, 'extension_uuid') === text(r, 'extension_uuid'),
      )?.[0];
      ctx.report(
        'changed',
        where,
        `it applied to extension ${ext ?? '(unknown)'} only; pbxc call filters apply to the whole tenant`,
        'remove it if others must still receive these calls',
      );
      comments.push(`FusionPBX: extension ${ext ?? '?'} only`);
    }
    if (e164 === undefined) comments.push(`prefix from ${raw}`);
    if (out.some((x) => x.pattern === pattern)) {
      ctx.report('skipped', where, `another call block entry already covers ${pattern}`, 'nothing to do');
      continue;
    }
    out.push({ pattern, doc: note(doc, comments.join('; ') || undefined) });
  }
  return out.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0)).map((x) => x.doc);
}

export type { Row };
