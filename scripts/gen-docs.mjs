#!/usr/bin/env zx
// Writes docs/diagnostics.md from the code table and docs/spec-reference.md from the JSON Schemas. Run through `npm run gen` (node --import tsx).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticsMarkdown } from '../src/diag/docs.ts';
import { specReferenceMarkdown } from '../src/schema/reference.ts';

const target = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));
writeFileSync(target, diagnosticsMarkdown());
console.log('wrote docs/diagnostics.md');
writeFileSync(fileURLToPath(new URL('../docs/spec-reference.md', import.meta.url)), specReferenceMarkdown());
console.log('wrote docs/spec-reference.md');
