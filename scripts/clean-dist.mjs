// Empties dist/ before tsc writes it, so a renamed or deleted source never leaves a stale module in
// the package (npm pack ships dist/ as it is).
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
