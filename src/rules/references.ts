import { each, type TenantScope } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { JsonPath } from '../load/source-file.js';
import { destinations } from './destinations.js';
import { checkRef } from './refs.js';
import type { Rule, RuleContext } from './rule.js';

/**
 * A voicemail box is an extension with voicemail on. Reports at `path` (the box number) and returns
 * whether the box exists.
 */
export function checkVoicemailBox(
  ctx: RuleContext,
  scope: TenantScope,
  box: string,
  path: JsonPath,
  what: string,
): boolean {
  if (!checkRef(ctx, scope, 'extensions', box, path, `${what}: voicemail box`)) return false;
  if (scope.extensions.get(box)?.value.voicemail === true) return true;
  ctx.report(diag('PBX3011', { what, ref: box, tenant: scope.id }, scope.locate(path)));
  return false;
}

/** Every extension, ring group, IVR and voicemail a destination names exists in the same tenant. */
export const destinationTargetsExist: Rule = {
  name: 'destination-targets-exist',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const { dest, path, owner } of destinations(scope)) {
        if (dest.extension !== undefined)
          checkRef(ctx, scope, 'extensions', dest.extension, [...path, 'extension'], `${owner}: extension`);
        if (dest.ring_group !== undefined)
          checkRef(
            ctx,
            scope,
            'ring_groups',
            dest.ring_group,
            [...path, 'ring_group'],
            `${owner}: ring group`,
          );
        if (dest.conference !== undefined)
          checkRef(
            ctx,
            scope,
            'conferences',
            dest.conference,
            [...path, 'conference'],
            `${owner}: conference room`,
          );
        if (dest.queue !== undefined)
          checkRef(ctx, scope, 'queues', dest.queue, [...path, 'queue'], `${owner}: queue`);
        if (dest.ivr !== undefined)
          checkRef(ctx, scope, 'ivr_menus', dest.ivr, [...path, 'ivr'], `${owner}: IVR menu`);
        if (dest.voicemail !== undefined)
          checkVoicemailBox(ctx, scope, dest.voicemail, [...path, 'voicemail'], owner);
      }
    }
  },
};

/** An extension that forwards to its own number would ring itself until the call times out. */
export const noSelfForward: Rule = {
  name: 'no-self-forward',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      for (const [e, i] of each(scope, 'extensions')) {
        for (const [kind, rule] of Object.entries(e.forward ?? {})) {
          if (rule?.to?.extension === e.number)
            ctx.report(
              diag(
                'PBX3089',
                { ext: e.number },
                scope.locate(['extensions', i, 'forward', kind, 'to', 'extension']),
              ),
            );
        }
      }
    }
  },
};

export const REFERENCE_RULES: readonly Rule[] = [destinationTargetsExist, noSelfForward];
