#!/usr/bin/env zx
// Writes docs/diagnostics.md from the code table. Run through `npm run gen` (node --import tsx).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticsMarkdown } from '../src/diag/docs.ts';

const target = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));
writeFileSync(target, diagnosticsMarkdown());
console.log('wrote docs/diagnostics.md');
