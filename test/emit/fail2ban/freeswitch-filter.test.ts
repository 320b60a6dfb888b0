import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleModel } from '../../helpers/example.js';
import { fail2banFiles } from './emit.js';
import { type Fail2banMatch, fail2banRegex, fail2banUnavailable } from './fail2ban-tools.js';

// Real lines from FreeSWITCH 1.11.1 (shared/reference/freeswitch-logs), copied unchanged.
const REFERENCE_LOG = fileURLToPath(new URL('fixtures/freeswitch-1.11.1-auth.log', import.meta.url));
const UUID = 'c99c272d-7a2d-4527-b24a-a357a17cdefe';
const PREFIX = '2026-11-22 16:50:00.000001 97.25% [WARNING]';

// Synthetic lines in the 1.11.1 format: the same message shapes with other addresses, methods,
// profiles, a leading UUID, IPv6, and caller-chosen user parts that try to smuggle an address in.
const SYNTHETIC: readonly (readonly [string, string | undefined])[] = [
  [
    `${PREFIX} sofia_reg.c:1787 SIP auth failure (INVITE) on sofia profile 'external' for [+4930123@x.example] from ip 192.0.2.77`,
    '192.0.2.77',
  ],
  [
    `${UUID} ${PREFIX} sofia_reg.c:1787 SIP auth failure (INVITE) on sofia profile 'internal' for [1000@a.example] from ip 2001:db8::77`,
    '2001:db8::77',
  ],
  [`${PREFIX} sofia_reg.c:3210 Can't find user [admin@a.example] from 2001:db8:5::1`, '2001:db8:5::1'],
  [`${PREFIX} sofia_reg.c:3210 Can't find user [x] from ip 10.9.9.9@a] from 192.0.2.78`, '192.0.2.78'],
  [
    `${PREFIX} sofia_reg.c:1787 SIP auth failure (REGISTER) on sofia profile 'internal' for [a] from ip 10.9.9.9] from ip 192.0.2.79`,
    '192.0.2.79',
  ],
  [
    `2026-11-22 16:50:00.000001 3.00% [WARNING] sofia_reg.c:1787 SIP auth failure (SUBSCRIBE) on sofia profile 'internal' for [1@b] from ip 192.0.2.80`,
    '192.0.2.80',
  ],
  [
    `${PREFIX} sofia_reg.c:1842 SIP auth challenge (REGISTER) on sofia profile 'internal' for [1000@a.example] from ip 192.0.2.81`,
    undefined,
  ],
  [
    `${UUID} ${PREFIX} sofia_reg.c:1842 SIP auth challenge (INVITE) on sofia profile 'internal' for [1000@a.example] from ip 2001:db8::81`,
    undefined,
  ],
  [
    `${PREFIX} sofia_reg.c:1842 SIP auth challenge (REGISTER) on sofia profile 'internal' for [x] from ip 192.0.2.82] from ip 192.0.2.83`,
    undefined,
  ],
  [
    `2026-11-22 16:50:00.000001 97.25% [NOTICE] sofia_reg.c:2080 Registered user 1000@a.example from 192.0.2.84`,
    undefined,
  ],
  [
    `${UUID} 2026-11-22 16:50:00.000001 99.80% [NOTICE] sofia.c:8693 Channel [sofia/internal/1000@192.0.2.85:5191] has been answered`,
    undefined,
  ],
];

const skip = fail2banUnavailable();
if (skip) console.warn(`SKIP fail2ban filter tests: ${skip}`);

describe.skipIf(skip)('filter.d/pbxc-freeswitch.conf with fail2ban-regex', () => {
  let dir: string;
  let filter: string;
  let synthetic: Fail2banMatch[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pbxc-fs-filter-'));
    filter = join(dir, 'pbxc-freeswitch.conf');
    writeFileSync(filter, fail2banFiles(await exampleModel()).get('filter.d/pbxc-freeswitch.conf')!);
    synthetic = fail2banRegex(
      filter,
      SYNTHETIC.map(([line]) => line),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every failure in the real FreeSWITCH 1.11.1 log, with its address, and nothing else', () => {
    const lines = readFileSync(REFERENCE_LOG, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const failures = lines.filter((l) => /SIP auth failure|Can't find user/.test(l));
    expect(failures.length).toBeGreaterThanOrEqual(3);

    const matches = fail2banRegex(filter, lines);

    expect(matches.map((m) => m.line)).toEqual(failures);
    expect(matches.map((m) => m.address)).toEqual(failures.map((l) => l.match(/(\S+)$/)![1]));
    expect(new Set(matches.map((m) => m.address))).toEqual(new Set(['198.51.100.23', '198.51.100.24']));
  });

  it('never takes a challenge or a successful registration as a failure', () => {
    const lines = readFileSync(REFERENCE_LOG, 'utf8').split('\n');
    const matches = fail2banRegex(
      filter,
      lines.filter((l) => l !== ''),
    );
    expect(matches.filter((m) => /challenge|answered|Started/.test(m.line))).toEqual([]);
    // 203.0.113.10 registered successfully after its challenges.
    expect(matches.map((m) => m.address)).not.toContain('203.0.113.10');
  });

  it.each(SYNTHETIC)('%s → %s', (line, address) => {
    const matches = synthetic.filter((m) => m.line === line);
    expect(matches.map((m) => m.address)).toEqual(address === undefined ? [] : [address]);
  });
});
