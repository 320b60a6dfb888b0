import { NODE_PATHS } from '../../model/node-paths.js';
import type { Model } from '../../model/types.js';
import { el, include, preSet, renderXml } from './xml.js';

/** Pre-processor variables the node overrides at start (see docs/freeswitch.md). */
export const NODE_VARS_GLOB = `${NODE_PATHS.nodeVarsDir}/*.xml`;

/** A gentle tone instead of a music file: mod_tone_stream needs no file on disk. */
export const HOLD_MUSIC = 'tone_stream://%(250,4750,440);loops=-1';

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
      // Advertised addresses: auto-nat until the node writes its public address (a literal) at start.
      preSet('external_sip_ip', 'auto-nat'),
      preSet('external_rtp_ip', 'auto-nat'),
      preSet('pbxc_tls_dir', NODE_PATHS.tlsDir),
      preSet('internal_ssl_enable', 'true'),
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
      preSet('sound_prefix', '$${sounds_dir}/en/us/callie'),
      preSet('hold_music', HOLD_MUSIC),
      preSet('recordings_dir', NODE_PATHS.freeswitchRecordings),
      preSet('console_loglevel', 'info'),
      preSet('sip_tls_version', 'tlsv1.2'),
      preSet('sip_tls_ciphers', 'ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH'),
      include(NODE_VARS_GLOB),
    ]),
  );
}
