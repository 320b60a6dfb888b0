import { note } from '../../yaml-style.js';
import { prefixToE164, toE164 } from '../dialing.js';
import { label } from '../names.js';
import { enabled, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

/**
 * Call block entries → call filters (blacklist); outbound blocks and per-extension scope reported.
 * FusionPBX (app/call_block/index.lua) matches a row by its caller ID *name* and number: a row with
 * no name blocks every caller number that starts with the number (`LIKE number%`), a row with a
 * name and a number needs both to match exactly, a row with a name only blocks that caller name.
 */
export function mapCallFilters(ctx: TenantContext): unknown[] {
  const out: { pattern: string; doc: unknown }[] = [];
  const rows = ctx.rows('v_call_block').filter((r) => text(r, 'domain_uuid') === ctx.uuid);
  for (const r of rows) {
    const raw = (text(r, 'call_block_number') ?? '').trim();
    const callerName = text(r, 'call_block_name');
    const name = label(text(r, 'call_block_description')) ?? label(callerName) ?? `Call block ${raw}`;
    const where = `call block "${label(callerName) ?? ''}" ${raw || '(no number)'}`.replace('"" ', '');
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
    if (!raw) {
      ctx.report(
        'skipped',
        where,
        `it blocks the caller ID name "${label(callerName) ?? ''}"; pbxc call filters match caller numbers only`,
        'block the caller by number if it has one',
      );
      continue;
    }
    const cc = text(r, 'call_block_country_code');
    const digits = raw.replace(/^\+/, '');
    // No name: a prefix match in FusionPBX, whatever the length of the number.
    const prefixMatch = !callerName;
    const e164 = prefixMatch
      ? cc && /^[0-9]{1,3}$/.test(cc)
        ? /^[0-9]+$/.test(digits) && cc.length + digits.length <= 15
          ? `+${cc}${digits}`
          : undefined
        : prefixToE164(raw, ctx.country)
      : cc
        ? (toE164(`${cc}${digits}`, ctx.country, undefined) ?? toE164(raw, ctx.country, cc))
        : toE164(raw, ctx.country);
    const pattern = e164 && prefixMatch ? `${e164}*` : e164;
    if (!pattern && !prefixMatch) {
      // Name and number must both match exactly: a short number no caller has blocks nothing.
      const prefix = prefixToE164(raw, ctx.country);
      ctx.report(
        'decision',
        where,
        `FusionPBX matches it only when the caller number is exactly ${raw} and the caller ID name exactly "${label(callerName)}"; no real caller number is ${raw}, so it blocks nothing${prefix ? ` (without a name it would block every number starting with ${raw}, +${prefix.slice(1)}* in pbxc)` : ''}`,
        prefix
          ? `add a call filter with pattern "${prefix}*" if every number starting with ${raw} was meant`
          : 'add a call filter by hand if something was meant',
      );
      continue;
    }
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
    if (prefixMatch) comments.push(`FusionPBX: no caller ID name, so every number starting with ${raw}`);
    else {
      comments.push(`FusionPBX: only with caller ID name "${label(callerName)}"`);
      ctx.report(
        'changed',
        where,
        `FusionPBX blocked ${raw} only when the caller ID name was also exactly "${label(callerName)}"; pbxc call filters cannot match names, so the filter blocks the number ${pattern} whatever the name`,
        'check that no wanted caller uses this number',
      );
    }
    if (out.some((x) => x.pattern === pattern)) {
      ctx.report('skipped', where, `another call block entry already covers ${pattern}`, 'nothing to do');
      continue;
    }
    out.push({ pattern, doc: note(doc, comments.join('; ') || undefined) });
  }
  return out.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0)).map((x) => x.doc);
}

export type { Row };
