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
        { what, ref: name, kind: REF_KINDS[kind].article, tenant: scope.id },
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
