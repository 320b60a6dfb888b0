export interface ParkRange {
  readonly first: string;
  readonly last: string;
  readonly slots: readonly string[];
}

export const MAX_PARK_SLOTS = 1000;

/** "*5901-*5999" → every slot. Errors: unequal widths, reversed, too many. */
export function parseParkSlots(text: string): { value?: ParkRange; error?: string } {
  const match = /^\*([0-9]+)-\*([0-9]+)$/.exec(text);
  if (!match) return { error: 'expected "*NNNN-*MMMM"' };
  const [, a = '', b = ''] = match;
  if (a.length !== b.length) return { error: 'both ends need the same number of digits' };
  const low = Number(a);
  const high = Number(b);
  if (low > high) return { error: 'the range is reversed' };
  if (high - low + 1 > MAX_PARK_SLOTS)
    return { error: `it has ${high - low + 1} slots; at most ${MAX_PARK_SLOTS}` };
  const slots: string[] = [];
  for (let n = low; n <= high; n++) slots.push(`*${String(n).padStart(a.length, '0')}`);
  return { value: { first: `*${a}`, last: `*${b}`, slots } };
}
