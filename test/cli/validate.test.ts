import { describe, expect, it } from 'vitest';
import { lineOf, run, specCopy } from '../helpers/cli.js';
import { EXAMPLE_SPEC } from '../helpers/example.js';

describe('pbxc validate', () => {
  it('accepts the example spec with a one-line summary', async () => {
    const r = await run(['validate', '--spec', EXAMPLE_SPEC]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^3 tenants, 20 extensions, 12 devices: 0 errors, \d+ warnings?$/m);
  });

  it('reports a typo with its position, a did-you-mean hint and exit 1', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) => t.replace('    ring_timeout: 30', '    ring_timout: 30'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes('PBX2001'));
    const n = lineOf(spec, 'tenants/xynap.yaml', 'ring_timout');
    expect(line).toBe(
      `${spec}/tenants/xynap.yaml:${n}:5: error PBX2001: unknown key "ring_timout" (did you mean "ring_timeout"?)`,
    );
    // the missing ring_timeout is the same mistake: not reported a second time
    expect(r.stderr).not.toMatch(/PBX2002/);
  });

  it('reports every error at once, sorted by file and line', async () => {
    const spec = specCopy({
      'platform.yaml': (t) => t.replace('max_registrations: 5', 'max_registrations: "five"'),
      'tenants/xynap.yaml': (t) =>
        t.replace('strategy: sequence', 'strategy: sequential').replace('timeout: 5', 'timeout: -1'),
      'tenants/abc-company.yaml': (t) =>
        t.replace('{ number: "104", name: Warehouse', '{ number: 104, name: Warehouse'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    const codes = r.stderr
      .split('\n')
      .filter((l) => / error PBX/.test(l))
      .map((l) => l.replace(/^.*spec\//, ''));
    expect(codes.map((l) => l.split(': ')[0])).toEqual([
      `platform.yaml:${lineOf(spec, 'platform.yaml', 'five')}:22`,
      `tenants/abc-company.yaml:${lineOf(spec, 'tenants/abc-company.yaml', 'number: 104')}:15`,
      `tenants/xynap.yaml:${lineOf(spec, 'tenants/xynap.yaml', 'sequential')}:15`,
      `tenants/xynap.yaml:${lineOf(spec, 'tenants/xynap.yaml', 'timeout: -1')}:14`,
    ]);
  });

  it('still checks the rest of a block after one bad value in it', async () => {
    const spec = specCopy({
      'platform.yaml': (t) =>
        t
          .replace('sip_access: open', 'sip_access: opn')
          .replace('admin_access: [office]', 'admin_access: [ofice]'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /platform\.yaml:\d+:15: error PBX2004: firewall\.sip_access "opn" must be one of open, whitelist/,
    );
    expect(r.stderr).toMatch(/platform\.yaml:\d+:\d+: error PBX3040: whitelist "ofice"/);
  });

  it('treats YAML syntax errors and duplicate keys as diagnostics', async () => {
    const spec = specCopy({
      'tenants/abc-company.yaml': (t) => t.replace('language: en', 'language: en\nlanguage: de'),
      'tenants/xynap.yaml': (t) => t.replace('name: xynap', 'name: [xynap'),
    });
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /abc-company\.yaml:7:1: error PBX1002: duplicate key "language" \(first defined at 6:1\)/,
    );
    expect(r.stderr).toMatch(/abc-company\.yaml:6:1: note: "language" first defined here/);
    expect(r.stderr).toMatch(/xynap\.yaml:\d+:\d+: error PBX1001: YAML syntax error/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });

  it('exits 2 for a missing spec folder and for bad usage', async () => {
    expect((await run(['validate', '--spec', '/nonexistent/spec'])).code).toBe(2);
    expect((await run(['validate', '--bogus'])).code).toBe(2);
    expect((await run(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('prints JSON and GitHub annotations', async () => {
    const spec = specCopy({ 'tenants/xynap.yaml': (t) => t.replace('strategy: random', 'strategy: randm') });
    const json = await run(['validate', '--spec', spec, '--format', 'json']);
    const parsed = JSON.parse(json.stdout);
    const error = parsed.diagnostics.find((d: { severity: string }) => d.severity === 'error');
    expect(error).toMatchObject({
      code: 'PBX2004',
      severity: 'error',
      line: lineOf(spec, 'tenants/xynap.yaml', 'randm'),
      column: 15,
    });
    expect(error.file).toMatch(/tenants\/xynap\.yaml$/);
    const gh = await run(['validate', '--spec', spec, '--format', 'github']);
    expect(gh.stdout).toMatch(
      /^::error file=.*xynap\.yaml,line=55,col=15,title=PBX2004::ring_groups\[2\]\.strategy/m,
    );
  });

  it('--strict fails on warnings', async () => {
    const spec = specCopy({ 'tenants/xynap.yaml': (t) => t.replace(/^# yaml-language-server.*\n/, '') });
    expect((await run(['validate', '--spec', spec])).code).toBe(0);
    expect((await run(['validate', '--spec', spec, '--strict'])).code).toBe(1);
  });

  it('has --help and --version', async () => {
    expect((await run(['validate', '--help'])).stdout).toMatch(/Usage: pbxc validate/);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(['--help'])).stdout).toMatch(/Commands:/);
  });
});
