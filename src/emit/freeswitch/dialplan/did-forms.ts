import type { CallFilterModel, TenantModel } from '../../../model/types.js';
import { escapeRegex } from '../../../util/escape.js';

/**
 * The forms in which providers send a number of the tenant's country: +49…, 49…, 0049… and the
 * national 0…; numbers of other countries only internationally.
 */
export function numberForms(tenant: TenantModel, digits: string): string[] {
  return didForms(tenant, digits).map(escapeRegex);
}

/** The literal destination numbers a DID (E.164 digits) answers, in the order of numberForms. */
export function didForms(tenant: TenantModel, digits: string): string[] {
  const { countryCode, nationalPrefix, internationalPrefix } = tenant.dialing;
  const forms = [`+${digits}`, digits, `${internationalPrefix}${digits}`];
  if (digits.startsWith(countryCode)) forms.push(`${nationalPrefix}${digits.slice(countryCode.length)}`);
  return [...new Set(forms)];
}

/** destination_number regex of one or more E.164 DIDs in every form. */
export function didRegex(tenant: TenantModel, numbers: readonly string[]): string {
  return `^(?:${numbers.flatMap((n) => numberForms(tenant, n.slice(1))).join('|')})$`;
}

/** caller_id_number regex of one filter (no anchors): the number or, with "*", any number it starts. */
export function filterRegex(tenant: TenantModel, filter: CallFilterModel): string {
  const end = filter.prefix ? '' : '$';
  return `(?:${numberForms(tenant, filter.digits).join('|')})${end}`;
}

/** Matches callers on a blacklist and on no whitelist (a whitelist entry overrides every blacklist). */
export function blacklistRegex(tenant: TenantModel, filter: CallFilterModel): string {
  const whitelist = tenant.callFilters
    .filter((f) => f.type === 'whitelist')
    .map((f) => filterRegex(tenant, f));
  const guard = whitelist.length > 0 ? `(?!${whitelist.join('|')})` : '';
  return `^${guard}${filterRegex(tenant, filter)}`;
}
