import { note } from '../../yaml-style.js';
import { slug, uniqueId } from '../names.js';
import { flag, int, type Row, text } from '../rows.js';
import type { TenantContext } from './context.js';

const HOST = /^[A-Za-z0-9.-]{1,253}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
export const PLACEHOLDER = '192.0.2.1';

export interface Trunk {
  readonly id: string;
  readonly uuid: string;
  readonly doc: Record<string, unknown>;
  /** Whitelist the trunk's carrier sends from (platform firewall), when its address is literal. */
  readonly whitelist?: { name: string; addresses: string[] };
  /** Named secret (name → value) for the gateway password. */
  readonly secret?: { name: string; value: string };
}

function hostPort(value: string | undefined): { host?: string; port?: number } {
  if (!value) return {};
  const m = /^(?:sips?:)?([^:;]+)(?::(\d{1,5}))?(?:;.*)?$/.exec(value.trim());
  if (!m || !HOST.test(m[1] ?? '')) return {};
  const port = m[2] ? Number(m[2]) : undefined;
  return { host: m[1] as string, ...(port && port <= 65535 ? { port } : {}) };
}

/**
 * Gateways → trunks: registering (username + password as a named secret) or IP-authenticated
 * (a whitelist of the carrier's address as inbound_from). Global gateways are copied into each
 * tenant that routes through them.
 */
export function mapTrunk(ctx: TenantContext, g: Row, taken: Set<string>, global: boolean): Trunk | undefined {
  const name = text(g, 'gateway') ?? text(g, 'gateway_uuid') ?? 'gateway';
  const where = `gateway ${name}${global ? ' (global)' : ''}`;
  const proxy = hostPort(text(g, 'proxy'));
  const realm = hostPort(text(g, 'realm'));
  const host = proxy.host ?? realm.host;
  if (!host) {
    ctx.report('skipped', where, 'it has no usable proxy or realm host', 'add the trunk by hand');
    return undefined;
  }
  const id = uniqueId(slug(name) ?? 'trunk', taken);
  const register = flag(g, 'register') === true;
  const transportRaw = (text(g, 'register_transport') ?? 'udp').toLowerCase();
  const transport = ['udp', 'tcp', 'tls'].includes(transportRaw) ? transportRaw : 'udp';
  const doc: Record<string, unknown> = { id, host };
  const port = proxy.port ?? (proxy.host ? undefined : realm.port);
  if (port && port !== (transport === 'tls' ? 5061 : 5060)) doc.port = port;
  doc.transport = transport;
  doc.register = register;
  const username = text(g, 'auth_username') ?? text(g, 'username');
  const password = text(g, 'password');
  let secret: Trunk['secret'];
  if (username && /^[A-Za-z0-9+._@-]{1,64}$/.test(username)) doc.username = username;
  if (password) {
    const secretName = (global ? `trunk-${id}` : `${ctx.id}-trunk-${id}`).slice(0, 63).replace(/-+$/, '');
    doc.password = note({ secret: secretName }, 'FusionPBX gateway password: in the --secrets file');
    secret = { name: secretName, value: password };
  }
  const realmHost = realm.host;
  if (realmHost && realmHost !== host) doc.realm = realmHost;
  const fromDomain = hostPort(text(g, 'from_domain')).host;
  if (fromDomain && fromDomain !== host) doc.from_domain = fromDomain;
  let whitelist: Trunk['whitelist'];
  if (IPV4.test(host)) {
    const wl = (global ? id : `${ctx.id}-${id}`).slice(0, 31).replace(/-+$/, '');
    whitelist = { name: wl, addresses: [host] };
    doc.inbound_from = note(
      [wl],
      register
        ? 'the gateway proxy address'
        : 'IP-authenticated carrier: its address, from the gateway proxy',
    );
  } else {
    // pbxc accepts trunk calls only from inbound_from addresses (registering or not), and FusionPBX
    // only has a name. A TEST-NET address keeps the spec valid while accepting nothing, until the
    // operator fills in the carrier's real addresses.
    const wl = (global ? `${id}-todo` : `${ctx.id}-${id}-todo`).slice(0, 31).replace(/-+$/, '');
    whitelist = { name: wl, addresses: [PLACEHOLDER] };
    doc.inbound_from = note([wl], `PLACEHOLDER: put the addresses of ${host} into whitelist ${wl}`);
    ctx.report(
      'decision',
      where,
      `pbxc takes trunk calls only from the carrier's addresses (inbound_from), but FusionPBX knows only the host name ${host}`,
      `replace ${PLACEHOLDER} (a documentation address that matches nothing) in firewall.whitelists.${wl} with the carrier's signalling addresses; until then its calls are refused`,
    );
  }
  const ping = int(g, 'ping');
  if (ping !== undefined && ping >= 0 && ping <= 3600 && ping !== 30) doc.ping = ping;
  const lost: string[] = [];
  for (const col of [
    'codec_prefs',
    'caller_id_in_from',
    'sip_cid_type',
    'contact_params',
    'register_proxy',
    'outbound_proxy',
    'from_user',
    'extension',
    'expire_seconds',
    'retry_seconds',
  ]) {
    const v = text(g, col);
    if (
      v === undefined ||
      (col === 'caller_id_in_from' && v === 'true') ||
      (col === 'sip_cid_type' && v === 'pid') ||
      (col === 'from_user' && v === username) ||
      (col === 'expire_seconds' && v === '800') ||
      (col === 'retry_seconds' && v === '30')
    )
      continue;
    lost.push(`${col} ${v}`);
  }
  const channels = int(g, 'channels');
  if (channels) lost.push(`channels ${channels}`);
  if (lost.length > 0)
    ctx.report(
      'changed',
      where,
      `not carried over: ${lost.join('; ')}`,
      'pbxc uses the platform codecs and its own trunk defaults; check them with the carrier',
    );
  return {
    id,
    uuid: text(g, 'gateway_uuid') ?? '',
    doc,
    ...(whitelist ? { whitelist } : {}),
    ...(secret ? { secret } : {}),
  };
}
