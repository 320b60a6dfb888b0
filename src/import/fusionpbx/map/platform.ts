import { note } from '../../yaml-style.js';
import type { FusionRows } from '../rows.js';
import { setting, variable } from './settings.js';
import type { Trunk } from './trunks.js';

const CODECS = ['OPUS', 'G722', 'PCMA', 'PCMU', 'G729'];

/** FusionPBX's stock feature codes, which pbxc's defaults follow. */
export const FEATURE_CODES = {
  dnd_on: '*78',
  dnd_off: '*79',
  forward_on: '*72',
  forward_off: '*73',
  voicemail: '*97',
  voicemail_any: '*98',
  park: '*5900',
  park_slots: '*5901-*5999',
  pickup_group: '*8',
  pickup_direct: '**',
  record_toggle: '*2',
  echo_test: '*9196',
} as const;

export function inParkSlots(slot: string): boolean {
  const [from, to] = FEATURE_CODES.park_slots.split('-').map((s) => Number(s.slice(1)));
  const n = /^\*([0-9]+)$/.exec(slot)?.[1];
  return n !== undefined && n.length === 4 && Number(n) >= (from ?? 0) && Number(n) <= (to ?? 0);
}

/** platform.yaml: SIP defaults of a FusionPBX install, its codecs, and the carriers' whitelists. */
export function mapPlatform(
  rows: FusionRows,
  platform: string,
  firstDomain: string | undefined,
  trunks: readonly Trunk[],
): Record<string, unknown> {
  const prefs = (variable(rows, 'global_codec_prefs') ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase().replace(/@.*$/, ''));
  const codecs = [...new Set(prefs.filter((c) => CODECS.includes(c)))];
  const whitelists: Record<string, string[]> = {};
  for (const t of trunks)
    if (t.whitelist)
      whitelists[t.whitelist.name] = [
        ...new Set([...(whitelists[t.whitelist.name] ?? []), ...t.whitelist.addresses]),
      ].sort();
  const sorted = Object.fromEntries(Object.entries(whitelists).sort(([a], [b]) => (a < b ? -1 : 1)));
  const transport = setting(rows, undefined, 'provision', 'line_sip_transport');
  const doc: Record<string, unknown> = {
    platform,
    sip: {
      ports: note(
        { udp: 5060, tcp: 5060, tls: 5061, wss: 7443, external: 5080 },
        'FusionPBX defaults: internal 5060/5061, external 5080',
      ),
      rtp: { from: 16384, to: 32768 },
      codecs: note(
        codecs.length > 0 ? codecs : ['G722', 'PCMU', 'PCMA'],
        `FusionPBX global_codec_prefs ${variable(rows, 'global_codec_prefs') ?? '(none)'}`,
      ),
    },
    feature_codes: note({ ...FEATURE_CODES }, 'FusionPBX stock feature codes'),
    firewall: {
      whitelists: note(
        sorted,
        Object.keys(sorted).length ? 'carrier addresses from the gateways' : 'add your office and carriers',
      ),
      sip_access: 'open',
      fail2ban: {
        maxretry: 5,
        findtime: 600,
        bantime: 3600,
        ...(Object.keys(sorted).length ? { ignore: Object.keys(sorted) } : {}),
      },
    },
    provisioning: {
      base_url: note(
        `https://${firstDomain ?? 'provision.example.net'}`,
        "needs a decision: the first tenant's domain, see IMPORT-REPORT.md",
      ),
      ...(transport && ['udp', 'tcp', 'tls'].includes(transport)
        ? { sip_transport: note(transport, 'FusionPBX provision/line_sip_transport') }
        : {}),
    },
  };
  return doc;
}
