import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseAgentConfig } from '../../src/deploy/agent/config.js';
import { eventSocketApi, eventSocketTarget } from '../../src/deploy/agent/event-socket.js';
import { acquireLock, LockedError } from '../../src/deploy/agent/lock.js';
import { VerifyError, verifyBundle } from '../../src/deploy/agent/verify.js';
import { packBundle } from '../../src/deploy/pack/bundle.js';
import { formatStatus, statusRows } from '../../src/deploy/status-view.js';
import { buildManifest, manifestFile } from '../../src/out/manifest.js';

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
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseAgentConfig(text)).toThrow(ConfigError);
    expect(() => parseAgentConfig(text)).toThrow(message);
  });
});

describe('bundle verification', () => {
  const files = [{ path: 'freeswitch/vars.xml', content: '<include/>\n' }];
  const tree = (mode: 'render' | 'audit', extra: { path: string; content: string }[] = []) => [
    manifestFile(buildManifest(files, mode, '0.0.0', 'x')),
    ...files,
    ...extra,
  ];

  it('accepts a bundle whose digest and files match', () => {
    const b = packBundle(tree('render'));
    expect([...verifyBundle(b.bytes, b.sha256).keys()]).toEqual(['MANIFEST.json', 'freeswitch/vars.xml']);
  });

  it.each([
    ['a wrong digest', () => ({ ...packBundle(tree('render')), sha256: '0'.repeat(64) }), 'DigestMismatch'],
    ['an audit tree', () => packBundle(tree('audit')), 'ManifestMismatch'],
    [
      'an unlisted file',
      () => packBundle(tree('render', [{ path: 'nftables/x.nft', content: '' }])),
      'ManifestMismatch',
    ],
    [
      'a file that differs from its digest',
      () => packBundle([tree('render')[0]!, { path: 'freeswitch/vars.xml', content: '<evil/>\n' }]),
      'ManifestMismatch',
    ],
    ['a missing file', () => packBundle([tree('render')[0]!]), 'ManifestMismatch'],
  ])('refuses %s', (_name, make, reason) => {
    const b = make();
    try {
      verifyBundle(b.bytes, b.sha256);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VerifyError);
      expect((error as VerifyError).reason).toBe(reason);
    }
  });
});

describe('lock', () => {
  it('excludes a second run, and takes over the lock of a dead process', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'deploy-lock-')), 'agent.lock');
    const release = acquireLock(file);
    expect(() => acquireLock(file)).toThrow(LockedError);
    release();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(file, `${dead.pid}\n`);
    acquireLock(file)();
  });
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
