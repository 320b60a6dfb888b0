import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentConfig } from './config.js';
import { brief, exec } from './exec.js';
import { groupId } from './release.js';

/**
 * Certificates from the first boot on: the ACME client (certbot, see docs/deploy.md) installs the real
 * ones; until then, and whenever they are missing, a self-signed certificate for the node's public
 * name, so FreeSWITCH's TLS and WSS listeners and TLS trunks start (without agent.pem sofia skips a
 * register-transport=tls gateway) and nginx can serve HTTPS. Returns what it created.
 */
export function ensureCertificates(config: AgentConfig): string[] {
  const { dir, provisioningCert, provisioningKey, publicName } = config.tls;
  const wanted = [
    join(dir, 'agent.pem'),
    join(dir, 'wss.pem'),
    join(dir, 'cafile.pem'),
    provisioningCert,
    provisioningKey,
  ];
  const missing = wanted.filter((f) => !existsSync(f));
  if (missing.length === 0) return [];
  const work = join(dir, `.selfsigned-${process.pid}`);
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    const key = join(work, 'key.pem');
    const cert = join(work, 'cert.pem');
    const r = exec(
      [
        ...config.commands.openssl,
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '825',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        `/CN=${publicName}`,
        '-addext',
        `subjectAltName=DNS:${publicName}`,
      ],
      60_000,
    );
    if (!r.ok) throw new Error(`openssl could not make a self-signed certificate: ${brief(r.output)}`);
    const keyText = readFileSync(key, 'utf8');
    const certText = readFileSync(cert, 'utf8');
    const contents: Record<string, string> = {
      [wanted[0]!]: certText + keyText,
      [wanted[1]!]: certText + keyText,
      [wanted[2]!]: certText,
      [provisioningCert]: certText,
      [provisioningKey]: keyText,
    };
    for (const file of missing) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
      writeFileSync(`${file}.tmp`, contents[file]!, { mode: config.fileGroup ? 0o640 : 0o600 });
      if (config.fileGroup) chownSync(`${file}.tmp`, 0, groupId(config.fileGroup));
      renameSync(`${file}.tmp`, file);
    }
    return missing;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
