import type { Model, PlatformModel } from '../model/types.js';
import { PLATFORM_SCOPE } from './change.js';
import { list, match, scalar, secret, set } from './fields.js';
import { Collector } from './tenant.js';

/** Where each whitelist opens the platform: a CIDR added to it widens every one of these. */
export function whitelistUses(model: Model): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (name: string, what: string) => uses.set(name, [...(uses.get(name) ?? []), what]);
  const fw = model.platform.firewall;
  for (const w of fw.adminAccess) add(w, `admin access (ports ${fw.adminPorts.join(', ')})`);
  if (fw.sipAccess === 'whitelist') for (const w of fw.sipWhitelists) add(w, 'SIP access');
  for (const w of model.platform.provisioning.allow) add(w, 'phone provisioning');
  for (const w of fw.fail2ban.ignore) add(w, 'never banned by fail2ban');
  for (const t of model.tenants) {
    for (const k of t.trunks) for (const w of k.inboundFrom) add(w, `trunk ACL (${t.id}/${k.id})`);
    if (t.ringotel) add(t.ringotel.whitelist, `Ringotel (${t.id})`);
  }
  return uses;
}

function firewall(c: Collector, a: Model, b: Model): void {
  const x = a.platform.firewall;
  const y = b.platform.firewall;
  const uses = whitelistUses(b);
  const m = match(x.whitelists, y.whitelists, (w) => w.name);
  for (const w of m.added)
    c.added(`whitelist ${w.name}`, [[...w.ipv4, ...w.ipv6].map((e) => `+ ${e}`).join(', ')]);
  for (const w of m.removed) c.removed(`whitelist ${w.name}`);
  for (const [p, q] of m.both) {
    const out: string[] = [];
    set(out, '', [...p.ipv4, ...p.ipv6], [...q.ipv4, ...q.ipv6]);
    c.changed(
      `whitelist ${q.name}`,
      out.map((l) => l.trim()),
    );
    const added = [...q.ipv4, ...q.ipv6].filter((e) => !p.ipv4.includes(e) && !p.ipv6.includes(e));
    const used = uses.get(q.name) ?? [];
    if (added.length > 0 && used.length > 0)
      c.risk('firewall-opened', `whitelist ${q.name} + ${added.join(', ')}: opens ${used.join(', ')}`);
  }
  const out: string[] = [];
  scalar(out, 'SIP access', x.sipAccess, y.sipAccess);
  if (x.sipAccess === 'whitelist' && y.sipAccess === 'open')
    c.risk('sip-access-opened', 'SIP access whitelist → open: the phone-facing SIP ports now accept anyone');
  set(out, 'SIP whitelists', x.sipWhitelists, y.sipWhitelists);
  if (y.sipAccess === 'whitelist') {
    const opened = y.sipWhitelists.filter((w) => x.sipAccess === 'whitelist' && !x.sipWhitelists.includes(w));
    if (opened.length > 0) c.risk('sip-access-opened', `SIP access now also from ${opened.join(', ')}`);
  }
  set(out, 'admin access', x.adminAccess, y.adminAccess);
  const adminNew = y.adminAccess.filter((w) => !x.adminAccess.includes(w));
  if (adminNew.length > 0)
    c.risk('admin-access-opened', `admin access (SSH) now also from ${adminNew.join(', ')}`);
  set(out, 'admin ports', x.adminPorts.map(String), y.adminPorts.map(String));
  const portsNew = y.adminPorts.filter((p) => !x.adminPorts.includes(p));
  if (portsNew.length > 0 && y.adminAccess.length > 0)
    c.risk('admin-access-opened', `admin port ${portsNew.join(', ')} opened to ${y.adminAccess.join(', ')}`);
  scalar(out, 'fail2ban maxretry', x.fail2ban.maxretry, y.fail2ban.maxretry);
  scalar(out, 'fail2ban findtime (s)', x.fail2ban.findtime, y.fail2ban.findtime);
  scalar(out, 'fail2ban bantime (s)', x.fail2ban.bantime, y.fail2ban.bantime);
  scalar(out, 'fail2ban recidive bantime (s)', x.fail2ban.recidiveBantime, y.fail2ban.recidiveBantime);
  set(out, 'fail2ban ignore', x.fail2ban.ignore, y.fail2ban.ignore);
  const ignored = y.fail2ban.ignore.filter((w) => !x.fail2ban.ignore.includes(w));
  if (ignored.length > 0) c.risk('firewall-opened', `fail2ban no longer bans ${ignored.join(', ')}`);
  c.changed('firewall', out);
}

function sip(c: Collector, x: PlatformModel, y: PlatformModel): void {
  const out: string[] = [];
  for (const k of ['udp', 'tcp', 'tls', 'wss'] as const)
    scalar(out, `SIP port ${k}`, x.sip.ports[k], y.sip.ports[k]);
  scalar(out, 'trunk port', x.sip.externalPort, y.sip.externalPort);
  scalar(out, 'trunk TLS port', x.sip.externalTlsPort, y.sip.externalTlsPort);
  scalar(out, 'RTP from', x.sip.rtp.from, y.sip.rtp.from);
  scalar(out, 'RTP to', x.sip.rtp.to, y.sip.rtp.to);
  list(out, 'codecs', x.sip.codecs, y.sip.codecs);
  scalar(out, 'max registrations', x.sip.maxRegistrations, y.sip.maxRegistrations);
  scalar(out, 'DTMF', x.sip.dtmf, y.sip.dtmf);
  scalar(out, 'registration expires (s)', x.sip.registration.expires, y.sip.registration.expires);
  scalar(out, 'NAT keep-alive (s)', x.sip.registration.keepalive, y.sip.registration.keepalive);
  c.changed('SIP', out);
  const fc: string[] = [];
  for (const k of Object.keys(y.featureCodes) as (keyof PlatformModel['featureCodes'])[])
    scalar(fc, k, x.featureCodes[k], y.featureCodes[k]);
  c.changed('feature code defaults', fc);
  const pv: string[] = [];
  scalar(pv, 'base URL', x.provisioning.baseUrl, y.provisioning.baseUrl);
  scalar(
    pv,
    'update interval (min)',
    x.provisioning.updateIntervalMinutes,
    y.provisioning.updateIntervalMinutes,
  );
  scalar(pv, 'admin password', x.provisioning.adminPassword, y.provisioning.adminPassword);
  scalar(pv, 'SIP transport', x.provisioning.sipTransport, y.provisioning.sipTransport);
  set(pv, 'allow', x.provisioning.allow, y.provisioning.allow);
  scalar(pv, 'NTP server', x.provisioning.ntpServer, y.provisioning.ntpServer);
  c.changed('provisioning', pv);
  if (x.provisioning.allow.length > 0 && y.provisioning.allow.length === 0)
    c.risk('firewall-opened', 'phone provisioning (HTTPS) now reachable from anywhere (allow emptied)');
  const sec: string[] = [];
  secret(sec, 'event socket password', x.secrets.eventSocket, y.secrets.eventSocket);
  c.changed(`platform ${y.id}`, [...(x.id !== y.id ? [`id ${x.id} → ${y.id}`] : []), ...sec]);
}

function environments(c: Collector, x: PlatformModel, y: PlatformModel): void {
  const m = match(x.environments, y.environments, (e) => e.name);
  for (const e of m.added)
    c.added(`environment ${e.name}`, [`${e.nodes} × ${e.instanceType} in ${e.region}`]);
  for (const e of m.removed) {
    c.removed(`environment ${e.name}`, [`was ${e.nodes} × ${e.instanceType} in ${e.region}`]);
    c.risk('nodes-removed', `environment ${e.name} removed: its ${e.nodes} node(s) are destroyed on apply`);
  }
  for (const [p, q] of m.both) {
    const out: string[] = [];
    scalar(out, 'region', p.region, q.region);
    scalar(out, 'AMI', p.ami, q.ami);
    scalar(out, 'nodes', p.nodes, q.nodes);
    scalar(out, 'instance type', p.instanceType, q.instanceType);
    scalar(out, 'DNS zone', p.dnsZone, q.dnsZone);
    scalar(out, 'SSH key', p.sshKey, q.sshKey);
    scalar(
      out,
      'state',
      p.state && `s3://${p.state.bucket}/${p.state.key}`,
      q.state && `s3://${q.state.bucket}/${q.state.key}`,
    );
    c.changed(`environment ${q.name}`, out);
    if (q.nodes < p.nodes) c.risk('nodes-removed', `environment ${q.name}: nodes ${p.nodes} → ${q.nodes}`);
    if (p.region !== q.region)
      c.risk('nodes-removed', `environment ${q.name}: region ${p.region} → ${q.region} replaces every node`);
  }
}

export function diffPlatform(a: Model, b: Model): Collector {
  const c = new Collector(PLATFORM_SCOPE);
  sip(c, a.platform, b.platform);
  firewall(c, a, b);
  environments(c, a.platform, b.platform);
  return c;
}
