import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PostgreSQL 15 binaries (the postgresql-15 Debian package). */
export const PG_BIN = process.env.PBXC_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_AVAILABLE = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));

export interface PgServer {
  /** Unix socket folder (the libpq host). */
  readonly socketDir: string;
  /** A libpq URL for a database on this server: postgres://postgres@/DB?host=SOCKET. */
  url(db: string): string;
  /** Creates a database and loads SQL files with psql (stops at the first error). */
  load(db: string, files: readonly string[]): void;
  /** Runs SQL with psql, returns stdout. */
  psql(db: string, sql: string): string;
  stop(): void;
}

const NOBODY = { uid: 65534, gid: 65534 };

/**
 * A throw-away PostgreSQL on a Unix socket in a temp folder named import-…, listening on no TCP
 * port. As root the server runs as nobody (PostgreSQL refuses to run as root).
 */
export function startPostgres(): PgServer {
  const dir = mkdtempSync(join(tmpdir(), 'import-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  chmodSync(dir, 0o755);
  if (asRoot) chownSync(dir, NOBODY.uid, NOBODY.gid);
  const run = (bin: string, args: string[], input?: string) => {
    const cmd = asRoot ? 'runuser' : join(PG_BIN, bin);
    const full = asRoot ? ['-u', 'nobody', '--', join(PG_BIN, bin), ...args] : args;
    const r = spawnSync(cmd, full, { cwd: dir, input, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0)
      throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-k ${dir} -c listen_addresses= -F -c max_connections=20 -c shared_buffers=16MB`,
    'start',
  ]);
  const psql = (db: string, args: string[], input?: string) =>
    run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-U', 'postgres', '-d', db, ...args], input);
  return {
    socketDir: dir,
    url: (db) => `postgres://postgres@/${db}?host=${encodeURIComponent(dir)}`,
    load(db, files) {
      psql('postgres', ['-c', `CREATE DATABASE "${db}"`]);
      for (const f of files) {
        const sql = execFileSync('cat', [f], { encoding: 'utf8' });
        psql(db, ['-f', '-'], sql);
      }
    },
    psql: (db, sql) => psql(db, ['-At', '-f', '-'], sql),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
