import { note } from '../../yaml-style.js';
import { label } from '../names.js';
import { flag, int, type Row, text } from '../rows.js';
import {
  compareNumbers,
  type Destination,
  plainDestination,
  resolveNumber,
  type TenantContext,
} from './context.js';

const FORWARDS = [
  ['always', 'forward_all'],
  ['on_busy', 'forward_busy'],
  ['on_no_answer', 'forward_no_answer'],
  ['on_unregistered', 'forward_user_not_registered'],
] as const;

const USER = /^[A-Za-z0-9._@-]{1,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ExtensionResult {
  readonly docs: unknown[];
  /** Aliases (FusionPBX number_alias). */
  readonly aliases: unknown[];
  /** Old SIP passwords by extension number (used with --keep-passwords). */
  readonly passwords: Map<string, string>;
}

function nameOf(e: Row): string {
  const full = [text(e, 'directory_first_name'), text(e, 'directory_last_name')].filter(Boolean).join(' ');
  return (
    label(text(e, 'effective_caller_id_name')) ??
    label(full) ??
    label(text(e, 'description')) ??
    String(text(e, 'extension'))
  );
}

function forwardTarget(
  ctx: TenantContext,
  number: string,
  kind: string,
  raw: string,
): Destination | undefined {
  const where = `extension ${number} forward ${kind} to ${raw}`;
  const target = resolveNumber(ctx, raw);
  if (target.kind === 'none') {
    ctx.report(
      'skipped',
      where,
      `the target is ${target.what}: ${target.why}`,
      'set a forward in the spec by hand',
    );
    return undefined;
  }
  return plainDestination(ctx, target, where).dest;
}

/** Extensions of one tenant, sorted by number, plus their aliases and old passwords. */
export function mapExtensions(ctx: TenantContext, users: Map<string, Row>): ExtensionResult {
  const docs: unknown[] = [];
  const aliases: unknown[] = [];
  const passwords = new Map<string, string>();
  const numbers = [...ctx.extensions.keys()].sort(compareNumbers);
  for (const number of numbers) {
    const e = ctx.extensions.get(number) as Row;
    const uuid = text(e, 'extension_uuid') ?? '';
    const vm = ctx
      .rows('v_voicemails')
      .find((v) => text(v, 'domain_uuid') === ctx.uuid && text(v, 'voicemail_id') === number);
    const user = users.get(uuid);
    const name = nameOf(e);
    const doc: Record<string, unknown> = { number, name };
    const username = text(user, 'username');
    if (username && USER.test(username)) doc.user = username;
    const email = text(vm, 'voicemail_mail_to') ?? text(user, 'user_email');
    if (email && EMAIL.test(email) && email.length <= 254) doc.email = email;
    else if (email)
      ctx.report(
        'changed',
        `extension ${number} e-mail ${email}`,
        'it is not one e-mail address',
        'set email by hand (voicemail to e-mail needs it)',
      );
    if (ctx.voicemailOn.has(number)) doc.voicemail = true;
    const record = text(e, 'user_record');
    if (record)
      doc.record = note(true, record === 'all' ? undefined : `FusionPBX records ${record} calls only`);
    if (flag(e, 'do_not_disturb')) doc.dnd = true;
    const forward: Record<string, unknown> = {};
    for (const [kind, column] of FORWARDS) {
      const dest = text(e, `${column}_destination`);
      if (!flag(e, `${column}_enabled`) || !dest) continue;
      const to = forwardTarget(ctx, number, kind.replace('_', ' '), dest);
      if (!to) continue;
      const timeout = int(e, 'call_timeout');
      forward[kind] =
        kind === 'on_no_answer' && timeout !== undefined && timeout >= 5 && timeout <= 300
          ? { after: timeout, to }
          : { to };
    }
    followMe(ctx, e, number, forward);
    if (Object.keys(forward).length > 0) doc.forward = forward;
    const cidName = label(text(e, 'effective_caller_id_name'));
    if (cidName && cidName !== name) doc.caller_id_name = cidName;
    docs.push(doc);
    notCarried(ctx, e, number);
    const password = text(e, 'password');
    if (password) passwords.set(number, password);
    const alias = text(e, 'number_alias');
    if (alias && /^[a-z0-9]{1,32}$/.test(alias) && alias !== number)
      aliases.push(note({ number: alias, to: { extension: number } }, 'FusionPBX number alias'));
  }
  return { docs, aliases, passwords };
}

/** Follow-me becomes a no-answer forward to the first other destination, after its delay. */
function followMe(ctx: TenantContext, e: Row, number: string, forward: Record<string, unknown>): void {
  const fmUuid = text(e, 'follow_me_uuid');
  if (!fmUuid) return;
  const fm = ctx.rows('v_follow_me').find((r) => text(r, 'follow_me_uuid') === fmUuid);
  if (!fm) {
    ctx.report(
      'skipped',
      `extension ${number} follow-me ${fmUuid}`,
      'the follow-me row no longer exists (orphaned reference)',
      'nothing to do',
    );
    return;
  }
  if (!(flag(fm, 'follow_me_enabled') ?? flag(e, 'follow_me_enabled'))) return;
  const dests = ctx
    .rows('v_follow_me_destinations')
    .filter((d) => text(d, 'follow_me_uuid') === fmUuid)
    .sort(
      (a, b) =>
        (int(a, 'follow_me_order') ?? 0) - (int(b, 'follow_me_order') ?? 0) ||
        (int(a, 'follow_me_delay') ?? 0) - (int(b, 'follow_me_delay') ?? 0),
    );
  const list = dests
    .map(
      (d) =>
        `${text(d, 'follow_me_destination')} (delay ${int(d, 'follow_me_delay') ?? 0} s, ${int(d, 'follow_me_timeout') ?? 0} s)`,
    )
    .join(', ');
  const other = dests.find((d) => text(d, 'follow_me_destination') !== number);
  const where = `extension ${number} follow-me: ${list}`;
  if (!other) return;
  if (forward.on_no_answer || forward.always) {
    ctx.report(
      'skipped',
      where,
      'pbxc has no follow-me, and the extension already forwards on no answer',
      'ring the destinations with a ring group instead',
    );
    return;
  }
  const raw = text(other, 'follow_me_destination') ?? '';
  const target = resolveNumber(ctx, raw);
  const to = target.kind === 'none' ? undefined : plainDestination(ctx, target, where).dest;
  if (!to) {
    ctx.report(
      'skipped',
      where,
      `pbxc has no follow-me and ${raw} is not reachable`,
      'ring the destinations with a ring group instead',
    );
    return;
  }
  const delay = Math.max(5, Math.min(300, int(other, 'follow_me_delay') || int(e, 'call_timeout') || 20));
  const confirm = (text(other, 'follow_me_prompt') ?? '') === '1';
  forward.on_no_answer = note(
    { after: delay, to },
    `FusionPBX follow-me: ${list}${confirm ? `; confirm on ${raw} lost` : ''}`,
  );
  ctx.report(
    'changed',
    where,
    `pbxc has no follow-me: it became a forward on no answer to ${raw} after ${delay} s${
      confirm
        ? `. The confirm is lost: FusionPBX made ${raw} press 1 to take the call, so its own voicemail could not answer it; the forward connects whatever answers at ${raw}, voicemail included`
        : ''
    }`,
    confirm
      ? `check the forward; if ${raw} is a mobile with voicemail, shorten its voicemail delay or drop the forward`
      : 'check the forward; use a ring group where the destinations must ring together',
  );
}

/** A setting for the report; values of anything that looks like a credential are not shown. */
export function settingText(name: string, value: string | undefined): string {
  return /pass|secret|key|token|pin|auth/i.test(name)
    ? `${name} (value not shown)`
    : `${name}=${value ?? ''}`;
}

/** Per-extension settings the spec has no field for: one report line listing them. */
function notCarried(ctx: TenantContext, e: Row, number: string): void {
  const lost: string[] = [];
  const context = text(e, 'user_context');
  if (context && context !== ctx.domain)
    lost.push(`user_context ${context} (not the domain: FusionPBX routes its calls elsewhere)`);
  const cidNumber = text(e, 'effective_caller_id_number');
  if (cidNumber && cidNumber !== number) lost.push(`internal caller ID number ${cidNumber}`);
  for (const col of [
    'limit_max',
    'hold_music',
    'missed_call_app',
    'absolute_codec_string',
    'auth_acl',
    'cidr',
    'dial_string',
    'mwi_account',
  ]) {
    const v = text(e, col);
    if (v && !(col === 'limit_max' && v === '5')) lost.push(`${col} ${v}`);
  }
  if (flag(e, 'call_screen_enabled')) lost.push('call screening');
  for (const s of ctx
    .rows('v_extension_settings')
    .filter((r) => text(r, 'extension_uuid') === text(e, 'extension_uuid')))
    lost.push(
      `setting ${settingText(text(s, 'extension_setting_name') ?? '?', text(s, 'extension_setting_value'))}`,
    );
  if (lost.length === 0) return;
  const decision = context !== undefined && context !== ctx.domain;
  ctx.report(
    decision ? 'decision' : 'changed',
    `extension ${number}`,
    `not carried over: ${lost.join('; ')}`,
    decision
      ? "check where this extension's calls must go; pbxc puts every extension in the tenant context"
      : 'set these on the PBX by other means if still needed',
  );
}
