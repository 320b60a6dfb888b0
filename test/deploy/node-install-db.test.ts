import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeInstallScript } from '../../src/deploy/bootstrap/node-install.js';
import { haConfig } from '../../src/ha/config.js';
import { dbFacts } from '../../src/ha/db-credentials.js';
import { DB_DSN_FILE, prepareDsnNode, startsFreeswitch, withDbFacts } from '../../src/ha/db-node.js';
import type { EnvironmentModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';

/**
 * `pbxc node-install` on a generic environment with `database.dsn_secret`: the script takes the
 * URI from the installer's environment (PBXC_DB_DSN) into a root-only file and names it in node.env
 * (never printing it); `pbxc ha` turns it into node.env's PBXC_DB_* and the passfile mod_pgsql and
 * the lease read. Run for real with `sh` in a temporary root (the identity part of the script, up
 * to node.env), twice: idempotent, and the password appears in no output and in no node.env.
 */
const PASSWORD = 'p@ss:w0rd/é\\x';
const DSN = `postgresql://freeswitch:${encodeURIComponent(PASSWORD)}@db.example.net:5433/pbx?sslmode=verify-full`;
const dir = mkdtempSync(join(tmpdir(), 'pbxc-install-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function genericEnv(
  nodes: number,
): Promise<{ model: Awaited<ReturnType<typeof exampleModel>>; env: EnvironmentModel }> {
  const model = await exampleModel();
  const staging = model.platform.environments.find((e) => e.name === 'staging')!;
  return {
    model,
    env: {
      ...staging,
      provider: 'generic',
      nodes,
      storage: { bucket: 'pbx-office', endpoint: 'https://s3.example.com' },
      database: { dsnSecret: 'db-dsn' },
    } as EnvironmentModel,
  };
}

/** The script's identity part (up to node.env), its /etc/pbxc moved into the test's folder. */
function identityPart(script: string, root: string): string {
  const lines = script.split('\n');
  const end = lines.findIndex((l) => l.startsWith('mv ') && l.includes("/etc/pbxc/node.env'"));
  return lines
    .slice(0, end + 1)
    .filter((l) => !l.includes('hostnamectl'))
    .join('\n')
    .replaceAll('/etc/pbxc', `${root}/etc/pbxc`);
}

function runSh(text: string, env: Record<string, string>) {
  return spawnSync('sh', ['-c', text], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
}

describe('node-install writes the database settings of a generic node', () => {
  const installEnv = {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'storage-secret',
    PBXC_SIP_BIND_IPV4: '10.0.0.11',
    PBXC_PUBLIC_IPV4: '198.51.100.7',
  };

  it('the printed script names PBXC_DB_DSN but holds no URI; without a database it says nothing of one', async () => {
    const { model, env } = await genericEnv(2);
    const script = nodeInstallScript(model, env, { node: 'pbx-1' });
    expect(script).toContain('PBXC_DB_DSN');
    expect(script).not.toMatch(/postgresql:\/\//);
    const sc = spawnSync('shellcheck', ['-s', 'sh', '-'], { input: script, encoding: 'utf8' });
    if (sc.error) console.warn('SKIPPED: shellcheck of the installer with a database (shellcheck missing)');
    else expect(sc.stdout).toBe('');
    const { database: _, ...plain } = env;
    expect(nodeInstallScript(model, plain as EnvironmentModel, { node: 'pbx-1' })).not.toContain('PBXC_DB');
  });

  it('first run: the URI into a 0600 file, node.env names it; a re-run without it keeps it; no output shows it', async () => {
    const { model, env } = await genericEnv(2);
    const root = join(dir, 'a');
    const part = identityPart(nodeInstallScript(model, env, { node: 'pbx-1' }), root);
    const missing = runSh(part, installEnv);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/set PBXC_DB_DSN/);
    const first = runSh(part, {
      ...installEnv,
      PBXC_DB_DSN: DSN,
      PBXC_HA_SERVICE_IP: '10.0.0.50',
      PBXC_HA_SERVICE_DEV: 'eth0',
    });
    expect(first.status, first.stderr).toBe(0);
    const dsnFile = `${root}${DB_DSN_FILE}`;
    expect(readFileSync(dsnFile, 'utf8').trim()).toBe(DSN);
    expect(statSync(dsnFile).mode & 0o777).toBe(0o600);
    const envPath = `${root}/etc/pbxc/node.env`;
    const nodeEnv = readFileSync(envPath, 'utf8');
    // (the script's /etc/pbxc is the test folder's)
    expect(nodeEnv).toContain(`PBXC_DB_DSN_FILE=${dsnFile}`);
    expect(nodeEnv).toContain('PBXC_HA=active-standby');
    expect(nodeEnv).toContain('PBXC_HA_SERVICE_IP=10.0.0.50\nPBXC_HA_SERVICE_DEV=eth0');
    for (const out of [first.stdout, first.stderr, nodeEnv]) {
      expect(out).not.toContain(encodeURIComponent(PASSWORD));
      expect(out).not.toContain(PASSWORD);
    }

    // pbxc ha at its start: node.env's PBXC_DB_* and the passfile.
    const withFile = nodeEnv;
    const passfile = join(root, 'pgpass');
    const r = await prepareDsnNode(envPath, withFile, passfile);
    expect(r.message).not.toContain(PASSWORD);
    expect(r.message).toMatch(/node.env updated, passfile written/);
    expect(dbFacts(readFileSync(envPath, 'utf8'))).toEqual({
      host: 'db.example.net',
      port: 5433,
      name: 'pbx',
      user: 'freeswitch',
      sslmode: 'verify-full',
    });
    expect(readFileSync(passfile, 'utf8')).toBe('db.example.net:5433:pbx:freeswitch:p@ss\\:w0rd/é\\\\x\n');
    expect(statSync(passfile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envPath, 'utf8')).not.toContain(PASSWORD);
    // Again: nothing changes.
    const again = await prepareDsnNode(envPath, readFileSync(envPath, 'utf8'), passfile);
    expect(again.message).toMatch(/node.env unchanged/);

    // The lease node needs no EC2 facts (no allocation id, no region, no peer list).
    const config = haConfig(readFileSync(envPath, 'utf8'));
    expect(config).toMatchObject({ node: 'pbx-1', sipPort: 5060 });

    // A re-install without PBXC_DB_DSN keeps the URI and the facts pbxc ha wrote.
    const rerun = runSh(part, {
      ...installEnv,
      PBXC_HA_SERVICE_IP: '10.0.0.50',
      PBXC_HA_SERVICE_DEV: 'eth0',
    });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(readFileSync(dsnFile, 'utf8').trim()).toBe(DSN);
    expect(dbFacts(readFileSync(envPath, 'utf8'))?.host).toBe('db.example.net');
  });

  it.each([
    ['adds the facts', 'PBXC_NODE=pbx-1\n'],
    ['replaces old facts', 'PBXC_NODE=pbx-1\nPBXC_DB_HOST=old\nPBXC_DB_PORT=1\nX=1'],
  ])('withDbFacts %s, idempotent', (_name, text) => {
    const facts = { host: 'db', port: 5432, name: 'fs', user: 'fs', sslmode: 'require' };
    const once = withDbFacts(text, facts);
    expect(withDbFacts(once, facts)).toBe(once);
    expect(dbFacts(once)).toEqual(facts);
    expect(once.match(/PBXC_DB_HOST=/g)).toHaveLength(1);
  });

  it.each([
    ['lease node under systemd', 'PBXC_DB_HOST=db\n', true, true],
    ['lease node, not under systemd', 'PBXC_DB_HOST=db\n', false, false],
    ['node without a database (EC2 probe loop decides)', 'PBXC_NODE=pbx-1\n', true, false],
    ['turned off', 'PBXC_DB_HOST=db\nPBXC_HA_START_FREESWITCH=off\n', true, false],
  ])('pbxc ha starts FreeSWITCH (warm standby): %s', (_name, env, systemd, want) => {
    expect(startsFreeswitch(env, systemd)).toBe(want);
  });
});
