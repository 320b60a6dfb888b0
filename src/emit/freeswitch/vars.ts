import { NODE_PATHS } from '../../model/node-paths.js';
import type { Model } from '../../model/types.js';
import { dbVars } from './database.js';
import { DEFAULT_PROMPTS, otherLanguages, promptsOf, promptVar, sayVar } from './locale.js';
import { NODE_ROOT_ENV, NODE_ROOT_VAR, onNode } from './node-root.js';
import { el, preSet, renderXml, type XmlElement } from './xml.js';

/**
 * Runs a shell command at load and sets the variable to its output, if any (else the value set
 * before stays). The commands avoid & < > and quotes: FreeSWITCH's pre-processor hands the raw
 * attribute text to the shell, so XML escaping would change them.
 */
export function execSet(name: string, command: string): XmlElement {
  if (/[&<>"']|\/>/.test(command)) throw new Error(`exec-set command for ${name} needs XML escaping`);
  return el('X-PRE-PROCESS', { cmd: 'exec-set', data: `${name}=${command}` });
}

/** The value of KEY in the node's env file (written at first boot), or nothing. */
const nodeFact = (key: string) => `grep -hs ^${key}= ${onNode(NODE_PATHS.nodeEnv)} | cut -d= -f2`;

/** "yes" when a readable, non-empty file exists, else nothing. */
const fileReadable = (path: string, yes: string) => `grep -ls . ${path} | sed s/.*/${yes}/`;

/**
 * A call whose media stops (the far end vanished without a BYE) is hung up after 5 minutes without
 * RTP, a call on hold after 30: the channel variables media_timeout / media_hold_timeout (in ms), which
 * every channel reads from the global variables when it has none of its own. They replace sofia's
 * profile parameters rtp-timeout-sec / rtp-hold-timeout-sec, deprecated since FreeSWITCH 1.10 (a
 * WARNING per profile at every load).
 */
export const MEDIA_TIMEOUT_MS = 300_000;
export const MEDIA_HOLD_TIMEOUT_MS = 1_800_000;

/** Music on hold: mod_local_stream's stream of the sip.hold_music folder (core-configs.ts). */
export const HOLD_MUSIC = 'local_stream://moh';

/**
 * A language's prompt folder and say module, as the node has them: the language's own when its
 * sound package folder / mod_say_<code> exist, else English (a missing module would fail to load,
 * a missing prompt would end voicemail at its first prompt).
 */
function languageFacts(code: string): XmlElement[] {
  const prompts = promptsOf(code);
  const facts = [
    preSet(promptVar(code), DEFAULT_PROMPTS),
    preSet(sayVar(code), 'en'),
    execSet(sayVar(code), fileReadable(`$\${mod_dir}/mod_say_${code}.so`, code)),
  ];
  if (prompts !== DEFAULT_PROMPTS)
    facts.splice(1, 0, execSet(promptVar(code), `ls -d $\${sounds_dir}/${prompts} | sed s@.*@${prompts}@`));
  return facts;
}

export function sipPortsOf(model: Model) {
  const { ports, externalPort, externalTlsPort } = model.platform.sip;
  return {
    internal: ports.udp,
    tls: ports.tls,
    wss: ports.wss,
    external: externalPort,
    externalTls: externalTlsPort,
  };
}

/** vars.xml: platform values as `$${...}` variables, so the profiles and dialplan name them once. */
export function varsXml(model: Model): string {
  const { sip } = model.platform;
  const ports = sipPortsOf(model);
  const codecs = sip.codecs.join(',');
  return renderXml(
    el('include', {}, [
      preSet('pbxc_platform', model.platform.id),
      // Empty on a node; a test root when FreeSWITCH runs with PBXC_NODE_ROOT (see node-root.ts).
      preSet(NODE_ROOT_VAR, ''),
      execSet(NODE_ROOT_VAR, `printenv ${NODE_ROOT_ENV}`),
      // The address the profiles bind: the node's own service-bind address from its env file (the
      // private address its Elastic IP, or an active/standby group's floating one, maps to), else
      // the address of the interface with the default route.
      preSet('pbxc_bind_ipv4', '$${local_ip_v4}'),
      execSet('pbxc_bind_ipv4', nodeFact('PBXC_SIP_BIND_IPV4')),
      // Advertised addresses: the node's public address from its env file (a literal, never stun:),
      // else auto-nat.
      preSet('external_sip_ip', 'auto-nat'),
      preSet('external_rtp_ip', 'auto-nat'),
      execSet('external_sip_ip', nodeFact('PBXC_PUBLIC_IPV4')),
      execSet('external_rtp_ip', nodeFact('PBXC_PUBLIC_IPV4')),
      // TLS and WSS only when their certificates are installed: a profile whose certificate is
      // missing never starts ("Error Creating SIP UA"), and with it every phone would be down.
      preSet('pbxc_tls_dir', onNode(NODE_PATHS.tlsDir)),
      preSet('pbxc_tls_enable', 'false'),
      execSet('pbxc_tls_enable', fileReadable(`${onNode(NODE_PATHS.tlsDir)}/agent.pem`, 'true')),
      // mod_logfile writes NODE_PATHS.freeswitchLog (the file the fail2ban jail reads) but does not
      // create its folder; a FreeSWITCH built from source logs elsewhere by default.
      execSet('pbxc_log_dir', `mkdir -p ${onNode(NODE_PATHS.freeswitchLogDir)}`),
      // PostgreSQL when node.env names a database (database.ts), else FreeSWITCH's SQLite.
      ...dbVars(nodeFact, execSet),
      preSet('pbxc_wss', 'off'),
      execSet('pbxc_wss', fileReadable(`${onNode(NODE_PATHS.tlsDir)}/wss.pem`, 'on')),
      preSet('internal_sip_port', ports.internal),
      preSet('internal_tls_port', ports.tls),
      preSet('internal_wss_port', ports.wss),
      preSet('external_sip_port', ports.external),
      preSet('external_tls_port', ports.externalTls),
      preSet('global_codec_prefs', codecs),
      preSet('outbound_codec_prefs', codecs),
      preSet('webrtc_codec_prefs', ['OPUS', ...sip.codecs.filter((c) => c !== 'OPUS')].join(',')),
      preSet('rtp_start_port', sip.rtp.from),
      preSet('rtp_end_port', sip.rtp.to),
      preSet('sound_prefix', `$\${sounds_dir}/${DEFAULT_PROMPTS}`),
      ...otherLanguages(model.tenants).flatMap((code) => languageFacts(code)),
      preSet('hold_music', HOLD_MUSIC),
      preSet('media_timeout', MEDIA_TIMEOUT_MS),
      preSet('media_hold_timeout', MEDIA_HOLD_TIMEOUT_MS),
      preSet('recordings_dir', onNode(NODE_PATHS.freeswitchRecordings)),
      preSet('console_loglevel', 'info'),
      preSet('sip_tls_version', 'tlsv1.2'),
      preSet('sip_tls_ciphers', 'ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH'),
    ]),
  );
}
