import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, soloStaging, specCopy, tempDir } from '../helpers/cli.js';
import { type FakeNode, fakeNodeUnavailable, startFakeNode } from './fake-node.js';

/**
 * The first-boot installer of a generic node, run for real in a fake node (mount, network and PID
 * namespaces; /etc, /usr and /var copy-on-write, so it writes its real paths without touching the
 * host) with PATH shims for what would install packages or talk to the network: apt-get, systemctl,
 * curl, npm, sleep, hostnamectl, and a freeswitch binary (freeswitch.source: image). Each shim
 * appends its command line to a log, so the order of events is observable.
 */
const reason = fakeNodeUnavailable();
if (reason) console.warn(`SKIPPED: first-boot installer in a namespace, because ${reason}`);

const SHIMS: Record<string, string> = {
  'apt-get': `echo "apt-get $*" >> "$LOG"
case " $* " in *" freeswitch-systemd "*) exit 100 ;; esac
exit 0`,
  systemctl: `echo "systemctl $*" >> "$LOG"
case "$1" in
  cat) [ -e "/etc/systemd/system/$2" ] || [ -e "/lib/systemd/system/$2" ]; exit $? ;;
  start) if [ "$2" = pbxc-agent.service ]; then set -a; . /etc/pbxc/agent.env; set +a; exec /usr/local/lib/pbxc/agent-run; fi ;;
esac
exit 0`,
  curl: `out=""; put=""; data=""
while [ $# -gt 0 ]; do
  case "$1" in -o) out="$2"; shift ;; -X) put="$2"; shift ;; --data-binary) data="$2"; shift ;; esac
  shift
done
if [ "$put" = PUT ]; then echo "curl PUT $data" >> "$LOG"; exit 0; fi
n=$(( $(cat "$LOG.curl" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$LOG.curl"
echo "curl GET attempt $n" >> "$LOG"
if [ -n "\${CURL_OK_AFTER:-}" ] && [ "$n" -gt "$CURL_OK_AFTER" ]; then echo tgz > "$out"; exit 0; fi
exit 22`,
  npm: `echo "npm $*" >> "$LOG"
printf '#!/bin/sh\\necho "pbxc ran $*" >> "$LOG"\\n' > /usr/bin/pbxc
chmod 0755 /usr/bin/pbxc`,
  sleep: 'echo "sleep $*" >> "$LOG"',
  hostnamectl: 'echo "hostnamectl $*" >> "$LOG"',
  freeswitch: 'exit 0',
};

describe.skipIf(reason !== undefined)('first boot of a generic node (installer in a namespace)', () => {
  let node: FakeNode;
  let work: string;
  let script: string;
  const LOG = () => join(work, 'events.log');

  beforeAll(async () => {
    work = tempDir('first-boot-');
    const spec = specCopy({
      'platform.yaml': (t) =>
        // The office node is the only environment that serves the tenants.
        soloStaging(t).replace(
          /^environments:\n {2}staging:\n(?: {4}.*\n)*/m,
          'environments:\n  office:\n    provider: generic\n    nodes: 1\n    freeswitch: { source: image }\n    storage: { bucket: pbx-office, endpoint: "http://127.0.0.1:9" }\n',
        ),
    });
    const r = await run(['node-install', '--spec', spec, '--env', 'office', '--node', 'pbx-1']);
    expect(r.code, r.stderr).toBe(0);
    script = join(work, 'install.sh');
    writeFileSync(script, `${r.stdout}\n`);
    mkdirSync(join(work, 'bin'));
    for (const [name, body] of Object.entries(SHIMS)) {
      writeFileSync(join(work, 'bin', name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(work, 'bin', name), 0o755);
    }
    node = await startFakeNode('first-boot', ['etc', 'usr', 'var']);
  }, 60_000);
  afterAll(() => node?.dispose());

  const install = (env: Record<string, string> = {}) =>
    node.exec(['sh', script], {
      timeout: 120_000,
      env: {
        PATH: `${join(work, 'bin')}:${process.env.PATH}`,
        LOG: LOG(),
        AWS_ACCESS_KEY_ID: 'KEYID',
        AWS_SECRET_ACCESS_KEY: 'not-in-the-script',
        PBXC_SIP_BIND_IPV4: '10.0.0.5',
        ...env,
      },
    });

  it('installs the timer before anything else, retries the agent with backoff, then waits for a bundle', () => {
    const r = install();
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const events = readFileSync(LOG(), 'utf8').trim().split('\n');
    const timer = events.indexOf('systemctl enable --now pbxc-agent.timer');
    expect(timer).toBeGreaterThanOrEqual(0);
    expect(events.findIndex((e) => e.startsWith('apt-get'))).toBeGreaterThan(timer);
    expect(
      events.findIndex((e) => e.startsWith('curl')),
      `${events.join('\n')}\n${r.stderr}`,
    ).toBeGreaterThan(timer);
    expect(events.filter((e) => e.startsWith('curl GET'))).toHaveLength(5);
    expect(events.filter((e) => e.startsWith('sleep'))).toEqual([
      'sleep 5',
      'sleep 10',
      'sleep 20',
      'sleep 40',
    ]);
    expect(r.stderr).toContain('pbxc: waiting for a bundle: s3://pbx-office/agent/pbxc.tgz is not there yet');
    const put = events.find((e) => e.startsWith('curl PUT'))!;
    expect(JSON.parse(put.slice('curl PUT '.length))).toMatchObject({
      node: 'pbx-1',
      condition: 'Reconciling',
      reason: 'WaitingForBundle',
    });
    // No package brought freeswitch.service (freeswitch-systemd is unavailable): pbxc wrote its own,
    // and the setup's own check passed.
    expect(events).toContain('apt-get install -y -q freeswitch-systemd');
    expect(node.exec(['cat', '/etc/systemd/system/freeswitch.service']).stdout).toContain(
      'ExecStart=/usr/bin/freeswitch -u freeswitch -g freeswitch -ncwait -nonat',
    );
    expect(node.exec(['test', '-e', '/var/lib/pbxc/.node-setup-done']).status).toBe(0);
    // The credentials went to a 0600 file, never into the script.
    expect(node.exec(['stat', '-c', '%a', '/etc/pbxc/agent.env']).stdout.trim()).toBe('600');
    expect(readFileSync(script, 'utf8')).not.toContain('not-in-the-script');
    expect(node.exec(['cat', '/etc/pbxc/node.env']).stdout).toContain('PBXC_SIP_BIND_IPV4=10.0.0.5');
    expect(node.exec(['test', '-x', '/usr/bin/pbxc']).status).not.toBe(0);
  });

  it('a later run (the timer) gets the agent once it is published and starts it', () => {
    writeFileSync(LOG(), '');
    writeFileSync(`${LOG()}.curl`, '0');
    const r = node.exec(['systemctl', 'start', 'pbxc-agent.service'], {
      env: { PATH: `${join(work, 'bin')}:${process.env.PATH}`, LOG: LOG(), CURL_OK_AFTER: '2' },
    });
    expect(r.status, r.stderr).toBe(0);
    const events = readFileSync(LOG(), 'utf8').trim().split('\n');
    expect(events.filter((e) => e.startsWith('curl GET'))).toHaveLength(3);
    expect(events.some((e) => e.startsWith('apt-get'))).toBe(false);
    expect(events).toContain('npm install -g --omit=dev --no-audit --no-fund /var/tmp/pbxc.tgz');
    expect(events.at(-1)).toBe('pbxc ran agent --config /etc/pbxc/agent.json');
  });
});
