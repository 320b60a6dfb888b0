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

/** SSM parameter prefix of the named secrets a node reads at boot (SecureString): <prefix>/<secret>. */
export function nodeSecretParameterPrefix(platform: string, env: string): string {
  return `/pbxc/${platform}/${env}/secrets`;
}
