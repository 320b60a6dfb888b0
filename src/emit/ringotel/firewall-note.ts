import type { Model, RingotelModel, TenantModel } from '../../model/types.js';

/**
 * A note for the operator: Ringotel's servers register on behalf of the users, so their addresses
 * must pass the firewall and be ignored by fail2ban, but must never be in the PBX ACL (that would
 * skip authentication and break outbound calls). Validation refuses that whitelist in inbound_from.
 */
export function firewallNote(model: Model, tenant: TenantModel, r: RingotelModel): string {
  const list = model.platform.firewall.whitelists.find((w) => w.name === r.whitelist);
  const addresses = list ? [...list.ipv4, ...list.ipv6] : [];
  const ignored = model.platform.firewall.fail2ban.ignore.includes(r.whitelist);
  const { ports, rtp } = model.platform.sip;
  return [
    `# Ringotel firewall note: ${tenant.id}`,
    '',
    `Ringotel traffic of organization \`${r.organization}\` comes from the platform whitelist \`${r.whitelist}\`:`,
    '',
    ...addresses.map((a) => `- ${a}`),
    '',
    `- Firewall: allow these sources to SIP ${r.connection.transport.toUpperCase()} port ${r.connection.port} ` +
      `(udp/tcp ${ports.udp}, tls ${ports.tls}) and RTP udp ${rtp.from}-${rtp.to}.`,
    `- fail2ban: the whitelist is ${ignored ? 'in' : 'NOT in'} \`firewall.fail2ban.ignore\`` +
      `${ignored ? '' : ' - add it, or a mistyped password in one app bans every Ringotel user'}.`,
    '- PBX ACL: never. Ringotel registers like any SIP phone and must authenticate; a trunk',
    '  `inbound_from` with this whitelist would let its calls skip authentication and breaks outbound calls.',
    '',
  ].join('\n');
}
