/**
 * Spec files are UTF-8. A file that is not (Latin-1 from an old editor, a binary) is refused with
 * the position of the first bad byte, instead of silently becoming U+FFFD characters.
 */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export type Decoded =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly byte: number;
      readonly line: number;
      readonly col: number;
      readonly value: number;
    };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    // ignoreBOM false: a leading UTF-8 byte order mark is dropped, as editors expect.
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const byte = firstInvalid(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, byte));
    const lines = before.split('\n');
    const last = lines[lines.length - 1] ?? '';
    return { ok: false, byte, line: lines.length, col: [...last].length + 1, value: bytes[byte] ?? 0 };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
