import type { Bound } from '../bind/symbols.js';
import { type Diagnostic, diag } from '../diag/diagnostic.js';
import type { Rule } from './rule.js';

/** Every rule family, in the order they run. Each family lives in its own file. */
export const RULES: readonly Rule[] = [];

export function runRules(bound: Bound, rules: readonly Rule[] = RULES): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const anyBroken =
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
