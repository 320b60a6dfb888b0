/**
 * Myers' O((N+M)·D) shortest edit script between two sequences. Bounded: past `maxEdits` edits it
 * gives up (undefined), so a rewritten huge file costs O((N+M)·maxEdits), not O(N·M).
 */
export type Edit<T> =
  | { readonly op: 'same'; readonly a: T; readonly b: T }
  | { readonly op: 'del'; readonly a: T }
  | { readonly op: 'add'; readonly b: T };

export function diffSequences<T>(
  a: readonly T[],
  b: readonly T[],
  equal: (x: T, y: T) => boolean = (x, y) => x === y,
  maxEdits = 2000,
): Edit<T>[] | undefined {
  // Common head and tail cost nothing and keep D small for the usual few-line change.
  let head = 0;
  while (head < a.length && head < b.length && equal(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    equal(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle = middleScript(x, y, equal, maxEdits);
  if (!middle) return undefined;
  const same = (i: number, j: number): Edit<T> => ({ op: 'same', a: a[i]!, b: b[j]! });
  return [
    ...Array.from({ length: head }, (_, i) => same(i, i)),
    ...middle,
    ...Array.from({ length: tail }, (_, i) => same(a.length - tail + i, b.length - tail + i)),
  ];
}

function middleScript<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean, maxEdits: number) {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let i: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) i = v[offset + k + 1]!;
      else i = v[offset + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && equal(a[i]!, b[j]!)) {
        i++;
        j++;
      }
      next[offset + k] = i;
      if (i >= n && j >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return undefined;
  trace.push(v);
  // Walk back from (n, m) through the saved frontiers.
  const edits: Edit<T>[] = [];
  let i = n;
  let j = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const k = i - j;
    const down = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!);
    const pk = down ? k + 1 : k - 1;
    const pi = prev[offset + pk]!;
    const pj = pi - pk;
    while (i > (down ? pi : pi + 1) && j > (down ? pj + 1 : pj)) {
      i--;
      j--;
      edits.push({ op: 'same', a: a[i]!, b: b[j]! });
    }
    if (down) edits.push({ op: 'add', b: b[--j]! });
    else edits.push({ op: 'del', a: a[--i]! });
  }
  while (i > 0 && j > 0) {
    i--;
    j--;
    edits.push({ op: 'same', a: a[i]!, b: b[j]! });
  }
  return edits.reverse();
}
