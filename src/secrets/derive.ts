import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const PASSWORD_LENGTH = 24;

function mac(masterKey: string, id: string, rev: number): Buffer {
  return createHmac('sha256', masterKey).update(`pbxc/v1/${id}/r${rev}`).digest();
}

/**
 * A derived credential: HMAC-SHA256(master key, object path + purpose + revision). The same inputs
 * give the same value on any machine; bumping rev rotates it. Passwords are letters and digits only
 * (safe in SIP digest and every phone format); PINs are 6 digits.
 */
export function derive(masterKey: string, id: string, rev: number, format: 'password' | 'pin'): string {
  let n = BigInt(`0x${mac(masterKey, id, rev).toString('hex')}`);
  if (format === 'pin') return (n % 1_000_000n).toString().padStart(6, '0');
  let out = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++) {
    out += ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}
