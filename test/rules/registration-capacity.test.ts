import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/load-model.js';
import {
  expiresDeviation,
  minimumExpires,
  refreshRate,
  SUSTAINABLE_REGISTRATIONS_PER_SECOND,
} from '../../src/model/registration-capacity.js';

/**
 * PBX3810: the phones an environment's active node serves must not refresh faster than a node
 * sustains (docs/freeswitch.md "Capacity and sizing"). The fixture's platform
 * (test/fixtures/specs/registration-capacity) marks where the warning belongs; the tenants are
 * generated here (thousands of extensions).
 */
const FIXTURE = new URL('../fixtures/specs/registration-capacity', import.meta.url).pathname;

describe('refresh rate arithmetic', () => {
  it.each([
    // phones, expires, REGISTER/s at the shortest grant (expires − expires/4)
    [20_000, 120, 20_000 / 90],
    [20_000, 600, 20_000 / 450],
    [9_000, 60, 9_000 / 45],
    [1, 61, 1 / 46],
  ])('%i phones at %i s: %f/s', (phones, expires, rate) => {
    expect(refreshRate(phones, expires)).toBeCloseTo(rate, 9);
  });

  it.each([
    [20_000, 133],
    [9_000, 59],
    [9_001, 61],
    [100_000, 666],
    [1, 1],
  ])('%i phones need expires ≥ %i s', (phones, min) => {
    expect(minimumExpires(phones)).toBe(min);
    expect(refreshRate(phones, min)).toBeLessThanOrEqual(SUSTAINABLE_REGISTRATIONS_PER_SECOND);
    if (min > 2) expect(refreshRate(phones, min - 1)).toBeGreaterThan(SUSTAINABLE_REGISTRATIONS_PER_SECOND);
  });

  it('the jitter is a quarter of the interval', () => {
    expect(expiresDeviation(120)).toBe(30);
    expect(expiresDeviation(61)).toBe(15);
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The fixture platform (with `edit` applied) and `tenants` tenants of `phones` extensions each; the last is a test tenant. */
function spec(tenants: number, phones: number, edit: (platform: string) => string = (p) => p): string {
  const root = mkdtempSync(join(tmpdir(), 'pbxc-sizing-'));
  dirs.push(root);
  cpSync(FIXTURE, root, { recursive: true });
  writeFileSync(join(root, 'platform.yaml'), edit(readFileSync(join(FIXTURE, 'platform.yaml'), 'utf8')));
  mkdirSync(join(root, 'tenants'));
  for (let t = 0; t < tenants; t++) {
    const id = `tenant-${String(t).padStart(2, '0')}`;
    const ext = Array.from({ length: phones }, (_, i) => `  - { number: "${20000 + i}", name: U${i} }`);
    writeFileSync(
      join(root, 'tenants', `${id}.yaml`),
      `# yaml-language-server: $schema=../schema/tenant.schema.json
tenant: ${id}
name: Tenant ${t}
domain: ${id}.example.net
timezone: Europe/Berlin
dialing: { country_code: "49", international_prefix: "00", emergency: ["112"] }
${t === tenants - 1 ? 'test: true\n' : ''}number_plan:
  - { range: "20000-29999", use: extensions }
extensions:
${ext.join('\n')}
trunks:
  - { id: carrier, host: sip.carrier.example, transport: udp, register: false, inbound_from: [carrier] }
outbound_routes:
  - { name: emergency, match: emergency, trunk: carrier }
`,
    );
  }
  return root;
}

async function warnings(root: string): Promise<string[]> {
  const { diagnostics } = await loadModel(root);
  return diagnostics.map(
    (d) =>
      `${d.location ? relative(root, d.location.file) : '-'}:${d.location?.line ?? 0} ${d.severity} ${d.code} ${d.message}`,
  );
}

/** The fixture's `# WARNING PBXnnnn` marks as "file:line code". */
function marked(root: string): string[] {
  return readFileSync(join(root, 'platform.yaml'), 'utf8')
    .split('\n')
    .flatMap((line, i) =>
      [...line.matchAll(/# WARNING (PBX\d{4})/g)].map((m) => `platform.yaml:${i + 1} ${m[1]}`),
    );
}

describe('PBX3810: phones per node above the sustainable refresh rate', () => {
  it('warns at the environment whose active node gets more than it sustains', async () => {
    // 2 × 5,000 phones at expires 60 (granted down to 45 s): 223/s on production's active node.
    const root = spec(2, 5_000);
    const found = await warnings(root);
    expect(found.map((w) => w.split(' ').slice(0, 1).concat(w.split(' ')[2]!).join(' '))).toEqual(
      marked(root),
    );
    expect(found[0]).toContain('environment "production": 10000 phones');
    expect(found[0]).toContain('up to 223 REGISTER/s (sip.registration.expires 60 s, granted down to 45 s)');
    expect(found[0]).toContain(`above the ${SUSTAINABLE_REGISTRATIONS_PER_SECOND}/s`);
    const { diagnostics } = await loadModel(root);
    expect(diagnostics[0]!.severity).toBe('warning');
    // The related location is the interval to raise.
    const related = diagnostics[0]!.related?.[0];
    expect(
      related && readFileSync(related.location.file, 'utf8').split('\n')[related.location.line - 1],
    ).toContain('expires: 60');
  }, 120_000);

  it('is quiet at the rate itself, with a longer interval, and for a node serving only test tenants', async () => {
    // 9,000 phones at expires 60: exactly 200/s.
    expect(await warnings(spec(2, 4_500))).toEqual([]);
    // The interval the warning's help names.
    const raised = spec(2, 5_000, (p) => p.replace('expires: 60,', `expires: ${minimumExpires(10_000)},`));
    expect(await warnings(raised)).toEqual([]);
  }, 120_000);

  it('counts the default interval (120 s) when none is written', async () => {
    // 2 × 9,500 phones at the default: 19,000 / 90 = 212/s.
    const root = spec(2, 9_500, (p) => p.replace('  registration: { expires: 60, keepalive: 25 }\n', ''));
    const found = await warnings(root);
    expect(found, found.join('\n')).toHaveLength(1);
    expect(found[0]).toMatch(
      /^platform\.yaml:23 warning PBX3810 environment "production": 19000 phones .*expires 120 s, granted down to 90 s/,
    );
    expect(found[0]).toContain('at least 126 s');
  }, 120_000);
});
