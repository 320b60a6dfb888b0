/**
 * Tenant-level defaults (`defaults: { extension: { voicemail: true } }`): every extension gets the
 * default for a key it does not set itself. Applied after the schema checked both the defaults and
 * the items, so the merged values are well-formed; positions stay those of the items.
 */
export function applyDefaults<T>(tenant: T): T {
  if (!tenant || typeof tenant !== 'object' || Array.isArray(tenant)) return tenant;
  const t = tenant as Record<string, unknown>;
  const defaults = t.defaults as { extension?: Record<string, unknown> } | undefined;
  const ext = defaults && typeof defaults === 'object' ? defaults.extension : undefined;
  if (!ext || typeof ext !== 'object' || Object.keys(ext).length === 0 || !Array.isArray(t.extensions))
    return tenant;
  const extensions = t.extensions.map((item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? { ...ext, ...(item as Record<string, unknown>) }
      : item,
  );
  return { ...t, extensions } as T;
}
