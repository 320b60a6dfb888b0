import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami/index.js';
import type { Construct } from 'constructs';

/** Debian's own AWS account, which publishes the official Debian cloud images. */
const DEBIAN_OWNER = '136693071363';

/**
 * Graviton instance families carry a "g" right after the generation digit (t4g, c7gn, m6gd, x2gd);
 * a1 is the first Graviton. GPU families such as g4dn start with "g" and are x86.
 */
export function architecture(instanceType: string): 'arm64' | 'amd64' {
  const family = instanceType.split('.')[0] ?? '';
  return family === 'a1' || /^[a-z]+\d+g/.test(family) ? 'arm64' : 'amd64';
}

/** The newest official Debian 12 image for the instance type's architecture, in the stack's region. */
export function debianAmi(scope: Construct, instanceType: string): DataAwsAmi {
  const arch = architecture(instanceType);
  return new DataAwsAmi(scope, `debian-12-${arch}`, {
    mostRecent: true,
    owners: [DEBIAN_OWNER],
    filter: [
      { name: 'name', values: [`debian-12-${arch}-*`] },
      { name: 'architecture', values: [arch === 'arm64' ? 'arm64' : 'x86_64'] },
      { name: 'virtualization-type', values: ['hvm'] },
    ],
  });
}
