// Module hooks for a child process: any import of the AWS SDK fails loudly, so a command that loads it
// can be caught. Used by the test that validate and build never load it.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier.startsWith('@aws-sdk/')) throw new Error('AWS SDK loaded: ' + specifier);
      return next(specifier, context);
    }`)}`,
);
