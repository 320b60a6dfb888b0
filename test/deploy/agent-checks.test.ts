import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRelease } from '../../src/deploy/agent/checks.js';
import { parseAgentConfig } from '../../src/deploy/agent/config.js';
import { tempDir } from '../helpers/cli.js';

const missing = ['xmllint', 'nft'].find((t) => spawnSync(t, ['--version']).status !== 0);
if (missing) console.warn(`SKIPPED: agent check tests because ${missing} is not installed`);

function staged(files: Record<string, string>, commands: Record<string, string[]> = {}) {
  const root = tempDir('deploy-checks-');
  const c = parseAgentConfig(
    JSON.stringify({
      node: 'pbx-1',
      region: 'r',
      bucket: 'b',
      bundleParameter: '/p',
      stateDir: `${root}/state`,
      commands,
    }),
  );
  const release = join(root, 'state', 'releases', '.staging-1');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(release, path)), { recursive: true });
    writeFileSync(join(release, path), content);
  }
  return { c, release, root };
}

describe.skipIf(missing !== undefined)('the checks before a swap', () => {
  it('an XML error names the file and line, never the line itself (it may hold a password)', () => {
    const { c, release } = staged({
      'freeswitch/sip_profiles/external.xml':
        '<profile>\n<param name="password" value="Sup3r-Secret"/>\n</prof>\n',
      'nftables/pbx.nft': 'table inet pbxc {\n}\n',
    });
    const xml = checkRelease(c, release).find((r) => r.tool === 'xmllint')!;
    expect(xml.ok).toBe(false);
    expect(xml.detail).toMatch(/^freeswitch\/sip_profiles\/external\.xml:\d+ \(exit 1\)$/);
    expect(xml.detail).not.toContain('Secret');
  });

  it("a jail's logpath outside the node's logs is refused, and the check creates no file anywhere", () => {
    const evil = join(tempDir('deploy-checks-evil-'), 'made-by-the-check', 'x.log');
    const { c, release } = staged({
      'freeswitch/vars.xml': '<include/>\n',
      'fail2ban/jail.d/pbxc.local': `[pbxc-sip]\nenabled = true\nlogpath = ${evil}\n`,
      'nftables/pbx.nft': 'table inet pbxc {\n}\n',
    });
    const f2b = checkRelease(c, release).find((r) => r.tool === 'fail2ban-client -t')!;
    expect(f2b.ok).toBe(false);
    expect(f2b.detail).toMatch(/logpath .* is not one of the node's logs/);
    expect(existsSync(dirname(evil))).toBe(false);
  });

  it('a check tool killed by a signal gives no verdict: transient (retried with backoff), not a refusal', () => {
    const { c, release } = staged(
      { 'freeswitch/vars.xml': '<include/>\n', 'nftables/pbx.nft': 'table inet pbxc {\n}\n' },
      { xmllint: ['sh', '-c', 'kill -9 $$', 'xmllint'] },
    );
    const xml = checkRelease(c, release).find((r) => r.tool === 'xmllint')!;
    expect(xml).toMatchObject({ ok: false, transient: true });
    expect(xml.detail).toContain('killed by a signal');
  });
});
