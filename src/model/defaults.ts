import type { FeatureCodes } from './types.js';

/** FusionPBX-style defaults, used where neither platform nor tenant sets a code. */
export const DEFAULT_FEATURE_CODES: FeatureCodes = {
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
  queue_login: '*50',
  queue_logout: '*51',
  queue_break: '*52',
};

export const DEFAULTS = {
  maxRegistrations: 5,
  externalPort: 5080,
  adminPorts: [22],
  fail2ban: { maxretry: 5, findtime: 600, bantime: 3600, recidiveBantime: 604800 },
  /** Minutes: an hour is the shortest check interval every supported vendor accepts (Polycom, Grandstream). */
  updateIntervalMinutes: 60,
  ntpServer: 'pool.ntp.org',
  ringotelTtl: 300,
  ivrTimeout: 5,
  ivrMaxFailures: 3,
  trunkPing: 30,
  forwardNoAnswerAfter: 20,
  linePriority: 1,
  conferenceMaxMembers: 50,
  /** Hz: wideband mixing, what current desk phones send with G.722. */
  conferenceRate: 16000,
  /** mod_conference's own sample profile value: filters line noise without cutting soft speech. */
  conferenceEnergyLevel: 100,
  /** Seconds: short enough that phones find a standby node soon after a fail-over. */
  registrationExpires: 120,
  /** Seconds: below the 30 s UDP binding timeout of common office routers. */
  natKeepalive: 25,
} as const;
