import { installedPath, SHARED_SCOPE } from '../../media/names.js';
import type { MediaModel } from '../../model/media.js';
import type { Model, TenantModel } from '../../model/types.js';
import { compareStrings } from '../../util/text.js';
import type { EmitMode, EmittedFile } from '../target.js';

/**
 * Media files on the node: freeswitch/media/<scope>/<name>.wav, beside the configuration, so a
 * release carries its media and switches with it. The audit tree holds an index per scope
 * (content-addressed: sha256, size, format, what uses it), never the bytes: a changed recording
 * changes its index, so `check` reports it. The rendered tree (render, publish) adds the bytes.
 */
export function mediaFiles(
  mode: EmitMode,
  scope: string,
  media: readonly MediaModel[],
  users?: ReadonlyMap<string, readonly string[]>,
): EmittedFile[] {
  if (media.length === 0) return [];
  const entries = media.map((m) => ({
    name: m.name,
    source: m.source,
    sourceSha256: m.sourceSha256,
    ...(m.convertedFrom !== undefined ? { convertedFrom: m.convertedFrom } : {}),
    installed: installedPath(scope, m.name),
    sha256: m.sha256,
    bytes: m.bytes,
    format: `wav pcm16 mono ${m.rate} Hz`,
    durationMs: m.durationMs,
    uses: m.uses,
    ...(users ? { tenants: users.get(m.name) ?? [] } : {}),
  }));
  const files: EmittedFile[] = [
    {
      path: `freeswitch/media/${scope}/index.json`,
      content: `${JSON.stringify({ scope, files: entries }, null, 2)}\n`,
    },
  ];
  if (mode === 'render')
    for (const m of media)
      files.push({ path: `freeswitch/${installedPath(scope, m.name)}`, content: m.data, encoding: 'base64' });
  return files;
}

/** A tenant's own media (its folder): part of its split. */
export function tenantMediaFiles(mode: EmitMode, tenant: TenantModel): EmittedFile[] {
  return mediaFiles(
    mode,
    tenant.id,
    tenant.media.filter((m) => m.scope === tenant.id),
  );
}

/** Shared media every tenant of the tree uses, once, with the tenants using each and their uses merged. */
export function sharedMediaFiles(mode: EmitMode, model: Model): EmittedFile[] {
  const byName = new Map<string, MediaModel>();
  const users = new Map<string, string[]>();
  for (const t of model.tenants)
    for (const m of t.media) {
      if (m.scope !== SHARED_SCOPE) continue;
      const seen = byName.get(m.name);
      byName.set(
        m.name,
        seen ? { ...seen, uses: [...new Set([...seen.uses, ...m.uses])].sort(compareStrings) } : m,
      );
      users.set(m.name, [...(users.get(m.name) ?? []), t.id]);
    }
  const media = [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
  return mediaFiles(mode, SHARED_SCOPE, media, users);
}
