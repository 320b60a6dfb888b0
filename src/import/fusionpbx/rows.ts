/**
 * FusionPBX rows as the reader hands them to the mapper: plain objects keyed by column name
 * (never by position: upgraded databases order and name their columns differently).
 */
export type Row = Readonly<Record<string, unknown>>;

/** The tables the importer reads. A table missing from the database reads as no rows. */
export const TABLES = [
  'v_domains',
  'v_domain_settings',
  'v_default_settings',
  'v_vars',
  'v_users',
  'v_extension_users',
  'v_extensions',
  'v_extension_settings',
  'v_follow_me',
  'v_follow_me_destinations',
  'v_voicemails',
  'v_voicemail_options',
  'v_voicemail_destinations',
  'v_dialplans',
  'v_dialplan_details',
  'v_destinations',
  'v_ring_groups',
  'v_ring_group_destinations',
  'v_ivr_menus',
  'v_ivr_menu_options',
  'v_gateways',
  'v_devices',
  'v_device_lines',
  'v_device_keys',
  'v_device_profiles',
  'v_device_profile_keys',
  'v_device_profile_settings',
  'v_device_settings',
  'v_device_vendor_functions',
  'v_device_vendors',
  'v_call_block',
  'v_conferences',
  'v_conference_centers',
  'v_conference_rooms',
  'v_call_center_queues',
  'v_call_center_tiers',
  'v_call_center_agents',
  'v_fifo',
  'v_call_flows',
  'v_fax',
] as const;

export type Table = (typeof TABLES)[number];
export type FusionRows = Readonly<Record<Table, readonly Row[]>>;

/** Rows with every table present (empty when absent): what fixtures and the reader both produce. */
export function fusionRows(partial: Partial<Record<Table, readonly Row[]>>): FusionRows {
  const out = {} as Record<Table, readonly Row[]>;
  for (const t of TABLES) out[t] = partial[t] ?? [];
  return out;
}

/** A text column: trimmed, NULL and '' as undefined. */
export function text(row: Row | undefined, column: string): string | undefined {
  const v = row?.[column];
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** A boolean column: FusionPBX up to 5.4 stored 'true'/'false' text, 5.5 real booleans. */
export function flag(row: Row | undefined, column: string): boolean | undefined {
  const v = row?.[column];
  if (v === true || v === false) return v;
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === 't' || s === '1' || s === 'yes' || s === 'on') return true;
  if (s === 'false' || s === 'f' || s === '0' || s === 'no' || s === 'off') return false;
  return undefined;
}

/** A numeric column (numeric, integer or text holding digits). */
export function int(row: Row | undefined, column: string): number | undefined {
  const s = text(row, column);
  if (s === undefined || !/^-?[0-9]+(\.[0-9]+)?$/.test(s)) return undefined;
  return Math.round(Number(s));
}

/** Enabled unless explicitly false: FusionPBX treats a NULL enabled column as enabled in most apps. */
export function enabled(row: Row | undefined, column: string): boolean {
  return flag(row, column) !== false;
}
