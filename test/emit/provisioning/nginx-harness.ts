import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_PATHS } from '../../../src/model/node-paths.js';

export interface NginxDir {
  readonly dir: string;
  readonly conf: string;
  readonly phones: string;
  readonly auth: string;
}

/**
 * A private nginx prefix holding the site with every node path moved into a temp dir, a
 * self-signed certificate and a minimal nginx.conf that includes it. Folders are world-readable so
 * nginx's unprivileged workers can serve from them.
 */
export function nginxDir(site: string): NginxDir {
  const dir = mkdtempSync(join(tmpdir(), 'phones-nginx-'));
  chmodSync(dir, 0o755);
  for (const sub of ['logs', 'tls', 'auth', 'phones', 'tmp']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o755);
  }
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=provision.test',
      '-keyout',
      join(dir, 'tls', 'key.pem'),
      '-out',
      join(dir, 'tls', 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const local = site
    .replaceAll(NODE_PATHS.provisioningTlsCert, join(dir, 'tls', 'cert.pem'))
    .replaceAll(NODE_PATHS.provisioningTlsKey, join(dir, 'tls', 'key.pem'))
    .replaceAll(NODE_PATHS.provisioningAccessLog, join(dir, 'logs', 'access.log'))
    .replaceAll(NODE_PATHS.provisioningErrorLog, join(dir, 'logs', 'error.log'))
    .replaceAll(NODE_PATHS.provisioningAuthDir, join(dir, 'auth'))
    .replaceAll(NODE_PATHS.phonesRoot, join(dir, 'phones'));
  writeFileSync(join(dir, 'site.conf'), local);
  const tmp = join(dir, 'tmp');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `pid ${dir}/nginx.pid;
error_log ${dir}/logs/main-error.log;
events {}
http {
  access_log ${dir}/logs/main-access.log;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  include ${dir}/site.conf;
}
`,
  );
  return { dir, conf, phones: join(dir, 'phones'), auth: join(dir, 'auth') };
}

/** The real `nginx -t` on the prepared prefix. */
export function nginxTest(d: NginxDir): void {
  execFileSync('nginx', ['-t', '-q', '-p', d.dir, '-e', `${d.dir}/logs/startup.log`, '-c', d.conf], {
    stdio: 'pipe',
  });
}
