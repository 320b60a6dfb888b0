import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleModel } from '../../helpers/example.js';
import { fail2banFiles } from './emit.js';
import { type Fail2banMatch, fail2banRegex, fail2banUnavailable } from './fail2ban-tools.js';

/** One access-log line in nginx's "combined" format. */
function combined(
  addr: string,
  user: string,
  request: string,
  status: number,
  agent = 'Yealink SIP-T54W',
): string {
  return `${addr} - ${user} [22/Nov/2026:16:45:50 +0100] "${request}" ${status} 179 "-" "${agent}"`;
}

const CASES: readonly (readonly [string, string, string | undefined])[] = [
  [
    'wrong password',
    combined('198.51.100.8', 'xynap', 'GET /xynap/0015654a1000.cfg HTTP/1.1', 401),
    '198.51.100.8',
  ],
  [
    'wrong password, IPv6',
    combined('2001:db8::9', 'admin', 'GET /y000000000000.cfg HTTP/1.1', 401),
    '2001:db8::9',
  ],
  ['refused', combined('198.51.100.9', '-', 'GET /abc/aabbccddeeff.cfg HTTP/1.1', 403), '198.51.100.9'],
  [
    'unknown MAC',
    combined('198.51.100.10', 'abc', 'GET /abc/001122334455.cfg HTTP/1.1', 404),
    '198.51.100.10',
  ],
  [
    'unknown MAC, Cisco',
    combined('198.51.100.11', 'abc', 'GET /SEP001E7AAABBCD.cnf.xml HTTP/1.1', 404),
    '198.51.100.11',
  ],
  [
    'unknown MAC, Cisco 7.x',
    combined('198.51.100.14', 'abc', 'GET /abc/SIP001E7AAABBCE.cnf HTTP/1.1', 404),
    '198.51.100.14',
  ],
  [
    'unknown tenant (no authentication asked)',
    combined('198.51.100.15', '-', 'GET /nope/0015654a1001.cfg HTTP/1.1', 404),
    '198.51.100.15',
  ],
  [
    'unknown MAC, Grandstream',
    combined('198.51.100.12', 'abc', 'GET /cfg000b82112234.xml HTTP/1.1', 404),
    '198.51.100.12',
  ],
  ['user name with brackets', combined('198.51.100.13', 'a [b]', 'GET / HTTP/1.1', 401), '198.51.100.13'],
  [
    'challenge before credentials',
    combined('198.51.100.20', '-', 'GET /xynap/0015654a1000.cfg HTTP/1.1', 401),
    undefined,
  ],
  ['success', combined('198.51.100.21', 'xynap', 'GET /xynap/0015654a1000.cfg HTTP/1.1', 200), undefined],
  [
    'optional per-phone file',
    combined('198.51.100.22', 'abc', 'GET /abc/805ec0123456-local.cfg HTTP/1.1', 404),
    undefined,
  ],
  [
    'missing firmware',
    combined('198.51.100.23', 'abc', 'GET /abc/fw/T54W-96.86.0.100.rom HTTP/1.1', 404),
    undefined,
  ],
  [
    'unknown MAC, Yealink boot file',
    combined('198.51.100.16', 'abc', 'GET /abc/805ec0999999.boot HTTP/1.1', 404),
    '198.51.100.16',
  ],
  [
    'Polycom log upload (answered 405 by the site)',
    combined(
      '198.51.100.25',
      'abc',
      'PUT /abc/0004f2aa0001-app.log HTTP/1.1',
      405,
      'FileTransport PolycomVVX',
    ),
    undefined,
  ],
  [
    'Polycom contacts upload (answered 405 by the site)',
    combined(
      '198.51.100.26',
      'abc',
      'PUT /abc/0004f2aa0001-directory.xml HTTP/1.1',
      405,
      'FileTransport PolycomVVX',
    ),
    undefined,
  ],
  [
    'Polycom override file not written by pbxc',
    combined(
      '198.51.100.27',
      'abc',
      'GET /abc/0004f2aa0001-phone.cfg HTTP/1.1',
      404,
      'FileTransport PolycomVVX',
    ),
    undefined,
  ],
  [
    'Grandstream model and common files',
    combined('198.51.100.28', 'abc', 'GET /abc/cfggxp2170.xml HTTP/1.1', 404, 'Grandstream GXP2170'),
    undefined,
  ],
  [
    'request naming another address',
    combined(
      '198.51.100.24',
      '-',
      'GET /198.51.100.99 HTTP/1.1',
      200,
      '198.51.100.99 - x [] "GET / HTTP/1.1" 401',
    ),
    undefined,
  ],
];

const skip = fail2banUnavailable();
if (skip) console.warn(`SKIP fail2ban filter tests: ${skip}`);

describe.skipIf(skip)('filter.d/pbxc-provisioning.conf with fail2ban-regex on "combined" lines', () => {
  let dir: string;
  let matches: Fail2banMatch[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pbxc-prov-filter-'));
    const filter = join(dir, 'pbxc-provisioning.conf');
    writeFileSync(filter, fail2banFiles(await exampleModel()).get('filter.d/pbxc-provisioning.conf')!);
    matches = fail2banRegex(
      filter,
      CASES.map(([, line]) => line),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)('%s → %s', (_name, line, address) => {
    expect(matches.filter((m) => m.line === line).map((m) => m.address)).toEqual(
      address === undefined ? [] : [address],
    );
  });
});
