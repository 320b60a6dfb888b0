import type { TenantScope } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { JsonPath } from '../load/source-file.js';
import type { RuleContext } from './rule.js';
import { isMissing, REF_KINDS, type RefKind, table } from './scope.js';

/**
 * Checks that `name` names a `kind` of the tenant; reports PBX3010 at `path` when it certainly does
 * not. Returns whether it exists, so dependent checks run only on references that resolve.
 */
export function checkRef(
  ctx: RuleContext,
  scope: TenantScope,
  kind: RefKind,
  name: string,
  path: JsonPath,
  what: string,
): boolean {
  if (table(scope, kind).has(name)) return true;
  if (isMissing(scope, kind, name)) {
    ctx.report(
      diag(
        'PBX3010',
        {
          what,
          ref: name,
          kind: REF_KINDS[kind].article,
          tenant: scope.id,
          hint: otherKindHint(scope, kind, name),
        },
        scope.locate(path),
      ),
    );
  }
  return false;
}

/** The extension spec behind a number, when it resolves. */
export function extensionOf(scope: TenantScope, number: string) {
  return scope.extensions.get(number)?.value;
}

/** "600 is a ring group, not an extension": what a wrong-kind reference names instead, if anything. */
export function otherKindHint(scope: TenantScope, kind: RefKind, name: string): string {
  const keyOf: Partial<Record<RefKind, string>> = {
    extensions: 'extension',
    ring_groups: 'ring_group',
    conferences: 'conference',
    queues: 'queue',
    ivr_menus: 'ivr',
  };
  const candidates: [RefKind, string][] = [
    ['extensions', 'an extension'],
    ['ring_groups', 'a ring group'],
    ['conferences', 'a conference room'],
    ['queues', 'a queue'],
    ['ivr_menus', 'an IVR menu'],
  ];
  for (const [other, article] of candidates) {
    if (other === kind || !table(scope, other).has(name)) continue;
    const key = keyOf[other];
    return ` (${name} is ${article}, not ${REF_KINDS[kind].article}${key ? `: write ${key}: "${name}"` : ''})`;
  }
  if (scope.aliases.has(name)) return ` (${name} is an alias, not ${REF_KINDS[kind].article})`;
  return '';
}
