/**
 * MAC addresses as users paste them from other systems: bare hex (805ec01a0003), dashes
 * (80-5E-C0-1A-00-03, Windows), colons (80:5e:c0:1a:00:03) or Cisco's dotted groups
 * (805e.c01a.0003). The schema accepts exactly these forms (MAC_PATTERN); the model keeps one.
 */
export const MAC_PATTERN =
  '^([0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}){2})$';

/** Lower-case hex without separators ("805ec01a0003"); undefined for anything that is not a MAC. */
export function normalizeMac(text: string): string | undefined {
  if (!new RegExp(MAC_PATTERN).test(text)) return undefined;
  return text.replace(/[-:.]/g, '').toLowerCase();
}

/** "80:5E:C0:1A:00:03": how messages show a MAC, whatever form the spec used. */
export function displayMac(mac: string): string {
  const hex = normalizeMac(mac) ?? mac;
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}
