import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
// @ts-expect-error plain JS helper (also run as a script in the end-to-end test)
import { startFakeSsm } from './fake-ssm.mjs';

export interface LocalAws {
  readonly env: Record<string, string>;
  readonly s3Dir: string;
  readonly ssm: { params: Map<string, { Value: string }>; calls: { op: string; authorization: string }[] };
  close(): Promise<void>;
}

/** s3rver (a real S3 HTTP API, in-process) with the bucket, and the fake SSM: both on loopback. */
export async function startLocalAws(buckets: readonly string[]): Promise<LocalAws> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'deploy-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as { port: number };
  const ssm = await startFakeSsm(0);
  return {
    env: {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${address.port}`,
      AWS_ENDPOINT_URL_SSM: ssm.url,
    },
    s3Dir,
    ssm,
    async close() {
      await server.close();
      await ssm.close();
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
