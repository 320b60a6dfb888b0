import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { DOMAINS_MAP } from '../../emit/freeswitch/directory-lookup.js';
import {
  type AcmeFailure,
  acmeFailure,
  type CertificatePlan,
  certificatePlan,
  inZone,
  type NameCoverage,
} from './cert-plan.js';
import type { AgentConfig } from './config.js';
import { readJson, removeDurable, writeJsonDurable } from './durable.js';
import { exec, failure } from './exec.js';

/**
 * The node certificate's shell (decisions: cert-plan.ts): the names clients use (agent.json's
 * node-level names + the active bundle's tenant domains), which of them reach this node over HTTP,
 * what the installed certificate covers, and certbot when an order is due. The outcome goes to
 * tls.json in stateDir, which the status report carries.
 */

/** Tenant domains the bundle serves: the first column of the directory's domains.map. */
export function bundleDomains(tree: ReadonlyMap<string, string> | undefined): string[] {
  const map = tree?.get(`freeswitch/${DOMAINS_MAP}`) ?? '';
  return map
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((d) => /^[a-z0-9.-]+$/.test(d) && d.includes('.'));
}

/** Names the installed certificate covers; none for a self-signed stand-in or an unreadable one. */
export function coveredNames(pemFile: string): Set<string> {
  try {
    const cert = new X509Certificate(readFileSync(pemFile));
    if (cert.issuer === cert.subject && cert.checkIssued(cert)) return new Set();
    return new Set(
      (cert.subjectAltName ?? '')
        .split(/,\s*/)
        .filter((s) => s.startsWith('DNS:'))
        .map((s) => s.slice(4).toLowerCase()),
    );
  } catch {
    return new Set();
  }
}

export interface Probe {
  /** GETs http://<name>:<port>/<path> and returns the body (or throws). */
  (name: string, path: string): Promise<string>;
}

/** The real probe: port 80 of the name, as the ACME server will ask it (3 s). */
export const httpProbe: Probe = (name, path) =>
  new Promise((resolve, reject) => {
    const req = request({ host: name, port: 80, path, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 512) body += d;
      });
      res.on('end', () => resolve(res.statusCode === 200 ? body : ''));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });

/**
 * Which names reach this node's nginx on port 80: a random token under the webroot's
 * /.well-known/acme-challenge/ must come back through the name (exactly what HTTP-01 checks).
 */
export async function reachableNames(
  c: AgentConfig,
  names: readonly string[],
  probe: Probe,
): Promise<Set<string>> {
  const dir = join(c.tls.webroot, '.well-known', 'acme-challenge');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const token = `pbxc-probe-${randomBytes(12).toString('hex')}`;
  writeFileSync(join(dir, token), token, { mode: 0o644 });
  try {
    const results = await Promise.all(
      names.map(async (n) => {
        try {
          return (await probe(n, `/.well-known/acme-challenge/${token}`)).trim() === token ? n : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    return new Set(results.filter((n): n is string => n !== undefined));
  } finally {
    rmSync(join(dir, token), { force: true });
  }
}

const ACME_FILE = 'acme.json';
const TLS_FILE = 'tls.json';

function readFailure(c: AgentConfig): AcmeFailure | undefined {
  const v = readJson(join(c.stateDir, ACME_FILE)) as AcmeFailure | undefined;
  return v && Array.isArray(v.names) && typeof v.retryAt === 'string' && typeof v.failures === 'number'
    ? v
    : undefined;
}

/** The certbot command line for an order (argument list: never a shell). */
export function certbotArgv(c: AgentConfig, order: NonNullable<CertificatePlan['request']>): string[] {
  return [
    ...c.commands.certbot,
    'certonly',
    '--non-interactive',
    '--agree-tos',
    '--register-unsafely-without-email',
    '--keep-until-expiring',
    '--expand',
    '--cert-name',
    'pbxc',
    ...(order.method === 'dns-route53' ? ['--dns-route53'] : ['--webroot', '-w', c.tls.webroot]),
    '--deploy-hook',
    c.tls.deployHook,
    ...order.names.flatMap((n) => ['-d', n]),
  ];
}

/**
 * One pass: plan, order when due (certbot's deploy hook installs the certificate and leaves the
 * marker that restarts the SIP profiles), record the coverage for the status report.
 */
export async function ensureNodeCertificate(
  c: AgentConfig,
  tree: ReadonlyMap<string, string> | undefined,
  log: (message: string) => void,
  now: Date,
  probe: Probe = httpProbe,
): Promise<readonly NameCoverage[]> {
  const wanted = [...c.tls.names, ...bundleDomains(tree)];
  const outside =
    c.tls.acme === 'none' ? [] : wanted.filter((n) => c.tls.acme === 'http' || !inZone(n, c.tls.zone));
  // zone names too on an http-only node; on dns-route53 only what DNS-01 cannot do (and the zone
  // names, to see whether HTTP-01 would cover them as well)
  const probed = c.tls.acme === 'dns-route53' && outside.length > 0 ? wanted : outside;
  const reachable = probed.length > 0 ? await reachableNames(c, probed, probe) : new Set<string>();
  const pem = join(c.tls.dir, 'agent.pem');
  const input = {
    wanted,
    ...(c.tls.zone ? { zone: c.tls.zone } : {}),
    acme: c.tls.acme,
    reachable,
    now,
  };
  let plan = certificatePlan({ ...input, covered: coveredNames(pem), lastFailure: readFailure(c) });
  if (plan.request) {
    const order = plan.request;
    log(
      `requesting a certificate for ${order.names.join(', ')} (${order.method === 'http' ? 'HTTP-01' : 'DNS-01'})`,
    );
    const r = exec(certbotArgv(c, order), 300_000);
    if (r.ok) {
      removeDurable(join(c.stateDir, ACME_FILE));
      log('certificate installed');
    } else {
      const why = `certbot ${failure(r, [])}`;
      const recorded = acmeFailure(readFailure(c), order.names, why, now);
      writeJsonDurable(join(c.stateDir, ACME_FILE), recorded);
      log(`certbot failed: ${why}; retried after ${recorded.retryAt}`);
    }
    plan = certificatePlan({ ...input, covered: coveredNames(pem), lastFailure: readFailure(c) });
  }
  writeJsonDurable(join(c.stateDir, TLS_FILE), { names: plan.names });
  return plan.names;
}

/** The coverage the last run recorded (for the status report). */
export function readCoverage(stateDir: string): readonly NameCoverage[] | undefined {
  const v = readJson(join(stateDir, TLS_FILE)) as { names?: NameCoverage[] } | undefined;
  return Array.isArray(v?.names) ? v.names : undefined;
}
