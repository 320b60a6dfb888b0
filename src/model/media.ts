import { createHash } from 'node:crypto';
import { tenantMediaReferences } from '../media/references.js';
import { resolveMedia } from '../media/resolve.js';
import type { MediaSource } from '../media/source.js';
import type { TenantSpec } from '../schema/types.gen.js';
import { compareStrings } from '../util/text.js';

/** A media file a tenant uses, as it is installed on the node. */
export interface MediaModel {
  readonly name: string;
  /** The tenant id whose folder holds it, or "shared". */
  readonly scope: string;
  /** The file inside the spec folder, e.g. "media/abc/welcome.mp3". */
  readonly source: string;
  /** What the tenant uses it as: announcement, ivr-greeting, voicemail-greeting, music-on-hold (sorted). */
  readonly uses: readonly string[];
  /** sha256 and size of the WAV that is installed (after conversion). */
  readonly sha256: string;
  readonly bytes: number;
  readonly rate: number;
  readonly channels: number;
  readonly durationMs: number;
  /** sha256 of the file in the spec, and what was converted ("mp3", "44100 Hz, 2 channels"). */
  readonly sourceSha256: string;
  readonly convertedFrom?: string;
  /** The installed bytes, base64 (the model holds only JSON values; render writes them out). */
  readonly data: string;
}

/** The media a tenant's spec refers to, resolved (its own folder first, then shared), sorted by name. */
export function tenantMedia(t: TenantSpec, media: readonly MediaSource[]): MediaModel[] {
  const uses = new Map<string, Set<string>>();
  const note = (name: string, use: string) => {
    const set = uses.get(name) ?? new Set<string>();
    set.add(use);
    uses.set(name, set);
  };
  for (const r of tenantMediaReferences(t)) note(r.name, r.use);
  const out: MediaModel[] = [];
  for (const [name, set] of uses) {
    const m = resolveMedia(media, t.tenant, name);
    if (!m) continue;
    out.push({
      name,
      scope: m.scope,
      source: `media/${m.scope}/${m.name}.${m.ext}`,
      uses: [...set].sort(compareStrings),
      sha256: createHash('sha256').update(m.bytes).digest('hex'),
      bytes: m.bytes.length,
      rate: m.info.rate,
      channels: m.info.channels,
      durationMs: m.info.durationMs,
      sourceSha256: m.sourceSha256,
      ...(m.convertedFrom !== undefined ? { convertedFrom: m.convertedFrom } : {}),
      data: m.bytes.toString('base64'),
    });
  }
  return out.sort((a, b) => compareStrings(a.name, b.name));
}
