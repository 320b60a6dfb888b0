import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseAgentConfig } from '../../src/deploy/agent/config.js';
import { eventSocketApi, eventSocketTarget } from '../../src/deploy/agent/event-socket.js';
import { acquireLock, LockedError } from '../../src/deploy/agent/lock.js';
import { formatStatus, statusRows } from '../../src/deploy/status-view.js';
import { run } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { tempRootPaths } from './hostile-bundles.js';

const minimal = { node: 'pbx-1', region: 'eu-central-1', bucket: 'b', bundleParameter: '/p/bundle' };

describe('agent.json', () => {
  it('fills production defaults and keeps what is given', () => {
    const c = parseAgentConfig(
      JSON.stringify({ ...minimal, stateDir: '/tmp/x', commands: { nft: ['/usr/sbin/nft'] } }),
    );
    expect(c.links.freeswitch).toBe('/etc/freeswitch');
    expect(c.tls.dir).toBe('/tmp/x/tls');
    expect(c.commands.nft).toEqual(['/usr/sbin/nft']);
    expect(c.commands.nginx).toEqual(['nginx']);
    expect(c.keepReleases).toBe(3);
    expect(c.limits).toEqual({ bundleBytes: 64 * 1024 * 1024, treeBytes: 256 * 1024 * 1024, files: 200_000 });
  });

  it('accepts every path in a temporary root', () => {
    const root = '/tmp/pbxc-root';
    const c = parseAgentConfig(JSON.stringify({ ...minimal, ...tempRootPaths(root) }));
    expect(c.links.phones).toBe(`${root}/srv/pbxc/phones`);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['no bucket', JSON.stringify({ ...minimal, bucket: undefined }), /bucket must be/],
    [
      'a relative path',
      JSON.stringify({ ...minimal, stateDir: 'var/lib' }),
      /stateDir must be an absolute path/,
    ],
    [
      'a shell command string',
      JSON.stringify({ ...minimal, commands: { nft: 'nft -f x' } }),
      /commands.nft must be a non-empty list/,
    ],
    ['an odd node name', JSON.stringify({ ...minimal, node: 'a b' }), /node must be/],
    ['a bad group', JSON.stringify({ ...minimal, fileGroup: 'x;y' }), /fileGroup/],
    [
      'a link to /srv as a whole',
      JSON.stringify({ ...minimal, links: { phones: '/srv' } }),
      /links.phones \(\/srv\) is a system folder/,
    ],
    [
      'a link to /etc/nginx',
      JSON.stringify({ ...minimal, links: { nginxSite: '/etc/nginx' } }),
      /system folder/,
    ],
    [
      'a link inside the state folder (a loop)',
      JSON.stringify({
        ...minimal,
        stateDir: '/var/lib/pbxc',
        links: { freeswitch: '/var/lib/pbxc/current/freeswitch' },
      }),
      /must lie outside stateDir/,
    ],
    [
      'a state folder inside a link',
      JSON.stringify({ ...minimal, stateDir: '/etc/freeswitch/state' }),
      /must lie outside stateDir/,
    ],
    [
      'two links inside each other',
      JSON.stringify({ ...minimal, links: { phones: '/srv/pbxc/x', provisioningAuth: '/srv/pbxc/x/auth' } }),
      /overlap/,
    ],
    [
      'a path nginx would read as two directives',
      JSON.stringify({ ...minimal, links: { phones: '/srv/a;b' } }),
      /plain absolute path/,
    ],
    ['a zero limit', JSON.stringify({ ...minimal, limits: { treeBytes: 0 } }), /limits.treeBytes/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseAgentConfig(text)).toThrow(ConfigError);
    expect(() => parseAgentConfig(text)).toThrow(message);
  });
});

describe('lock', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'deploy-lock-')), 'agent.lock');

  it('excludes a second run in this process and in another; released on close, the file stays', () => {
    const f = file();
    const release = acquireLock(f);
    expect(() => acquireLock(f)).toThrow(LockedError);
    expect(() => acquireLock(f)).toThrow(`(pid ${process.pid})`);
    const other = spawnSync('flock', ['--exclusive', '--nonblock', f, 'true']);
    expect(other.status).toBe(1);
    release();
    acquireLock(f)();
    expect(existsSync(f)).toBe(true);
  });

  it('a lock file naming a live process that holds no lock (a recycled pid) does not wedge the agent', () => {
    const f = file();
    writeFileSync(f, '1\n'); // pid 1: alive, and not an agent
    acquireLock(f)();
  });

  it('an agent killed with SIGKILL leaves no lock behind', async () => {
    const f = file();
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `(await import('${ROOT}/src/deploy/agent/lock.ts')).acquireLock('${f}'); console.log('held'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT },
    );
    await new Promise<void>((r) => holder.stdout!.on('data', () => r()));
    expect(() => acquireLock(f)).toThrow(LockedError);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
    acquireLock(f)();
  }, 30_000);

  it('of two agents racing for a lock left by a dead run, exactly one wins (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const f = file();
      writeFileSync(f, '999999\n');
      const race = () =>
        spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            '-e',
            `try { (await import('${ROOT}/src/deploy/agent/lock.ts')).acquireLock('${f}'); console.log('won'); await new Promise((r) => setTimeout(r, 400)); } catch { console.log('lost'); }`,
          ],
          { cwd: ROOT, encoding: 'utf8' },
        );
      const both = await Promise.all([
        new Promise<string>((r) => {
          const c = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              '-e',
              `try { (await import('${ROOT}/src/deploy/agent/lock.ts')).acquireLock('${f}'); console.log('won'); await new Promise((r) => setTimeout(r, 1500)); } catch { console.log('lost'); }`,
            ],
            { cwd: ROOT },
          );
          let out = '';
          c.stdout.on('data', (d) => (out += d));
          c.on('exit', () => r(out.trim()));
        }),
        new Promise<string>((r) => setTimeout(() => r(race().stdout.trim()), 0)),
      ]);
      expect(both.sort()).toEqual(['lost', 'won']);
    }
  }, 60_000);
});

describe('event socket client', () => {
  it('authenticates, runs API commands, reads framed replies', async () => {
    const seen: string[] = [];
    const server = createServer((socket) => {
      socket.write('Content-Type: auth/request\n\n');
      let buffer = '';
      socket.on('data', (d) => {
        buffer += d.toString();
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const cmd = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          seen.push(cmd);
          if (cmd.startsWith('auth ')) {
            socket.write(
              `Content-Type: command/reply\nReply-Text: ${cmd === 'auth s3cr&t' ? '+OK accepted' : '-ERR invalid'}\n\n`,
            );
          } else {
            const body = `+OK ${cmd.slice(4)}\n`;
            socket.write(`Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`);
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const target = eventSocketTarget(
      `<param name="listen-ip" value="127.0.0.1"/><param name="listen-port" value="${port}"/><param name="password" value="s3cr&amp;t"/>`,
    )!;
    expect(await eventSocketApi(target, ['reloadxml', 'status'])).toEqual([
      '+OK reloadxml\n',
      '+OK status\n',
    ]);
    await expect(eventSocketApi({ ...target, password: 'wrong' }, ['status'])).rejects.toThrow(
      /refused the password/,
    );
    server.close();
    expect(seen).toContain('api reloadxml');
  });
});

describe('status view', () => {
  it('marks nodes behind or failed', () => {
    const published = { version: 'aaaaaaaaaaaa', key: 'bundles/a.tar.gz', sha256: 'a'.repeat(64) };
    const rows = statusRows(published, [
      {
        node: 'pbx-2',
        active: 'bbbbbbbbbbbb',
        condition: 'Failed',
        reason: 'CheckFailed',
        message: 'nginx -t: …',
        attemptedAt: 't',
      },
      {
        node: 'pbx-1',
        active: 'aaaaaaaaaaaa',
        condition: 'Ready',
        reason: 'UpToDate',
        message: '',
        attemptedAt: 't',
      },
    ]);
    expect(rows.map((r) => [r.node, r.current])).toEqual([
      ['pbx-1', true],
      ['pbx-2', false],
    ]);
    expect(formatStatus(published, rows).join('\n')).toContain(
      'pbx-2  active bbbbbbbbbbbb  Failed CheckFailed  t  (behind)\n    nginx -t: …',
    );
    expect(formatStatus(undefined, [])).toEqual(['published: nothing yet', 'no node has reported yet']);
  });
});

describe('pbxc agent on a host without its file group', () => {
  it('exits 2 and names the group (a node set-up problem, never an internal error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbxc-agent-group-'));
    const file = join(dir, 'agent.json');
    writeFileSync(file, JSON.stringify({ ...minimal, fileGroup: 'pbxc-no-such-group' }));
    const r = await run(['agent', '--config', file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/fileGroup: group pbxc-no-such-group does not exist on this host/);
  });
});
