import { createHash } from 'node:crypto';

/**
 * One htpasswd line in the {SSHA} scheme (salted SHA-1, base64 of digest + salt), which nginx's
 * auth_basic reads. The salt is derived from the user and password instead of drawn at random, so
 * the same secrets render byte-identical files; it still differs per tenant and per rotation.
 */
export function htpasswdLine(user: string, password: string): string {
  const salt = createHash('sha256')
    .update(`pbxc-provisioning-salt\u0000${user}\u0000${password}`)
    .digest()
    .subarray(0, 8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}
