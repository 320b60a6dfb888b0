import type { AwsSettings } from './aws-settings.js';

/**
 * The two places a bundle lives: the object store (S3) and the parameter store (SSM). Loaded with a
 * dynamic import, so commands that never publish (validate, build) never load the AWS SDK.
 */
export interface BundleStore {
  /** Uploads unless the object is already there with the same digest. */
  put(key: string, bytes: Buffer, sha256: string): Promise<'uploaded' | 'present'>;
  get(key: string): Promise<Buffer>;
}

export interface ParameterStore {
  put(name: string, value: string): Promise<void>;
  get(name: string): Promise<string | undefined>;
  /** Every parameter under a path prefix: name → value. */
  list(prefix: string): Promise<Map<string, string>>;
}

export async function s3Store(settings: AwsSettings, bucket: string): Promise<BundleStore> {
  const { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } = await import(
    '@aws-sdk/client-s3'
  );
  const client = new S3Client({
    region: settings.region,
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    async put(key, bytes, sha256) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        if (head.Metadata?.sha256 === sha256) return 'present';
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== 404) throw error;
      }
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentType: 'application/gzip',
          Metadata: { sha256 },
        }),
      );
      return 'uploaded';
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    },
  };
}

export async function ssmStore(settings: AwsSettings): Promise<ParameterStore> {
  const { SSMClient, PutParameterCommand, GetParameterCommand, GetParametersByPathCommand } = await import(
    '@aws-sdk/client-ssm'
  );
  const client = new SSMClient({
    region: settings.region,
    ...(settings.ssmEndpoint ? { endpoint: settings.ssmEndpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  return {
    async put(name, value) {
      await client.send(
        new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }),
      );
    },
    async get(name) {
      try {
        const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return out.Parameter?.Value;
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
        throw error;
      }
    },
    async list(prefix) {
      const found = new Map<string, string>();
      let token: string | undefined;
      for (let page = 0; page < 100; page++) {
        const out = await client.send(
          new GetParametersByPathCommand({
            Path: prefix,
            Recursive: true,
            WithDecryption: true,
            NextToken: token,
          }),
        );
        for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined) found.set(p.Name, p.Value);
        token = out.NextToken;
        if (!token) break;
      }
      return found;
    },
  };
}
