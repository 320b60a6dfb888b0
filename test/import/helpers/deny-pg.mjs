// Module hooks for a child process: any import of pg fails loudly, so a command that loads it can
// be caught. Used by the test that validate and build never load the PostgreSQL client.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier === 'pg' || specifier.startsWith('pg/') || specifier.startsWith('pg-')) throw new Error('pg loaded: ' + specifier);
      return next(specifier, context);
    }`)}`,
);
