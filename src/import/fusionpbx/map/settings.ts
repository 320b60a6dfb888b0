import { enabled, type FusionRows, type Row, text } from '../rows.js';

/** A setting: the domain's enabled value, else the global default's. */
export function setting(
  rows: FusionRows,
  domainUuid: string | undefined,
  category: string,
  subcategory: string,
): string | undefined {
  const match = (r: Row, prefix: string) =>
    text(r, `${prefix}_category`) === category && text(r, `${prefix}_subcategory`) === subcategory;
  const own = rows.v_domain_settings.find(
    (r) =>
      text(r, 'domain_uuid') === domainUuid &&
      match(r, 'domain_setting') &&
      enabled(r, 'domain_setting_enabled'),
  );
  if (own) return text(own, 'domain_setting_value');
  const def = rows.v_default_settings.find(
    (r) => match(r, 'default_setting') && enabled(r, 'default_setting_enabled'),
  );
  return def ? text(def, 'default_setting_value') : undefined;
}

/** A vars.xml variable (v_vars), enabled only. */
export function variable(rows: FusionRows, name: string): string | undefined {
  const v = rows.v_vars.find((r) => text(r, 'var_name') === name && enabled(r, 'var_enabled'));
  return v ? text(v, 'var_value') : undefined;
}
