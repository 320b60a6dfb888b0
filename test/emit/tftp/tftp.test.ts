import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmittedFile } from '../../../src/emit/target.js';
import { tftpTarget } from '../../../src/emit/tftp/index.js';
import { NODE_PATHS } from '../../../src/model/node-paths.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';

let model: Model;
let files: Map<string, EmittedFile>;
beforeAll(async () => {
  model = await exampleModel();
  files = new Map(
    tftpTarget.emit({ model, mode: 'audit', secret: placeholder }).files.map((f) => [f.path, f]),
  );
});

/** KEY="value" lines of a Debian defaults file. */
function defaults(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => {
        const [k, v] = l.split(/=(.*)/s) as [string, string];
        return [k, v.replace(/^"(.*)"$/, '$1')];
      }),
  );
}

describe('tftp target', () => {
  it('writes the flat root the 79x0 firmware reads, tftpd-hpa defaults and tcp-wrappers lines', () => {
    expect([...files.keys()]).toEqual([
      'tftp/hosts.allow',
      'tftp/hosts.deny',
      'tftp/root/SEP001E7AAABBCC.cnf.xml',
      'tftp/root/SIP000D28000004.cnf',
      'tftp/root/SIPDefault.cnf',
      'tftp/tftpd-hpa',
    ]);
    expect(files.get('tftp/root/SIP000D28000004.cnf')?.sensitive).toBe(true);
    expect(defaults(files.get('tftp/tftpd-hpa')!.content)).toEqual({
      TFTP_USERNAME: 'tftp',
      TFTP_DIRECTORY: NODE_PATHS.tftpRoot,
      TFTP_ADDRESS: ':69',
      TFTP_OPTIONS: '--secure -v',
    });
    const allow = files.get('tftp/hosts.allow')!.content;
    expect(allow).toContain('# whitelist office\nin.tftpd: 203.0.113.0/255.255.255.0\n');
    // tcp-wrappers has no trailing comments: a "#" on a rule line would be read as host patterns.
    for (const line of allow.split('\n').filter((l) => !l.startsWith('#'))) expect(line).not.toContain('#');
    expect(files.get('tftp/hosts.deny')!.content).toContain('in.tftpd: ALL');
  });

  it('IPv6 networks use the bracket form; no allow-list means no tcp-wrappers files', () => {
    const v6: Model = {
      ...model,
      platform: {
        ...model.platform,
        provisioning: { ...model.platform.provisioning, tftpAllow: ['twilio-signalling'] },
      },
    };
    const allow = tftpTarget
      .emit({ model: v6, mode: 'audit', secret: placeholder })
      .files.find((f) => f.path === 'tftp/hosts.allow')!.content;
    expect(allow).toContain('in.tftpd: 192.0.2.64/255.255.255.224 [2001:db8:40::]/48');
    const open: Model = {
      ...model,
      platform: { ...model.platform, provisioning: { ...model.platform.provisioning, tftpAllow: [] } },
    };
    const paths = tftpTarget
      .emit({ model: open, mode: 'audit', secret: placeholder })
      .files.map((f) => f.path);
    expect(paths.some((p) => p.startsWith('tftp/hosts.'))).toBe(false);
  });

  it('SIPDefault.cnf is the same for every tenant, so 7.x phones of two tenants share the root', () => {
    const twice: Model = {
      ...model,
      tenants: model.tenants.map((t) =>
        t.id === 'abc-company'
          ? { ...t, devices: t.devices.map((d) => (d.vendor === 'cisco' ? { ...d, firmware: '7.x' } : d)) }
          : t,
      ),
    };
    const names = tftpTarget
      .emit({ model: twice, mode: 'audit', secret: placeholder })
      .files.map((f) => f.path);
    expect(names).toContain('tftp/root/SIP001E7AAABBCC.cnf');
    expect(names.filter((n) => n.endsWith('SIPDefault.cnf'))).toHaveLength(1);
  });

  it('writes nothing without Cisco 79x0 phones', () => {
    const none: Model = {
      ...model,
      tenants: model.tenants.map((t) => ({ ...t, devices: t.devices.filter((d) => d.vendor !== 'cisco') })),
    };
    expect(tftpTarget.emit({ model: none, mode: 'audit', secret: placeholder }).files).toEqual([]);
  });
});

const tools = ['ip', 'curl'].every((t) => {
  try {
    execFileSync('which', [t], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const live = process.getuid?.() === 0 && tools && existsSync('/usr/sbin/in.tftpd');
if (!live)
  console.warn(
    'SKIPPED: live TFTP test, because it needs root, iproute2, curl and tftpd-hpa (/usr/sbin/in.tftpd)',
  );

/**
 * The real in.tftpd with the emitted options and tcp-wrappers lines, in a private network
 * namespace: `ip netns exec` bind-mounts /etc/netns/<ns>/hosts.{allow,deny} over /etc, so the rules
 * apply to this daemon only. Clients use addresses of the office whitelist and of no whitelist.
 */
describe.skipIf(!live)('tftp tree served by the real in.tftpd', () => {
  const ns = `phones-tftp-${process.pid}`;
  const etc = `/etc/netns/${ns}`;
  let dir = '';
  let daemon: ReturnType<typeof spawn> | undefined;
  const allowed = '203.0.113.7';
  const denied = '198.51.100.99';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phones-tftp-'));
    const root = join(dir, 'root');
    mkdirSync(root);
    chmodSync(dir, 0o755);
    chmodSync(root, 0o755);
    for (const f of files.values()) {
      if (!f.path.startsWith('tftp/root/')) continue;
      const path = join(root, f.path.slice('tftp/root/'.length));
      writeFileSync(path, f.content);
      chmodSync(path, 0o644);
    }
    execFileSync('ip', ['netns', 'add', ns]);
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'hosts.allow'), files.get('tftp/hosts.allow')!.content);
    writeFileSync(join(etc, 'hosts.deny'), files.get('tftp/hosts.deny')!.content);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    for (const a of [allowed, denied]) execFileSync('ip', ['-n', ns, 'addr', 'add', `${a}/32`, 'dev', 'lo']);
    const conf = defaults(files.get('tftp/tftpd-hpa')!.content);
    const options = conf.TFTP_OPTIONS!.split(' ');
    daemon = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'in.tftpd',
        '--foreground',
        '--address',
        '127.0.0.1:69',
        '--user',
        conf.TFTP_USERNAME!,
        ...options,
        root,
      ],
      { stdio: 'ignore' },
    );
    // Bounded wait until the daemon answers.
    for (let i = 0; i < 50; i++) {
      try {
        fetchTftp(allowed, 'SIPDefault.cnf');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 20_000);

  afterAll(() => {
    daemon?.kill();
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {}
    rmSync(etc, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function fetchTftp(from: string, name: string): string {
    return execFileSync(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'curl',
        '-sS',
        '--max-time',
        '2',
        '--interface',
        from,
        `tftp://127.0.0.1/${name}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }

  it('serves exactly the names the firmware requests (upper-case MAC) to the phone network', () => {
    for (const name of ['SEP001E7AAABBCC.cnf.xml', 'SIPDefault.cnf', 'SIP000D28000004.cnf']) {
      expect(fetchTftp(allowed, name), name).toBe(files.get(`tftp/root/${name}`)!.content);
    }
  });

  it('refuses other names, paths outside the root, and addresses outside the allow-list', () => {
    expect(() => fetchTftp(allowed, 'sep001e7aaabbcc.cnf.xml')).toThrow();
    expect(() => fetchTftp(allowed, '../../etc/passwd')).toThrow();
    expect(() => fetchTftp(denied, 'SIPDefault.cnf')).toThrow();
  });
});
