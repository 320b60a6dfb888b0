import { each, type PlatformScope } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import type { JsonPath } from '../load/source-file.js';
import { parseCidr } from '../model/cidr.js';
import { closest } from '../util/text.js';
import type { Rule, RuleContext } from './rule.js';

/** The platform when its firewall block passed the schema: whitelist names can be resolved. */
function firewall(ctx: RuleContext): PlatformScope | undefined {
  const platform = ctx.bound.platform;
  return platform && !platform.broken.has('firewall') ? platform : undefined;
}

/** Entries are addresses or CIDRs; a CIDR with host bits set is probably a typo. */
export const whitelistEntries: Rule = {
  name: 'whitelist-entries',
  check(ctx) {
    const platform = firewall(ctx);
    for (const [name, entries] of platform?.whitelists ?? []) {
      entries.value.forEach((entry, i) => {
        const at = platform!.locate(['firewall', 'whitelists', name, i]);
        const { value, error } = parseCidr(entry);
        if (!value) ctx.report(diag('PBX3042', { entry, name, detail: error ?? '' }, at));
        else if (value.hostBits) ctx.report(diag('PBX3043', { entry, name, network: value.cidr }, at));
      });
    }
  },
};

/** Every place that names a whitelist, with its path in platform.yaml. */
function platformUses(platform: PlatformScope): { name: string; path: JsonPath; use: string }[] {
  const fw = platform.spec.firewall;
  const lists: [readonly string[] | undefined, JsonPath, string][] = [
    [fw?.admin_access, ['firewall', 'admin_access'], 'admin_access'],
    [fw?.sip_whitelists, ['firewall', 'sip_whitelists'], 'sip_whitelists'],
    [fw?.fail2ban?.ignore, ['firewall', 'fail2ban', 'ignore'], 'fail2ban.ignore'],
    [
      platform.broken.has('provisioning') ? undefined : platform.spec.provisioning?.allow,
      ['provisioning', 'allow'],
      'provisioning.allow',
    ],
    [
      platform.broken.has('provisioning') ? undefined : platform.spec.provisioning?.tftp?.allow,
      ['provisioning', 'tftp', 'allow'],
      'provisioning.tftp.allow',
    ],
  ];
  return lists.flatMap(([names, path, use]) =>
    (names ?? []).map((name, i) => ({ name, path: [...path, i], use })),
  );
}

/** admin_access, fail2ban.ignore, provisioning.allow, sip_whitelists, trunk inbound_from and Ringotel name defined whitelists. */
export const whitelistNamesExist: Rule = {
  name: 'whitelist-names-exist',
  check(ctx) {
    const platform = firewall(ctx);
    if (!platform) return;
    const check = (name: string, at: ReturnType<PlatformScope['locate']>, use: string, owner: string) => {
      if (platform.whitelists.has(name)) return;
      const guess = closest(name, [...platform.whitelists.keys()]);
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      ctx.report(diag('PBX3040', { name, use, owner, hint }, at));
    };
    for (const u of platformUses(platform)) check(u.name, platform.locate(u.path), u.use, 'the platform');
    for (const scope of ctx.bound.tenants) {
      for (const [t, i] of each(scope, 'trunks')) {
        (t.inbound_from ?? []).forEach((name, j) => {
          const at = scope.locate(['trunks', i, 'inbound_from', j]);
          check(name, at, `trunk ${t.id} inbound_from`, `tenant ${scope.id}`);
        });
      }
      const ringotel = scope.broken.has('softphones') ? undefined : scope.spec.softphones?.ringotel;
      // A whitelist value that failed the schema was dropped: the schema error already says why.
      if (ringotel && typeof ringotel.whitelist === 'string')
        check(
          ringotel.whitelist,
          scope.locate(['softphones', 'ringotel', 'whitelist']),
          'Ringotel whitelist',
          `tenant ${scope.id}`,
        );
    }
  },
};

/** sip_whitelists only matter with sip_access whitelist, and then at least one is needed. */
export const sipAccessWhitelists: Rule = {
  name: 'sip-access-whitelists',
  check(ctx) {
    const platform = firewall(ctx);
    const fw = platform?.spec.firewall;
    if (!platform || !fw) return;
    const restricted = fw.sip_access === 'whitelist';
    if (!restricted && fw.sip_whitelists !== undefined)
      ctx.report(diag('PBX3047', {}, platform.locate(['firewall', 'sip_whitelists'])));
    if (restricted && (fw.sip_whitelists ?? []).length === 0)
      ctx.report(diag('PBX3048', {}, platform.locate(['firewall', 'sip_access'])));
  },
};

export const WHITELIST_RULES: readonly Rule[] = [whitelistEntries, whitelistNamesExist, sipAccessWhitelists];
