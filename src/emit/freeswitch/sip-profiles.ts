// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import { expiresDeviation } from '../../model/registration-capacity.js';
import type { Model } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { TRUNK_ACL } from './acl.js';
import { dbInclude } from './database.js';
import { gateway } from './gateways.js';
import { configuration, el, include, param, renderXml, type XmlElement } from './xml.js';

export const INTERNAL_PROFILE = 'internal';
export const EXTERNAL_PROFILE = 'external';

export function sofiaConf(): string {
  return renderXml(
    configuration('sofia', 'sofia Endpoint', [
      el('global_settings', {}, [param('log-level', 0), param('debug-presence', 0)]),
      el('profiles', {}, [include('../sip_profiles/*.xml')]),
    ]),
  );
}

/** Settings both profiles share: addresses, media, codecs, DTMF. */
function common(model: Model): XmlElement[] {
  return [
    param('debug', 0),
    param('sip-trace', 'no'),
    param('dialplan', 'XML'),
    param('sip-ip', '$${pbxc_bind_ipv4}'),
    param('rtp-ip', '$${pbxc_bind_ipv4}'),
    param('ext-sip-ip', '$${external_sip_ip}'),
    param('ext-rtp-ip', '$${external_rtp_ip}'),
    param('rtp-timer-name', 'soft'),
    param('rfc2833-pt', 101),
    // Sofia knows rfc2833 and info; inband DTMF needs no signalling.
    param('dtmf-type', model.platform.sip.dtmf === 'inband' ? 'none' : model.platform.sip.dtmf),
    param('dtmf-duration', 2000),
    param('hold-music', '$${hold_music}'),
    param('inbound-codec-negotiation', 'generous'),
    param('inbound-late-negotiation', 'true'),
    param('nonce-ttl', 60),
    param('local-network-acl', 'localnet.auto'),
    param('tls-version', '$${sip_tls_version}'),
    param('tls-ciphers', '$${sip_tls_ciphers}'),
    param('tls-cert-dir', '$${pbxc_tls_dir}'),
    param('tls-verify-policy', 'none'),
    // odbc-dsn and track-calls when the node uses PostgreSQL: calls survive a failover (database.ts).
    dbInclude('sofia'),
  ];
}

/** sofia's refresh jitter (sip-expires-max-deviation): model/registration-capacity.ts. */
export { expiresDeviation };

/**
 * sofia's SIP flood protection (max-recv-requests-per-second, default 1000) is a cliff, not a throttle:
 * nta counts every request received in a second, the ones it drops included, and while that count
 * is above the limit it drops every request silently (nta.c agent_recv_request). Retransmissions
 * count too, so a registration storm above the limit locks the profile until phones give up
 * (measured: 400 REGISTER/s offered with the default, 1,842 of 12,000 phones registered). The limit
 * therefore sits above the worst legitimate arrival rate, and overload is shed by sofia's queue
 * instead: above 90 % of its message queue it answers "503 System Busy" with Retry-After (sofia.c
 * sofia_event_callback), which ends the transaction and its retransmissions.
 *
 * internal: a storm of 1,000 phones/s (20,000 phones back within 20 s) is 2,000 requests/s (challenge
 * and authenticated REGISTER), and each waiting request is retransmitted up to 3 times while
 * sofia's queue (at most about 6 s deep at ~300 requests/s) drains: ≤ 8,000/s. external: trunks'
 * INVITE, ACK, BYE, OPTIONS at sessions-per-second with retransmissions stay far below 1,000/s.
 */
export const MAX_RECV_REQUESTS_PER_SECOND = { internal: 10_000, external: 1_000 } as const;

/**
 * sip.registration: the PBX grants every phone exactly `expires` seconds (a standby node that takes
 * over the service address is reached within one interval), and pings registrations behind NAT with
 * OPTIONS every `keepalive` seconds so the router keeps the binding open; a phone that stops
 * answering is unregistered, so its calls go to the unregistered forward at once. keepalive 0: no pings.
 */
export function registrationParams(model: Model): XmlElement[] {
  const { expires, keepalive } = model.platform.sip.registration;
  const out = [
    param('sip-force-expires', expires),
    param('sip-expires-max-deviation', expiresDeviation(expires)),
  ];
  if (keepalive > 0) {
    out.push(
      param('nat-options-ping', 'true'),
      param('ping-mean-interval', keepalive),
      param('unregister-on-options-fail', 'true'),
    );
  } else {
    out.push(param('nat-options-ping', 'false'));
  }
  return out;
}

/** Phones and softphones of every tenant: UDP/TCP, TLS and WSS on one profile, every request authenticated. */
export function internalProfile(model: Model): string {
  const { sip } = model.platform;
  return renderXml(
    el('profile', { name: INTERNAL_PROFILE }, [
      el('aliases'),
      el('gateways'),
      // Users are found by the From/To host, so every tenant domain shares this profile.
      el('domains', {}, [el('domain', { name: 'all', alias: 'false', parse: 'false' })]),
      el('settings', {}, [
        ...common(model),
        param('context', 'public'),
        param('sip-port', '$${internal_sip_port}'),
        param('inbound-codec-prefs', '$${global_codec_prefs}'),
        param('outbound-codec-prefs', '$${global_codec_prefs}'),
        param('auth-calls', 'true'),
        param('auth-subscriptions', 'true'),
        param('log-auth-failures', 'true'),
        param('challenge-realm', 'auto_from'),
        param('inbound-reg-force-matching-username', 'true'),
        // "call-id", not "contact" (nor "true", which sofia.c reads as "contact"): in contact mode sofia
        // deletes every registration with the same Contact text whatever its domain, so one tenant's
        // 300 registering from an address:port another tenant's 300 uses (a Ringotel server, a shared
        // NAT) unregistered it (sofia_reg.c). By Call-ID only the binding's own dialog replaces it; a
        // rebooted phone's old binding ends with its expiry or its failed NAT ping.
        param('multiple-registrations', 'call-id'),
        param('max-registrations-per-extension', sip.maxRegistrations),
        param('manage-presence', 'true'),
        param('max-recv-requests-per-second', MAX_RECV_REQUESTS_PER_SECOND.internal),
        param('apply-nat-acl', 'nat.auto'),
        ...registrationParams(model),
        param('aggressive-nat-detection', 'true'),
        param('NDLB-received-in-nat-reg-contact', 'true'),
        param('record-path', '$${recordings_dir}'),
        param('record-template', '${domain_name}/${strftime(%Y-%m-%d)}/${uuid}.wav'),
        param('tls', '$${pbxc_tls_enable}'),
        param('tls-only', 'false'),
        param('tls-bind-params', 'transport=tls'),
        param('tls-sip-port', '$${internal_tls_port}'),
        // vars.xml sets pbxc_wss to on only when wss.pem is installed (see WSS_FILES).
        include('wss-$${pbxc_wss}.inc'),
      ]),
    ]),
  );
}

/** Trunks: only sources in the trunk ACL get in (403 otherwise); their calls land in the public context. */
export function externalProfile(ctx: EmitContext): string {
  const trunks = ctx.model.tenants.flatMap((t) => t.trunks);
  const tls = trunks.some((t) => t.transport === 'tls');
  return renderXml(
    el('profile', { name: EXTERNAL_PROFILE }, [
      el(
        'gateways',
        {},
        trunks.map((t) => gateway(ctx, t)),
      ),
      el('aliases'),
      el('domains', {}, [el('domain', { name: 'all', alias: 'false', parse: 'true' })]),
      el('settings', {}, [
        ...common(ctx.model),
        param('context', 'public'),
        param('sip-port', '$${external_sip_port}'),
        param('inbound-codec-prefs', '$${outbound_codec_prefs}'),
        param('outbound-codec-prefs', '$${outbound_codec_prefs}'),
        param('auth-calls', 'false'),
        param('apply-inbound-acl', TRUNK_ACL),
        param('log-auth-failures', 'true'),
        param('manage-presence', 'false'),
        param('max-recv-requests-per-second', MAX_RECV_REQUESTS_PER_SECOND.external),
        // Outgoing TLS to a trunk needs the profile's TLS transport.
        param('tls', tls ? '$${pbxc_tls_enable}' : 'false'),
        param('tls-sip-port', '$${external_tls_port}'),
        param('tls-bind-params', 'transport=tls'),
      ]),
    ]),
  );
}

/**
 * The WebRTC listener as two pre-processor fragments next to the profiles (not *.xml, so sofia.conf's
 * glob skips them): internal.xml includes wss-on.inc or wss-off.inc by the value of pbxc_wss.
 */
export const WSS_FILES: Readonly<Record<string, string>> = {
  'wss-on.inc': renderXml(param('wss-binding', ':$${internal_wss_port}')),
  'wss-off.inc': '<!-- no wss.pem in the TLS folder: no WebRTC listener -->\n',
};
