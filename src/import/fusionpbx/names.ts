/** Turning FusionPBX names into pbxc ids and labels. */

const TRANSLIT: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  ø: 'oe',
  å: 'aa',
};

/** An id (lower-case letters, digits, "-"; 1..max chars) from free text; undefined when nothing is left. */
export function slug(text: string, max = 31): string | undefined {
  const ascii = text
    .toLowerCase()
    .replace(/[äöüßæøå]/g, (c) => TRANSLIT[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const s = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return s === '' ? undefined : s;
}

/** A unique id from `base` among `taken` (base, base-2, base-3, ...), added to `taken`. */
export function uniqueId(base: string, taken: Set<string>, max = 31): string {
  let id = base.slice(0, max);
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, max - String(n).length - 1)}-${n}`;
  taken.add(id);
  return id;
}

/** A label: no control characters, 1..64 characters; undefined when empty. */
export function label(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const s = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (s === '') return undefined;
  return [...s].slice(0, 64).join('').trim();
}

/** Tenant ids from domain names: the first label, or more labels where that is taken or generic. */
export function tenantIds(domains: readonly string[]): Map<string, string> {
  const generic = new Set(['sip', 'pbx', 'voip', 'voice', 'www', 'tel', 'phone', 'public', 'global']);
  const sorted = [...new Set(domains)].sort();
  const labelsOf = (d: string) => d.toLowerCase().split('.').filter(Boolean);
  const firstTry = (d: string) => {
    const labels = labelsOf(d);
    const first = labels[0] ?? d;
    const pick = generic.has(first) ? labels.slice(0, Math.min(labels.length, 2)).join('-') : first;
    return slug(pick) ?? 'tenant';
  };
  const count = new Map<string, number>();
  for (const d of sorted) count.set(firstTry(d), (count.get(firstTry(d)) ?? 0) + 1);
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const d of sorted) {
    const base = firstTry(d);
    const wanted = (count.get(base) ?? 0) > 1 ? (slug(labelsOf(d).join('-')) ?? base) : base;
    out.set(d, uniqueId(wanted, taken));
  }
  return out;
}
