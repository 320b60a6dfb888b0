/**
 * How pbxc talks to AWS, from the standard SDK configuration: region, endpoints and static keys from
 * the environment; anything else (profiles, SSO, the instance role) is left to the SDK's default
 * credential chain. Pure, so the CLI's environment can be injected in tests.
 */
export interface AwsSettings {
  readonly region: string;
  readonly s3Endpoint?: string;
  readonly ssmEndpoint?: string;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

export function awsSettings(env: Env, defaultRegion: string): AwsSettings {
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const keyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secret = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const token = nonEmpty(env.AWS_SESSION_TOKEN);
  const s3 = nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const ssm = nonEmpty(env.AWS_ENDPOINT_URL_SSM) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? defaultRegion,
    ...(s3 ? { s3Endpoint: s3 } : {}),
    ...(ssm ? { ssmEndpoint: ssm } : {}),
    ...(keyId && secret
      ? {
          credentials: {
            accessKeyId: keyId,
            secretAccessKey: secret,
            ...(token ? { sessionToken: token } : {}),
          },
        }
      : {}),
  };
}

/** A missing-credentials failure of the SDK's provider chain (as opposed to a refused request). */
export function isCredentialsError(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'CredentialsProviderError' || /could not load credentials/i.test(e?.message ?? '');
}

/** One line for an AWS failure: the service's error code and message, or the network error. */
export function awsErrorText(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${e?.name ?? 'Error'}${status}: ${e?.message || e?.code || String(error)}`;
}
