// Precompiles the spec schemas into Ajv standalone validators beside dist/src/schema/validate.js
// (run by `npm run build` and "prepare", after tsc). validate() uses one only when its schemaSha256
// matches the schema file it would compile, so a stale one is never used; compiling the schemas at
// start-up was most of `pbxc validate`'s time on a small spec (issue 20: ≤ 1 s).
import { readFileSync, writeFileSync } from 'node:fs';

const schema = await import('../dist/src/schema/validate.js');
for (const name of ['platform', 'tenant']) {
  const text = readFileSync(schema.schemaPath(name), 'utf8');
  writeFileSync(schema.precompiledPath(name), schema.precompile(text, `spec/schema/${name}.schema.json`));
}
