import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleDomains,
  coveredNames,
  ensureNodeCertificate,
  type Probe,
  readCoverage,
} from '../../src/deploy/agent/acme.js';
import type { AgentConfig } from '../../src/deploy/agent/config.js';
import { ensureCertificates } from '../../src/deploy/agent/tls.js';
import { certDeployHook } from '../../src/deploy/bootstrap/cert-hook.js';
import { tempDir } from '../helpers/cli.js';
import { tempAgentConfig, tempRootPaths } from './hostile-bundles.js';

/**
 * The node certificate's shell on a temporary root: the HTTP probe through a real web server serving
 * the agent's webroot, the installed certificate's names read with openssl-made certificates, and an
 * order run through a stand-in ACME client (no ACME server is reachable offline) that signs the
 * requested names with a test CA and calls pbxc's real certbot deploy hook.
 */
const OPENSSL = spawnSync('openssl', ['version']).status === 0;
if (!OPENSSL) console.warn('SKIPPED: node certificate tests, because openssl is not installed');

const root = tempDir('agent-acme-');
const ca = join(root, 'ca');
let server: ReturnType<typeof createServer>;
let port = 0;

function config(extra: Record<string, unknown> = {}): AgentConfig {
  return tempAgentConfig(root, {
    tls: {
      ...tempRootPaths(root).tls,
      publicName: 'pbx-1.office.example',
      names: ['pbx-1.office.example', 'provisioning.office.example'],
      acme: 'http',
      deployHook: join(root, 'deploy-hook'),
    },
    commands: { certbot: ['sh', join(root, 'certbot')] },
    ...extra,
  });
}

/** Names that "resolve to this node" reach the real web server; the others do not resolve. */
const HERE = new Set(['pbx-1.office.example', 'pbx.customer.example']);
const probe: Probe = (name, path) =>
  HERE.has(name)
    ? new Promise((resolve, reject) =>
        get({ host: '127.0.0.1', port, path, headers: { host: name } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d.toString();
          });
          res.on('end', () => resolve(res.statusCode === 200 ? body : ''));
        }).on('error', reject),
      )
    : Promise.reject(new Error(`getaddrinfo ENOTFOUND ${name}`));

beforeAll(async () => {
  if (!OPENSSL) return;
  mkdirSync(ca, { recursive: true });
  const args = `req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ACME-test-CA -keyout ${ca}/ca.key -out ${ca}/ca.pem`;
  const r = spawnSync('openssl', args.split(' '), { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const c = config();
  // the web server nginx is on the node: the agent's webroot, challenge path only
  server = createServer((req, res) => {
    const m = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    try {
      const body = m ? readFileSync(join(c.tls.webroot, '.well-known/acme-challenge', m[1]!)) : undefined;
      res.writeHead(body ? 200 : 404).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r2) => server.listen(0, '127.0.0.1', r2));
  port = (server.address() as { port: number }).port;
  writeFileSync(join(root, 'deploy-hook'), certDeployHook(c));
  chmodSync(join(root, 'deploy-hook'), 0o755);
  // the stand-in ACME client: records its arguments, signs the -d names, runs --deploy-hook
  writeFileSync(
    join(root, 'certbot'),
    `set -eu
printf '%s\\n' "$*" >> ${root}/certbot.args
names=""; hook=""
while [ $# -gt 0 ]; do
  case "$1" in -d) names="$names,DNS:$2"; shift;; --deploy-hook) hook="$2"; shift;; esac; shift
done
live=${root}/live; mkdir -p "$live"
openssl req -new -newkey rsa:2048 -nodes -subj /CN=pbxc -keyout "$live/privkey.pem" -out "$live/req.csr" 2>/dev/null
printf 'subjectAltName=%s\\n' "\${names#,}" > "$live/ext"
openssl x509 -req -in "$live/req.csr" -CA ${ca}/ca.pem -CAkey ${ca}/ca.key -CAcreateserial -days 2 -extfile "$live/ext" -out "$live/cert.pem" 2>/dev/null
cp ${ca}/ca.pem "$live/chain.pem"; cat "$live/cert.pem" "$live/chain.pem" > "$live/fullchain.pem"
RENEWED_LINEAGE="$live" sh "$hook"
`,
  );
});
afterAll(() => {
  server?.close();
});

describe.skipIf(!OPENSSL)('the node certificate: every name clients use, from the bundle at run time', () => {
  const tree = new Map([
    ['freeswitch/directory/domains.map', 'abc.office.example abc 1\npbx.customer.example xynap 1\n'],
  ]);

  it('tenant domains come from the bundle (domains.map), not from agent.json', () => {
    expect(bundleDomains(tree)).toEqual(['abc.office.example', 'pbx.customer.example']);
    expect(bundleDomains(undefined)).toEqual([]);
  });

  it('the self-signed stand-in covers nothing; an order covers the names that reach the node; status records why the rest fall back', async () => {
    const c = config();
    expect(ensureCertificates(c).length).toBeGreaterThan(0);
    expect(coveredNames(join(c.tls.dir, 'agent.pem')).size).toBe(0);
    const lines: string[] = [];
    const names = await ensureNodeCertificate(c, tree, (m) => lines.push(m), new Date(), probe);
    const args = readFileSync(join(root, 'certbot.args'), 'utf8');
    expect(args).toContain(`--webroot -w ${c.tls.webroot}`);
    expect(args).toContain('-d pbx-1.office.example -d pbx.customer.example');
    expect(args).not.toContain('provisioning.office.example');
    // installed by pbxc's deploy hook where FreeSWITCH and nginx read it
    expect([...coveredNames(join(c.tls.dir, 'agent.pem'))].sort()).toEqual([
      'pbx-1.office.example',
      'pbx.customer.example',
    ]);
    expect(readFileSync(c.tls.provisioningCert, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(names.filter((n) => n.covered).map((n) => n.name)).toEqual([
      'pbx-1.office.example',
      'pbx.customer.example',
    ]);
    expect(readCoverage(c.stateDir)?.find((n) => n.name === 'abc.office.example')).toEqual({
      name: 'abc.office.example',
      covered: false,
      why: 'HTTP-01 needs it to resolve to this node (it does not yet)',
    });
    // the probe token is gone again
    expect(spawnSync('find', [c.tls.webroot, '-type', 'f']).stdout.toString()).toBe('');
    // covered: the next run orders nothing
    await ensureNodeCertificate(c, tree, (m) => lines.push(m), new Date(), probe);
    expect(readFileSync(join(root, 'certbot.args'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a failed order is recorded with backoff and not repeated every minute', async () => {
    const c = config({ commands: { certbot: ['false'] } });
    const more = new Map([
      ...tree,
      ['freeswitch/directory/domains.map', 'pbx.customer.example x 1\nnew.office.example y 1\n'],
    ]);
    HERE.add('new.office.example');
    const lines: string[] = [];
    await ensureNodeCertificate(c, more, (m) => lines.push(m), new Date('2026-12-06T08:00:00Z'), probe);
    expect(lines.join('\n')).toMatch(
      /certbot failed: certbot exit 1; retried after 2026-12-06T08:10:00.000Z/,
    );
    const again: string[] = [];
    await ensureNodeCertificate(c, more, (m) => again.push(m), new Date('2026-12-06T08:05:00Z'), probe);
    expect(again.join('\n')).not.toContain('requesting');
    expect(readCoverage(c.stateDir)?.find((n) => n.name === 'new.office.example')?.why).toContain(
      'the ACME order failed (certbot exit 1)',
    );
  });
});
