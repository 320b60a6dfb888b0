import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the heap grow to up to 4× what survived the last full collection before it collects
 * again. A build's live set peaks while a large tenant file is parsed (the parser's tree of a
 * 10 MB file is ~520 MB) and most of that is garbage right after, so with the default the heap
 * of a 100,000-extension build swells past 1.3 GB of which a quarter is live. Growing by at most
 * 1.5× keeps the peak near 1.5× the live set, whatever the spec size (2× still let the parse of
 * one 10 MB file reach 1.1 GB). This is not a cap: a spec whose live set is larger still builds
 * (nothing aborts, the heap limit is V8's default), it only collects more often.
 * The flag is read at every collection, so setting it while running takes effect at the next one.
 */
export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
