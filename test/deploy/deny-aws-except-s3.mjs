// Module hooks for a child process of a provider: generic environment: the S3 client (any
// S3-compatible endpoint) may load, every other AWS SDK client (SSM, EC2, STS, …) fails loudly.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (/^@aws-sdk\\/client-(?!s3$)/.test(specifier)) throw new Error('AWS code path reached: ' + specifier);
      return next(specifier, context);
    }`)}`,
);
