import type { AwsSettings } from '../publish/aws-settings.js';

/**
 * Where the agent reads from and reports to, behind two small interfaces so any store fits (AWS S3 +
 * SSM here; a generic S3 pointer store or a test's in-memory store the same way).
 */
export interface BundleSource {
  /** The object as a stream (never read whole), with its size when the store tells it. */
  open(key: string): Promise<{ readonly size?: number; readonly body: AsyncIterable<Uint8Array> }>;
}

export interface PointerStore {
  /** The published pointer's text (undefined when nothing is published). */
  get(name: string): Promise<string | undefined>;
  /** The node's state report. */
  put(name: string, value: string): Promise<void>;
}

/** Errors worth retrying: throttling, 5xx, network. A 4xx other than 404/429 is a configuration fault. */
export function transientStoreError(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) return true;
  return status >= 500 || status === 429 || status === 404 || status === 408;
}

/** An S3 object source (any S3 endpoint), loaded only by the agent. */
export async function s3BundleSource(settings: AwsSettings, bucket: string): Promise<BundleSource> {
  const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: settings.region,
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    async open(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        ...(out.ContentLength !== undefined ? { size: out.ContentLength } : {}),
        body: out.Body as unknown as AsyncIterable<Uint8Array>,
      };
    },
  };
}
