import { type ReportItem, reportMarkdown } from '../report.js';
import { yamlFile } from '../yaml-style.js';
import { reporter } from './map/context.js';
import { inParkSlots, mapPlatform } from './map/platform.js';
import { mapTenant, type TenantResult } from './map/tenant.js';
import type { Trunk } from './map/trunks.js';
import { tenantIds } from './names.js';
import { type FusionRows, text } from './rows.js';

export interface ImportOptions {
  /** Domain names to import (all when empty). */
  readonly domains: readonly string[];
  readonly platform: string;
  readonly keepPasswords: boolean;
  /** Years recurring holidays are written for. */
  readonly holidayYears: readonly number[];
  /** Where the data came from, for the report (no password). */
  readonly source: string;
}

export interface ImportResult {
  /** Spec files by relative path, plus IMPORT-REPORT.md. */
  readonly files: ReadonlyMap<string, string>;
  /** Named secrets (name → value) for the --secrets file. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly report: readonly ReportItem[];
  readonly tenants: readonly TenantResult[];
  /** Requested domains that do not exist. */
  readonly unknownDomains: readonly string[];
}

/** FusionPBX rows → spec files, secrets and the import report. Pure: no I/O, no clock. */
export function importFusion(rows: FusionRows, options: ImportOptions): ImportResult {
  const items: ReportItem[] = [];
  const all = rows.v_domains.map((d) => (text(d, 'domain_name') ?? '').toLowerCase()).filter(Boolean);
  const ids = tenantIds(all);
  const wanted = new Set(options.domains.map((d) => d.toLowerCase()));
  const unknownDomains = [...wanted].filter((d) => !all.includes(d)).sort();
  const domains = rows.v_domains
    .filter((d) => wanted.size === 0 || wanted.has((text(d, 'domain_name') ?? '').toLowerCase()))
    .sort((a, b) => ((text(a, 'domain_name') ?? '') < (text(b, 'domain_name') ?? '') ? -1 : 1));
  const claimed = new Map<string, string>();
  const macs = new Set<string>();
  const tenants: TenantResult[] = [];
  const platformReport = reporter(items, undefined);
  for (const d of domains) {
    const name = (text(d, 'domain_name') ?? '').toLowerCase();
    if (d.domain_enabled === false || text(d, 'domain_enabled') === 'false') {
      platformReport(
        'skipped',
        `domain ${name}`,
        'it is disabled in FusionPBX',
        'import it with --domain once it is enabled again',
      );
      continue;
    }
    const t = mapTenant(rows, d, ids.get(name) ?? name, items, {
      holidayYears: options.holidayYears,
      keepPasswords: options.keepPasswords,
      parkSlot: inParkSlots,
      claimed,
      macs,
    });
    if (t) tenants.push(t);
  }
  for (const g of rows.v_gateways.filter((x) => !text(x, 'domain_uuid')))
    if (!tenants.some((t) => t.trunks.some((k) => k.uuid === text(g, 'gateway_uuid'))))
      platformReport(
        'skipped',
        `global gateway ${text(g, 'gateway')}`,
        'no imported outbound route uses it',
        'add it as a trunk to the tenants that need it',
      );
  const globalPlans = rows.v_dialplans.filter(
    (p) => !text(p, 'domain_uuid') && text(p, 'dialplan_context') !== 'public',
  );
  if (globalPlans.length > 0)
    platformReport(
      'skipped',
      `global dialplans: ${[...new Set(globalPlans.map((p) => text(p, 'dialplan_name') ?? '?'))].sort().join(', ')}`,
      'pbxc writes the whole dialplan itself',
      'nothing to do for the stock ones; rebuild custom ones from spec objects',
    );

  platformReport(
    'decision',
    'firewall admin access',
    'FusionPBX does not store which addresses may reach SSH and the admin ports',
    'add your office to firewall.whitelists and list it in firewall.admin_access (validate warns until then)',
  );
  const withDevices = tenants.filter((t) => (t.counts.devices ?? 0) > 0).map((t) => t.domain);
  platformReport(
    'decision',
    'provisioning.base_url',
    `it was set to https://${tenants[0]?.domain ?? 'provision.example.net'}, taken from the first tenant's domain only: FusionPBX serves each phone from its own tenant's domain (/app/provision/)${
      withDevices.length > 0 ? `, here ${withDevices.join(', ')}` : ''
    }, and pbxc serves every tenant's phones from this one address`,
    "set provisioning.base_url to the host name phones will reach pbxc's provisioning at, then point the phones there (DHCP option 66 or the vendor's redirect service)",
  );
  const trunks: Trunk[] = tenants.flatMap((t) => [...t.trunks]);
  const platform = mapPlatform(rows, options.platform, tenants[0]?.domain, trunks);
  const files = new Map<string, string>();
  files.set(
    'platform.yaml',
    yamlFile({
      schema: 'schema/platform.schema.json',
      header: ['Imported from FusionPBX by pbxc import; see IMPORT-REPORT.md.'],
      doc: platform,
    }),
  );
  const secrets: Record<string, string> = {};
  for (const t of tenants) {
    files.set(
      `tenants/${t.id}.yaml`,
      yamlFile({
        schema: '../schema/tenant.schema.json',
        header: [`Imported from FusionPBX domain ${t.domain}; see IMPORT-REPORT.md.`],
        doc: t.doc,
      }),
    );
    Object.assign(secrets, t.secrets);
  }
  const sortedSecrets = Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : 1)));
  files.set(
    'IMPORT-REPORT.md',
    reportMarkdown(
      {
        source: options.source,
        tenants: tenants.map((t) => ({ id: t.id, domain: t.domain, counts: t.counts })),
        secrets: Object.keys(sortedSecrets),
        keepPasswords: options.keepPasswords,
      },
      items,
    ),
  );
  return { files, secrets: sortedSecrets, report: items, tenants, unknownDomains };
}
