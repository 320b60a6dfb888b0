import type { Bound } from '../bind/symbols.js';
import type { Diagnostic } from '../diag/diagnostic.js';

export interface RuleContext {
  readonly bound: Bound;
  report(diagnostic: Diagnostic): void;
}

/**
 * A semantic check: a small named function. `needs` lists the top-level spec keys it reads; the rule
 * is skipped for a file where one of them failed the schema, so one typo does not cascade.
 */
export interface Rule {
  readonly name: string;
  readonly needs?: readonly string[];
  check(ctx: RuleContext): void;
}
