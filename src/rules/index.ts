import type { Bound } from '../bind/symbols.js';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import { CALL_FILTER_RULES } from './call-filters.js';
import { DEVICE_RULES } from './devices.js';
import { DID_RULES } from './dids.js';
import { EMERGENCY_RULES } from './emergency.js';
import { ENVIRONMENT_KIND_RULES } from './environment-kind.js';
import { ENVIRONMENT_RULES } from './environments.js';
import { LANGUAGE_RULES } from './languages.js';
import { LINE_RULES } from './lines.js';
import { LOOP_RULES } from './loops.js';
import { MEDIA_RULES } from './media.js';
import { NUMBERING_RULES } from './numbering.js';
import { PAGING_RULES } from './paging.js';
import { PHONE_NUMBER_RULES } from './phone-numbers.js';
import { PHONE_TIMER_RULES } from './phone-timers.js';
import { PORT_RULES } from './ports.js';
import { QUEUE_RULES } from './queues.js';
import { REFERENCE_RULES } from './references.js';
import { REGISTRATION_CAPACITY_RULES } from './registration-capacity.js';
import { RING_GROUP_RULES } from './ring-groups.js';
import { RINGOTEL_RULES } from './ringotel.js';
import { ROUTE_RULES } from './routes.js';
import type { Rule } from './rule.js';
import { SCHEDULE_RULES } from './schedules.js';
import { SERVICE_CODE_RULES } from './service-codes.js';
import { TENANT_RULES } from './tenants.js';
import { TLS_RULES } from './tls-certificates.js';
import { TRUNK_RULES } from './trunks.js';
import { WHITELIST_RULES } from './whitelists.js';

/** Every rule family, in the order they run. Each family lives in its own file. */
export const RULES: readonly Rule[] = [
  ...TENANT_RULES,
  ...NUMBERING_RULES,
  ...SERVICE_CODE_RULES,
  ...EMERGENCY_RULES,
  ...REFERENCE_RULES,
  ...LOOP_RULES,
  ...RING_GROUP_RULES,
  ...PAGING_RULES,
  ...QUEUE_RULES,
  ...DID_RULES,
  ...LINE_RULES,
  ...SCHEDULE_RULES,
  ...CALL_FILTER_RULES,
  ...TRUNK_RULES,
  ...TLS_RULES,
  ...LANGUAGE_RULES,
  ...WHITELIST_RULES,
  ...RINGOTEL_RULES,
  ...PORT_RULES,
  ...ENVIRONMENT_KIND_RULES,
  ...ROUTE_RULES,
  ...PHONE_NUMBER_RULES,
  ...DEVICE_RULES,
  ...PHONE_TIMER_RULES,
  ...ENVIRONMENT_RULES,
  ...MEDIA_RULES,
  ...REGISTRATION_CAPACITY_RULES,
];
export function runRules(bound: Bound, rules: readonly Rule[] = RULES, schemaErrors = false): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Any schema error means some value was dropped, even a leaf deep inside a block that is still
  // "well-formed": a rule that trips over the hole is a cascade of that error, not a bug.
  const anyBroken =
    schemaErrors ||
    bound.tenants.some((t) => t.broken.size > 0 || t.shadow.size > 0) ||
    (bound.platform?.broken.size ?? 0) > 0;
  for (const rule of rules) {
    const skip =
      rule.needs?.some(
        (key) => bound.platform?.broken.has(key) || bound.tenants.some((t) => t.broken.has(key)),
      ) ?? false;
    if (skip) continue;
    try {
      rule.check({ bound, report: (d) => diagnostics.push(d) });
    } catch (error) {
      // A rule tripping over values the schema already rejected is a cascade, not news. On a
      // schema-clean spec it is a bug in pbxc, and says so.
      if (!anyBroken)
        diagnostics.push(
          diag('PBX9001', { detail: `rule ${rule.name}: ${(error as Error).stack ?? error}` }),
        );
    }
  }
  return diagnostics;
}
