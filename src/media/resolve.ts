import { SHARED_SCOPE } from './names.js';

/** The file a tenant's name means: its own folder first, then media/shared/. Pure. */
export function resolveMedia<T extends { readonly scope: string; readonly name: string }>(
  media: readonly T[],
  tenant: string,
  name: string,
): T | undefined {
  return (
    media.find((m) => m.scope === tenant && m.name === name) ??
    media.find((m) => m.scope === SHARED_SCOPE && m.name === name)
  );
}
