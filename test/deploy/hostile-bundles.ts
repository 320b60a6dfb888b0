import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type AgentConfig, parseAgentConfig } from '../../src/deploy/agent/config.js';
import { buildManifest, manifestFile } from '../../src/out/manifest.js';

/** Raw tar pieces for hostile bundles (pbxc's own writer refuses to make them). */
export function tarHeader(path: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(path, 0, 100, 'utf8');
  h.write('0000600\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('07000000000\0', 136);
  h.fill(0x20, 148, 156);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export function tarOf(entries: readonly { path: string; content: Buffer | string; type?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content = Buffer.from(e.content);
    parts.push(
      tarHeader(e.path, content.length, e.type),
      content,
      Buffer.alloc((512 - (content.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A .tar.gz with a manifest listing `files` (or the given manifest text) plus `extra` raw entries. */
export function bundle(
  files: readonly { path: string; content: string }[],
  options: { manifest?: string; extra?: { path: string; content: string; type?: string }[] } = {},
): { bytes: Buffer; sha256: string } {
  const manifest = options.manifest ?? manifestFile(buildManifest(files, 'render', '0.0.0', 'x')).content;
  const bytes = gzipSync(
    tarOf([{ path: 'MANIFEST.json', content: manifest }, ...files, ...(options.extra ?? [])]),
  );
  return { bytes, sha256: sha(bytes) };
}

/** The path keys of an agent.json whose every path lies under `root` (the docs promise it works). */
export function tempRootPaths(root: string) {
  return {
    stateDir: `${root}/var/lib/pbxc`,
    links: {
      freeswitch: `${root}/etc/freeswitch`,
      phones: `${root}/srv/pbxc/phones`,
      provisioningAuth: `${root}/etc/pbxc/provisioning`,
      nginxSite: `${root}/etc/nginx/sites-enabled/pbxc-provisioning.conf`,
      fail2ban: `${root}/etc/fail2ban`,
      nftables: `${root}/etc/nftables.d/pbx.nft`,
    },
    tls: {
      provisioningCert: `${root}/etc/pbxc/tls/provisioning.crt`,
      provisioningKey: `${root}/etc/pbxc/tls/provisioning.key`,
    },
  };
}

/** An agent configuration on a temporary root: the required names, the root's paths, `extra` over them. */
export function tempAgentConfig(root: string, extra: Record<string, unknown> = {}): AgentConfig {
  return parseAgentConfig(
    JSON.stringify({
      node: 'pbx-1',
      region: 'r',
      bucket: 'b',
      bundleParameter: '/p',
      ...tempRootPaths(root),
      ...extra,
    }),
  );
}
