import type { EmittedFile } from '../emit/target.js';
import type { Model } from '../model/types.js';
import type { Change, Consequence, DiffReport, Risk } from './change.js';
import { match } from './fields.js';
import { diffFiles } from './files.js';
import { macText } from './labels.js';
import { diffPlatform } from './platform.js';
import { diffTenant } from './tenant.js';
import { terraformChanges } from './terraform.js';

export type { Change, DiffReport, Risk } from './change.js';

/**
 * The semantic diff: model a (base) → model b (head), in the spec's own terms. Pure. The generated
 * trees of both sides (built by the caller, pure too) give the per-target file list and the phones
 * whose files change without their device being edited.
 */
export function diffModels(
  a: Model,
  b: Model,
  trees: { readonly base: readonly EmittedFile[]; readonly head: readonly EmittedFile[] },
): DiffReport {
  const changes: Change[] = [];
  const risks: Risk[] = [];
  const consequences: Consequence[] = [];
  const take = (c: { changes: Change[]; risks: Risk[]; consequences: Consequence[] }) => {
    changes.push(...c.changes);
    risks.push(...c.risks);
    consequences.push(...c.consequences);
  };
  take(diffPlatform(a, b));
  const tenants = match(a.tenants, b.tenants, (t) => t.id);
  for (const t of tenants.added)
    changes.push({
      scope: t.id,
      kind: 'added',
      object: `tenant ${t.id} (${t.name})`,
      details: [`${t.extensions.length} extensions, ${t.dids.length} DIDs, ${t.devices.length} devices`],
    });
  for (const t of tenants.removed) {
    changes.push({ scope: t.id, kind: 'removed', object: `tenant ${t.id} (${t.name})`, details: [] });
    risks.push({
      kind: 'tenant-removed',
      scope: t.id,
      message: `tenant ${t.id} removed: ${t.extensions.length} extensions, ${t.dids.length} DIDs (${t.dids.map((d) => d.number).join(', ') || 'none'}) and ${t.devices.length} devices go away`,
    });
  }
  for (const [x, y] of tenants.both) take(diffTenant(x, y));

  const files = diffFiles(trees.base, trees.head);
  // Phones whose files change although nobody edited the device: a rename, a password rotation,
  // a platform setting.
  const edited = new Set(
    changes.filter((c) => c.object.startsWith('device ')).map((c) => `${c.scope} ${c.object.split(' ')[1]}`),
  );
  const phones = files.find((f) => f.target === 'phones');
  if (phones) {
    for (const t of b.tenants) {
      for (const d of t.devices) {
        if (edited.has(`${t.id} ${macText(d.mac)}`)) continue;
        const touched = phones.changed.filter(
          (p) => p.startsWith(`phones/${t.id}/`) && p.toLowerCase().includes(d.mac),
        );
        if (touched.length > 0)
          consequences.push({
            scope: t.id,
            message: `device ${macText(d.mac)} ${d.name} gets new provisioning files (${touched.join(', ')}) without being edited`,
          });
      }
    }
  }
  return { risks, changes, consequences, files, terraform: terraformChanges(a, b) };
}
