import type { AwsSettings } from './aws-settings.js';

/**
 * The two places a bundle lives: the object store (S3) and the parameter store (SSM). Loaded with a
 * dynamic import, so commands that never publish (validate, build) never load the AWS SDK.
 */
export interface BundleStore {
  /** Uploads unless the object is already there with the same digest. */
  put(key: string, bytes: Buffer, sha256: string): Promise<'uploaded' | 'present'>;
  get(key: string): Promise<Buffer>;
  /** True when the object exists (rollback checks the bundle is still there). */
  exists(key: string): Promise<boolean>;
}

export interface ParameterStore {
  put(name: string, value: string): Promise<void>;
  get(name: string): Promise<string | undefined>;
  /** Creates `name` only if it does not exist yet: false when it does (another writer was first). */
  create(name: string, value: string): Promise<boolean>;
  /** Every parameter under a path prefix: name → value. */
  list(prefix: string): Promise<Map<string, string>>;
}

const httpStatus = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** An S3 client for any endpoint: path-style with a custom one (MinIO, Ceph, s3rver). */
export async function s3Client(settings: AwsSettings) {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: settings.region,
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function s3Store(settings: AwsSettings, bucket: string): Promise<BundleStore> {
  const { PutObjectCommand, GetObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const client = await s3Client(settings);
  return {
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (httpStatus(error) === 404) return false;
        throw error;
      }
    },
    async put(key, bytes, sha256) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        if (head.Metadata?.sha256 === sha256) return 'present';
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
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
    async create(name, value) {
      try {
        await client.send(
          new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: false }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterAlreadyExists') return false;
        throw error;
      }
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

/**
 * The control plane of a generic environment as objects in its S3-compatible bucket (no SSM): one
 * small JSON object per name. `create` sends If-None-Match: * (honoured by AWS S3, MinIO and Ceph:
 * only one of two concurrent writers succeeds) after a HEAD, so a server that ignores the header
 * still refuses a name that already exists.
 */
export async function s3ControlStore(settings: AwsSettings, bucket: string): Promise<ParameterStore> {
  const { PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } = await import(
    '@aws-sdk/client-s3'
  );
  const client = await s3Client(settings);
  const put = (name: string, value: string, ifNoneMatch?: string) =>
    client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: name,
        Body: value,
        ContentType: 'application/json',
        ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
      }),
    );
  const get = async (name: string) => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: name }));
      return await out.Body!.transformToString('utf8');
    } catch (error) {
      if (httpStatus(error) === 404 || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  };
  return {
    async put(name, value) {
      await put(name, value);
    },
    get,
    async create(name, value) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: name }));
        return false;
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
      }
      try {
        await put(name, value, '*');
        return true;
      } catch (error) {
        if (httpStatus(error) === 412 || httpStatus(error) === 409) return false;
        throw error;
      }
    },
    async list(prefix) {
      const found = new Map<string, string>();
      let token: string | undefined;
      for (let page = 0; page < 100; page++) {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) {
          if (!o.Key) continue;
          const value = await get(o.Key);
          if (value !== undefined) found.set(o.Key, value);
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
        if (!token) break;
      }
      return found;
    },
  };
}
