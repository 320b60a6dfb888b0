import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { DEFAULTS } from '../model/defaults.js';
import {
  expiresDeviation,
  minimumExpires,
  refreshRate,
  SUSTAINABLE_REGISTRATIONS_PER_SECOND,
} from '../model/registration-capacity.js';
import { environments, running } from './environments.js';
import type { Rule } from './rule.js';

/**
 * Every phone of an environment registers to its one active node (docs/ha.md: active/standby). When
 * the phones of the tenants it serves (one per extension: each is a SIP user that registers) would
 * refresh faster than a node sustains — phones / (expires − expires/4), every grant at its shortest —
 * warn at the environment, with the registration interval to raise.
 */
export const registrationCapacity: Rule = {
  name: 'registration-capacity',
  needs: ['sip', 'environments'],
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform) return;
    const written = platform.spec.sip?.registration?.expires;
    const expires = typeof written === 'number' ? written : DEFAULTS.registrationExpires;
    const related =
      typeof written === 'number'
        ? [
            {
              location: platform.locate(['sip', 'registration', 'expires']),
              message: 'the registration interval',
            },
          ]
        : [];
    for (const env of environments(platform, ctx.bound.tenants)) {
      if (!running(env)) continue;
      const phones = env.served.reduce((n, t) => n + each(t, 'extensions').length, 0);
      const rate = refreshRate(phones, expires);
      if (rate <= SUSTAINABLE_REGISTRATIONS_PER_SECOND) continue;
      const args = {
        env: env.name,
        phones,
        rate: Math.ceil(rate),
        expires,
        shortest: expires - expiresDeviation(expires),
        sustainable: SUSTAINABLE_REGISTRATIONS_PER_SECOND,
        minimum: minimumExpires(phones),
      };
      ctx.report(diag('PBX3810', args, env.at, related));
    }
  },
};

export const REGISTRATION_CAPACITY_RULES: readonly Rule[] = [registrationCapacity];
