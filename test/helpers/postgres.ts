import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { executable } from '../live/harness/tools.js';

/**
 * A real PostgreSQL 15 for a test: initdb + pg_ctl as the unprivileged `postgres` user (or the
 * current user when not root), listening only on a Unix socket in a temporary folder, trust
 * authentication. Start with startPostgres(), always stop() in afterAll.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

function pgUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()), name: 'postgres' };
}

/** Why PostgreSQL cannot run here, or undefined. */
export function postgresUnavailable(): string | undefined {
  if (!['initdb', 'pg_ctl', 'psql'].every((b) => executable(`${PG_BIN}/${b}`)))
    return `missing ${PG_BIN}/initdb, pg_ctl or psql (apt-get install postgresql-15)`;
  if (process.getuid?.() === 0 && !pgUser()) return 'running as root without a postgres user to run it as';
  return undefined;
}

export function skipPostgres(file: string): boolean {
  const reason = postgresUnavailable();
  if (reason) console.warn(`SKIPPED: ${file} because ${reason}`);
  return reason !== undefined;
}

export interface Postgres {
  /** The folder holding the Unix socket (libpq host=). */
  readonly socketDir: string;
  readonly port: number;
  /** A database the test may use, owned by `user`. */
  readonly database: string;
  readonly user: string;
  client(): pg.Client;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** pg_ctl stop -m immediate (a crash), then start again; for outage scenarios. */
  stopServer(): void;
  startServer(): void;
  stop(): void;
}

export function startPostgres(
  options: { database?: string; user?: string; port?: number; password?: string; tcp?: boolean } = {},
): Postgres {
  const root = mkdtempSync(join(tmpdir(), 'pbxc-pg-'));
  const owner = pgUser();
  if (owner) chownSync(root, owner.uid, owner.gid);
  chmodSync(root, 0o700);
  const data = join(root, 'data');
  const socketDir = root;
  const port = options.port ?? 5432;
  const database = options.database ?? 'freeswitch';
  const user = options.user ?? 'freeswitch';
  const run = (bin: string, args: string[]) => {
    const cmd = owner ? 'runuser' : `${PG_BIN}/${bin}`;
    const full = owner ? ['-u', owner.name, '--', `${PG_BIN}/${bin}`, ...args] : args;
    return execFileSync(cmd, full, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  // TCP (tcp: true) asks for a password (scram); the Unix socket trusts, as before.
  run('initdb', [
    '-D',
    data,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(root, 'server.log'),
      '-o',
      `-k ${socketDir} -c listen_addresses='${options.tcp ? '127.0.0.1' : ''}' -p ${port} -c fsync=off -c max_connections=200`,
      'start',
    ]);
  start();
  const setup = spawnSync(
    `${PG_BIN}/psql`,
    [
      '-h',
      socketDir,
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `CREATE ROLE "${user}" LOGIN${options.password ? ` PASSWORD '${options.password}'` : ''}`,
      '-c',
      `CREATE DATABASE "${database}" OWNER "${user}"`,
    ],
    { encoding: 'utf8' },
  );
  if (setup.status !== 0) throw new Error(`postgres setup: ${setup.stderr}`);
  let stopped = false;
  return {
    socketDir,
    port,
    database,
    user,
    client: () => new pg.Client({ host: socketDir, port, user, database }),
    async query(sql, values) {
      const c = new pg.Client({ host: socketDir, port, user, database });
      await c.connect();
      try {
        return (await c.query(sql, values)).rows;
      } finally {
        await c.end();
      }
    },
    stopServer: () => run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']),
    startServer: () => start(),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already down
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
