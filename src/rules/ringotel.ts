import { each, type TenantScope } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { extensionKind, parsePlanEntry } from '../model/numbering.js';
import type { Rule } from './rule.js';
import { isMissing } from './scope.js';

/** The tenant's Ringotel block, when it passed the schema. */
export function ringotelOf(scope: TenantScope) {
  return scope.broken.has('softphones') ? undefined : scope.spec.softphones?.ringotel;
}

/** An extension is a WebRTC client when flagged so or when its number lies in a webrtc plan entry. */
export function isWebrtc(scope: TenantScope, number: string): boolean {
  const ext = scope.extensions.get(number)?.value;
  if (!ext) return false;
  if (ext.webrtc === true) return true;
  const plan = each(scope, 'number_plan').map(([e]) => parsePlanEntry(e));
  return extensionKind(plan, number, false) === 'webrtc';
}

/**
 * A Ringotel whitelist must never be in a trunk's inbound_from: Ringotel registers and authenticates
 * like any SIP endpoint, and in the PBX ACL its calls would bypass authentication.
 */
export const ringotelNotInTrunkAcl: Rule = {
  name: 'ringotel-not-in-trunk-acl',
  check(ctx) {
    const platform = ctx.bound.platform;
    const ringotelLists = new Map<string, string>();
    for (const scope of ctx.bound.tenants) {
      const name = ringotelOf(scope)?.whitelist;
      if (name !== undefined && !ringotelLists.has(name)) ringotelLists.set(name, scope.id);
    }
    for (const scope of ctx.bound.tenants) {
      for (const [t, i] of each(scope, 'trunks')) {
        (t.inbound_from ?? []).forEach((name, j) => {
          const tenant = ringotelLists.get(name);
          if (
            tenant === undefined ||
            (platform && !platform.broken.has('firewall') && !platform.whitelists.has(name))
          )
            return;
          ctx.report(
            diag('PBX3041', { name, tenant, trunk: t.id }, scope.locate(['trunks', i, 'inbound_from', j])),
          );
        });
      }
    }
  },
};

/** A few wrong passwords from one app would otherwise ban the Ringotel servers, and every user with them. */
export const ringotelInFail2banIgnore: Rule = {
  name: 'ringotel-in-fail2ban-ignore',
  check(ctx) {
    const platform = ctx.bound.platform;
    if (!platform || platform.broken.has('firewall')) return;
    const ignore = platform.spec.firewall?.fail2ban?.ignore ?? [];
    for (const scope of ctx.bound.tenants) {
      const name = ringotelOf(scope)?.whitelist;
      if (name === undefined || !platform.whitelists.has(name) || ignore.includes(name)) continue;
      ctx.report(
        diag('PBX3083', { name, tenant: scope.id }, scope.locate(['softphones', 'ringotel', 'whitelist'])),
      );
    }
  },
};

/** Users and BLF contacts are extensions, each one or the other; WebRTC clients cannot use the app. */
export const ringotelUsers: Rule = {
  name: 'ringotel-users',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const r = ringotelOf(scope);
      if (!r) continue;
      const users = r.users ?? [];
      users.forEach((ext, j) => {
        const path = ['softphones', 'ringotel', 'users', j];
        if (isMissing(scope, 'extensions', ext))
          ctx.report(diag('PBX3080', { what: 'user', ext, tenant: scope.id }, scope.locate(path)));
        else if (isWebrtc(scope, ext))
          ctx.report(diag('PBX3082', { ext, what: 'a Ringotel user', tenant: scope.id }, scope.locate(path)));
      });
      (r.blf_contacts ?? []).forEach((ext, j) => {
        const path = ['softphones', 'ringotel', 'blf_contacts', j];
        if (isMissing(scope, 'extensions', ext))
          ctx.report(diag('PBX3080', { what: 'BLF contact', ext, tenant: scope.id }, scope.locate(path)));
        else if (users.includes(ext))
          ctx.report(diag('PBX3081', { ext, tenant: scope.id }, scope.locate(path)));
      });
    }
  },
};

export const RINGOTEL_RULES: readonly Rule[] = [
  ringotelNotInTrunkAcl,
  ringotelInFail2banIgnore,
  ringotelUsers,
];
