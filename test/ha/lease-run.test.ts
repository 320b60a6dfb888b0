import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLeaseNode } from '../../src/ha/lease-run.js';
import { type Postgres, skipPostgres, startPostgres } from '../helpers/postgres.js';
import { twoNodeConfig } from './two-nodes.js';

/**
 * The shell of `pbxc ha`'s lease loop on a REAL PostgreSQL 15 (Unix socket) and a fake FreeSWITCH
 * event socket that records the API commands: a node starts fenced, takes the free lease, starts
 * its profiles and recovers; SIGTERM (abort) fences and releases the lease.
 */
const skip = skipPostgres('test/ha/lease-run.test.ts');

function fakeEventSocket(commands: string[]): Promise<{ server: Server; port: number }> {
  const running = new Set<string>();
  const server = createServer((socket) => {
    socket.write('Content-Type: auth/request\n\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 2);
        if (line.startsWith('auth ')) {
          socket.write('Content-Type: command/reply\nReply-Text: +OK accepted\n\n');
          continue;
        }
        const cmd = line.replace(/^api /, '');
        if (cmd !== 'sofia status') commands.push(cmd);
        const m = /^sofia profile (\S+) (start|stop)$/.exec(cmd);
        if (m?.[2] === 'start') running.add(m[1]!);
        if (m?.[2] === 'stop') running.delete(m[1]!);
        const body =
          cmd === 'sofia status'
            ? [...running].map((p) => `${p}\tprofile\tsip:mod_sofia@127.0.0.1:5060\tRUNNING (0)`).join('\n')
            : '+OK\n';
        socket.write(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a ? a.port : 0 });
    }),
  );
}

describe.skipIf(skip)('runLeaseNode on real PostgreSQL', () => {
  let db: Postgres;
  let dir: string;
  beforeAll(() => {
    db = startPostgres({ port: 5434 });
    dir = mkdtempSync(join(tmpdir(), 'pbxc-lease-run-'));
  }, 60_000);
  afterAll(() => {
    db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts fenced, takes the free lease, activates; abort fences and releases', async () => {
    const commands: string[] = [];
    const addr: string[] = [];
    const { server, port } = await fakeEventSocket(commands);
    mkdirSync(join(dir, 'autoload_configs'), { recursive: true });
    writeFileSync(
      join(dir, 'autoload_configs/event_socket.conf.xml'),
      `<param name="listen-ip" value="127.0.0.1"/>\n<param name="listen-port" value="${port}"/>\n<param name="password" value="s3cret"/>\n`,
    );
    const config = twoNodeConfig('pbx-1');
    const controller = new AbortController();
    const logs: string[] = [];
    const run = runLeaseNode(
      config,
      { host: db.socketDir, port: db.port, name: db.database, user: db.user, sslmode: 'disable' },
      'PBXC_PLATFORM=acme\nPBXC_ENVIRONMENT=prod\n',
      {
        once: false,
        signal: controller.signal,
        log: (l) => logs.push(l),
        out: () => {},
        freeswitchConf: dir,
        stateFile: join(dir, 'ha-lease.json'),
        address: { take: async () => void addr.push('take'), drop: async () => void addr.push('drop') },
      },
    );
    const pool = new pg.Pool({ host: db.socketDir, port: db.port, user: db.user, database: db.database });
    try {
      for (let i = 0; i < 50 && !commands.includes('sofia recover'); i++)
        await new Promise((r) => setTimeout(r, 100));
      // The profile and recovery commands (a fence also reads the run id, activation polls the status).
      const sofia = () => commands.filter((c) => /^sofia (profile|recover)/.test(c));
      expect(sofia().slice(0, 5)).toEqual([
        'sofia profile internal stop',
        'sofia profile external stop',
        'sofia profile internal start',
        'sofia profile external start',
        'sofia recover',
      ]);
      expect(addr.slice(0, 2)).toEqual(['drop', 'take']);
      const held = await pool.query('SELECT holder, epoch FROM pbxc_ha_lease WHERE grp = $1', ['acme/prod']);
      expect(held.rows[0]).toEqual({ holder: 'pbx-1', epoch: '1' });
      // Each tick's view for the agent's report (pbxc status: role and lease).
      for (let i = 0; i < 30 && !/"holder":"pbx-1"/.test(readIf(join(dir, 'ha-lease.json'))); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(JSON.parse(readIf(join(dir, 'ha-lease.json')))).toMatchObject({
        node: 'pbx-1',
        role: 'active',
        epoch: 1,
        holder: 'pbx-1',
      });
      controller.abort();
      expect((await run).role).toBe('active');
      expect(sofia().slice(-2)).toEqual(['sofia profile internal stop', 'sofia profile external stop']);
      expect(addr.at(-1)).toBe('drop');
      const after = await pool.query('SELECT holder FROM pbxc_ha_lease WHERE grp = $1', ['acme/prod']);
      expect(after.rows[0].holder).toBeNull();
      expect(JSON.parse(readIf(join(dir, 'ha-lease.json')))).toMatchObject({ role: 'standby' });
    } finally {
      controller.abort();
      await run.catch(() => undefined);
      await pool.end();
      server.close();
    }
  }, 60_000);
});

function readIf(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '{}';
  }
}
