import type { TenantScope } from '../bind/symbols.js';
import type { JsonPath } from '../load/source-file.js';
import { destinations } from '../rules/destinations.js';
import type { TenantSpec } from '../schema/types.gen.js';

/** One place a tenant names a media file: the name, where it sits, and a phrase for messages. */
export interface MediaReference {
  readonly name: string;
  readonly path: JsonPath;
  readonly what: string;
  /** What the file is used as (for the manifest and explain). */
  readonly use: 'announcement' | 'ivr-greeting' | 'voicemail-greeting' | 'music-on-hold';
}

/** A greeting given as { media: NAME }, else undefined (a sound path or a broken value). */
export function greetingMedia(greeting: unknown): string | undefined {
  const name = (greeting as { media?: unknown } | null)?.media;
  return typeof greeting === 'object' && typeof name === 'string' ? name : undefined;
}

/**
 * Every media name a tenant's spec uses outside destinations: IVR greetings, voicemail greetings,
 * music on hold. Items that failed the schema are holes and are skipped.
 */
export function ownMediaReferences(spec: TenantSpec): MediaReference[] {
  const out: MediaReference[] = [];
  if (typeof spec.music_on_hold === 'string')
    out.push({
      name: spec.music_on_hold,
      path: ['music_on_hold'],
      what: 'music_on_hold',
      use: 'music-on-hold',
    });
  (spec.ivr_menus ?? []).forEach((m, i) => {
    const name = m ? greetingMedia(m.greeting) : undefined;
    if (name !== undefined)
      out.push({
        name,
        path: ['ivr_menus', i, 'greeting', 'media'],
        what: `IVR ${m.id} greeting`,
        use: 'ivr-greeting',
      });
  });
  (spec.extensions ?? []).forEach((e, i) => {
    if (e && typeof e.voicemail_greeting === 'string')
      out.push({
        name: e.voicemail_greeting,
        path: ['extensions', i, 'voicemail_greeting'],
        what: `extension ${e.number} voicemail_greeting`,
        use: 'voicemail-greeting',
      });
  });
  return out;
}

/** Every media name a tenant uses: its own settings and the announcements of all its destinations. */
export function tenantMediaReferences(spec: TenantSpec): MediaReference[] {
  const out = ownMediaReferences(spec);
  // destinations() reads only the spec: the same walk the reference rules check, nested `then` included.
  for (const { dest, path, owner } of destinations({ spec } as TenantScope))
    if (typeof dest.announcement === 'string')
      out.push({
        name: dest.announcement,
        path: [...path, 'announcement'],
        what: `${owner}: announcement`,
        use: 'announcement',
      });
  return out;
}
