import { note } from '../../yaml-style.js';
import { label } from '../names.js';
import { enabled, int, type Row, text } from '../rows.js';
import { compareNumbers, plainDestination, resolveAction, type TenantContext } from './context.js';
import { mediaNameOf, recordingOf } from './recordings.js';

const SOUND = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}$/;

/** A sound path as pbxc wants it: relative, safe characters only. */
function sound(path: string | undefined): string | undefined {
  if (!path) return undefined;
  // Recordings live in FusionPBX's per-domain folder: the file name is what the sounds folder gets.
  const s = (/\/recordings\//.test(path) ? (path.split('/').pop() ?? '') : path)
    .replace(/^\$\$\{[a-z_]+\}\//, '')
    .replace(/^\/+/, '');
  return SOUND.test(s) ? s : undefined;
}

/** IVR menus with their digit options; aliases for their numbers so they stay dialable. */
export function mapIvrMenus(ctx: TenantContext): { docs: unknown[]; aliases: unknown[] } {
  const docs: unknown[] = [];
  const aliases: unknown[] = [];
  const list = [...ctx.ivrs.entries()].sort(([a], [b]) => compareNumbers(a, b));
  for (const [number, { id, row: m }] of list) {
    const name = label(text(m, 'ivr_menu_name')) ?? id;
    const where = `IVR ${number} "${name}"`;
    const greetRaw = text(m, 'ivr_menu_greet_long');
    const greeting = sound(greetRaw);
    const options: Record<string, unknown> = {};
    const opts = ctx
      .rows('v_ivr_menu_options')
      .filter((o) => text(o, 'ivr_menu_uuid') === text(m, 'ivr_menu_uuid'))
      .sort((a, b) => (int(a, 'ivr_menu_option_order') ?? 0) - (int(b, 'ivr_menu_option_order') ?? 0));
    for (const o of opts) {
      const digits = text(o, 'ivr_menu_option_digits') ?? '';
      const action = text(o, 'ivr_menu_option_action') ?? '';
      const param = text(o, 'ivr_menu_option_param');
      const optWhere = `${where} option ${digits} (${action}${param ? ` ${param}` : ''})`;
      if (!enabled(o, 'ivr_menu_option_enabled')) {
        ctx.report('skipped', optWhere, 'the option is disabled in FusionPBX', 'nothing to do');
        continue;
      }
      if (!/^[0-9*#]$/.test(digits)) {
        ctx.report(
          'skipped',
          optWhere,
          'pbxc IVR options are single keys (0-9, *, #); digit patterns and multi-digit entries have no equivalent',
          'add one option per key, or tell callers to dial the extension from a DID',
        );
        continue;
      }
      let target: ReturnType<typeof resolveAction>;
      if (action === 'menu-exec-app') {
        const [app, ...rest] = (param ?? '').split(/\s+/);
        target = resolveAction(ctx, app, rest.join(' '));
      } else if (action === 'menu-sub') {
        const sub = ctx.ivrByUuid.get(param ?? '');
        target = sub
          ? { kind: 'dest', dest: { ivr: sub.id } }
          : { kind: 'none', what: `sub-menu ${param}`, why: 'no such IVR' };
      } else if (action === 'menu-top') {
        target = { kind: 'dest', dest: { ivr: id } };
      } else {
        target = {
          kind: 'none',
          what: action,
          why: 'pbxc IVR options transfer to a destination; there is no exit/back action',
        };
      }
      if (target.kind === 'none') {
        ctx.report(
          'skipped',
          optWhere,
          `${target.what}: ${target.why}`,
          'pick a destination for this key in the spec',
        );
        continue;
      }
      const d = plainDestination(ctx, target, optWhere);
      if (d.dest)
        options[digits] = note(
          d.dest,
          d.note ?? (action === 'menu-top' ? 'FusionPBX: repeat the menu' : undefined),
        );
    }
    if (Object.keys(options).length === 0) {
      ctx.report('skipped', where, 'no option could be carried over', 'create the menu by hand');
      continue;
    }
    const doc: Record<string, unknown> = {
      id,
      name,
      greeting: note(
        greeting ?? 'ivr/ivr-welcome.wav',
        greeting
          ? recordingNote(ctx, greetRaw)
          : `FusionPBX greeting ${greetRaw ?? '(none)'} is not a plain file name: record a new one`,
      ),
    };
    const timeoutMs = int(m, 'ivr_menu_timeout');
    if (timeoutMs !== undefined) doc.timeout = Math.max(1, Math.min(60, Math.round(timeoutMs / 1000)));
    const failures = int(m, 'ivr_menu_max_failures');
    if (failures !== undefined) doc.max_failures = Math.max(1, Math.min(10, failures));
    doc.options = options;
    const exitApp = text(m, 'ivr_menu_exit_app');
    if (exitApp) {
      const t = resolveAction(ctx, exitApp, text(m, 'ivr_menu_exit_data'));
      if (t.kind === 'none')
        ctx.report(
          'skipped',
          `${where} exit action ${exitApp} ${text(m, 'ivr_menu_exit_data') ?? ''}`,
          `${t.what}: ${t.why}`,
          'set on_timeout by hand',
        );
      else {
        const d = plainDestination(ctx, t, `${where} exit action`);
        if (d.dest) doc.on_timeout = note(d.dest, d.note);
      }
    }
    const lost: string[] = [];
    const short = text(m, 'ivr_menu_greet_short');
    if (short) lost.push(`short greeting ${short}`);
    if (
      text(m, 'ivr_menu_invalid_sound') &&
      text(m, 'ivr_menu_invalid_sound') !== 'ivr/ivr-that_was_an_invalid_entry.wav'
    )
      lost.push(`invalid-entry sound ${text(m, 'ivr_menu_invalid_sound')}`);
    if (text(m, 'ivr_menu_direct_dial') === 'true') lost.push('direct dial of extensions');
    if (lost.length > 0)
      ctx.report(
        'changed',
        where,
        `not carried over: ${lost.join('; ')}`,
        'pbxc plays one greeting per menu',
      );
    docs.push(doc);
    if (/^[a-z0-9]{1,32}$/.test(number))
      aliases.push(note({ number, name, to: { ivr: id } }, "the IVR's FusionPBX extension"));
  }
  return { docs, aliases };
}

export function ivrRows(rows: readonly Row[]): Row[] {
  return rows.filter((r) => enabled(r, 'ivr_menu_enabled'));
}

/** Where a greeting that is a FusionPBX recording goes: the spec's media folder, by name. */
function recordingNote(ctx: TenantContext, raw: string | undefined): string {
  const name = recordingOf(ctx, raw) ? mediaNameOf(raw ?? '') : undefined;
  return name
    ? `FusionPBX recording ${raw}: copy it to spec/media/${ctx.id}/${name}.wav and write greeting: { media: ${name} }`
    : `FusionPBX recording ${raw}: copy it into the sounds folder`;
}
