import { diag } from '../diag/diagnostic.js';
import { SHARED_SCOPE } from '../media/names.js';
import { tenantMediaReferences } from '../media/references.js';
import { resolveMedia } from '../media/resolve.js';
import { closest } from '../util/text.js';
import type { Rule } from './rule.js';

/** Each media name a spec uses is a file of the tenant's folder or of media/shared/. */
export const mediaReferencesExist: Rule = {
  name: 'media-references-exist',
  check(ctx) {
    const media = ctx.bound.media ?? [];
    for (const scope of ctx.bound.tenants) {
      for (const ref of tenantMediaReferences(scope.spec)) {
        if (resolveMedia(media, scope.id, ref.name)) continue;
        const names = media
          .filter((m) => m.scope === scope.id || m.scope === SHARED_SCOPE)
          .map((m) => m.name);
        const guess = closest(ref.name, names);
        ctx.report(
          diag(
            'PBX3706',
            {
              what: ref.what,
              name: ref.name,
              where: `media/${scope.id}/ and media/${SHARED_SCOPE}/`,
              hint: guess ? ` (did you mean "${guess}"?)` : '',
            },
            scope.locate(ref.path),
          ),
        );
      }
    }
  },
};

/**
 * A media folder is named after a tenant or "shared"; a file nothing refers to is reported (it is
 * not shipped). Only when every tenant file was read: a broken one may be the folder's owner.
 */
export const mediaFilesUsed: Rule = {
  name: 'media-files-used',
  check(ctx) {
    const media = ctx.bound.media ?? [];
    if (media.length === 0) return;
    const tenants = new Map(ctx.bound.tenants.map((t) => [t.id, t]));
    const used = new Set<string>();
    for (const scope of ctx.bound.tenants)
      for (const ref of tenantMediaReferences(scope.spec)) {
        const m = resolveMedia(media, scope.id, ref.name);
        if (m) used.add(`${m.scope}/${m.name}`);
      }
    // A tenant file with a schema error may hold the reference that was dropped: say nothing then.
    const complete = ctx.bound.tenants.every((t) => t.broken.size === 0);
    if (!complete) return;
    const reported = new Set<string>();
    for (const m of media) {
      if (m.scope !== SHARED_SCOPE && !tenants.has(m.scope)) {
        if (!reported.has(m.scope)) {
          reported.add(m.scope);
          const folder = m.file.slice(0, m.file.lastIndexOf('/'));
          ctx.report(diag('PBX3709', { path: folder }, { file: folder, line: 1, col: 1 }));
        }
        continue;
      }
      if (!used.has(`${m.scope}/${m.name}`))
        ctx.report(diag('PBX3708', { name: m.name }, { file: m.file, line: 1, col: 1 }));
    }
  },
};

export const MEDIA_RULES: readonly Rule[] = [mediaReferencesExist, mediaFilesUsed];
