import { type FusionRows, fusionRows, type Row } from '../../../src/import/fusionpbx/rows.js';

const FLAGS = [
  'enabled',
  'domain_enabled',
  'destination_enabled',
  'ring_group_enabled',
  'ivr_menu_enabled',
  'voicemail_enabled',
  'dialplan_enabled',
  'call_block_enabled',
  'device_enabled',
  'forward_all_enabled',
  'forward_busy_enabled',
  'forward_no_answer_enabled',
  'do_not_disturb',
  'register',
  'follow_me_enabled',
  'ivr_menu_option_enabled',
  'dialplan_detail_enabled',
];
const NUMBERS = [
  'extension',
  'ring_group_extension',
  'ivr_menu_extension',
  'dialplan_number',
  'destination_number',
  'forward_all_destination',
  'forward_busy_destination',
  'forward_no_answer_destination',
  'forward_user_not_registered_destination',
  'number_alias',
  'device_key_value',
  'follow_me_destination',
  'user_id',
  'ring_group_timeout_data',
  'ivr_menu_exit_data',
  'outbound_caller_id_number',
  'call_block_number',
  'queue_extension',
  'call_flow_extension',
  'call_flow_data',
  'ivr_menu_option_param',
  'ivr_menu_option_digits',
  'dialplan_detail_data',
  'destination_prefix',
];

/**
 * A damaged copy of a real install, the way years of clicking leave one: rows deleted (orphans,
 * FusionPBX has no foreign keys), flags flipped, numbers and targets swapped between rows.
 */
export function mutate(rows: FusionRows, seed: number): FusionRows {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const pool: Record<string, unknown[]> = {};
  for (const list of Object.values(rows))
    for (const r of list)
      for (const c of NUMBERS)
        if (r[c] != null) {
          pool[c] ??= [];
          pool[c].push(r[c]);
        }
  const all = Object.values(pool).flat();
  const out: Record<string, Row[]> = {};
  for (const [table, list] of Object.entries(rows)) {
    out[table] = list
      .filter(() => rnd() > 0.12)
      .map((r) => {
        const c: Record<string, unknown> = { ...r };
        for (const f of FLAGS) if (f in c && rnd() < 0.08) c[f] = !(c[f] === true || c[f] === 'true');
        for (const col of NUMBERS)
          if (col in c && rnd() < 0.12) {
            const from = rnd() < 0.6 ? (pool[col] ?? all) : all;
            c[col] = from[Math.floor(rnd() * from.length)];
          }
        return c;
      })
      .sort(() => rnd() - 0.5);
  }
  return fusionRows(out);
}
