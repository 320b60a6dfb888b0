/**
 * Names that `pbxc publish`, the node agent and the cloud stacks must agree on. One function per
 * name, so the stacks create exactly the bucket and parameters that publish writes and nodes read.
 */

/** S3 bucket holding an environment's published bundles (versioned, private, TLS-only). */
export function bundleBucketName(platform: string, env: string): string {
  // S3 names: 3-63 of [a-z0-9.-]; platform ids are [a-z0-9-]{1,31}, environment names are schema-limited.
  return `pbxc-${platform}-${env}-bundles`.slice(0, 63).replace(/-+$/, '');
}

/** SSM parameter (String, JSON) naming the active bundle: {"version","key","sha256"}. */
export function bundleParameterName(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/bundle`;
}

/** SSM parameter prefix under which each node reports its agent state: <prefix>/<node name>. */
export function nodeStatusParameterPrefix(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/status`;
}

/** Per-node operator overrides (pbxc node pause|resume|pin): <prefix>/<node name>. */
export function nodeOverrideParameterPrefix(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/nodes`;
}

/** Every pointer ever published, by sequence number: <prefix>/<10-digit sequence> (rollback reads it). */
export function pointerHistoryPrefix(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/history`;
}

/** SSM parameter prefix of the named secrets a node reads at boot (SecureString): <prefix>/<secret>. */
export function nodeSecretParameterPrefix(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/secrets`;
}

/** Object key of a published bundle in the bundle bucket: content-addressed, so uploads never clash. */
export function bundleObjectKey(sha256: string): string {
  return `bundles/${sha256}.tar.gz`;
}

/** Where the node agent reads its configuration and keeps its state (see docs/deploy.md). */
export const AGENT_PATHS = {
  config: '/etc/pbxc/agent.json',
  stateDir: '/var/lib/pbxc',
} as const;

/** The published record in the bundle parameter: what every node of the environment activates. */
export interface BundlePointer {
  readonly version: string;
  readonly key: string;
  readonly sha256: string;
}

export function parseBundlePointer(text: string): BundlePointer | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const ok =
      typeof v.version === 'string' &&
      /^[0-9a-f]{12}$/.test(v.version) &&
      typeof v.key === 'string' &&
      /^[A-Za-z0-9._/-]{1,1000}$/.test(v.key) &&
      typeof v.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(v.sha256);
    return ok
      ? { version: v.version as string, key: v.key as string, sha256: v.sha256 as string }
      : undefined;
  } catch {
    return undefined;
  }
}
