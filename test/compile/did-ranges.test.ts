import { describe, expect, it } from 'vitest';
import { didRange } from '../../src/bind/did-ranges.js';
import { loadModel } from '../../src/load-model.js';
import { run, specCopy } from '../helpers/cli.js';

const withRange = (item: string) =>
  specCopy({ 'tenants/abc-company.yaml': (t) => t.replace(/^dids:\n/m, `dids:\n  - ${item}\n`) });

describe('DID ranges', () => {
  it('a range mapped to extensions becomes one DID per number, each to its extension', async () => {
    const spec = withRange('{ range: "+12125550190-+12125550193", trunk: twilio, extensions: "101-104" }');
    const result = await loadModel(spec);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dids = result.model!.tenants.find((t) => t.id === 'abc-company')!.dids;
    const mapped = dids.filter((d) => d.number.startsWith('+1212555019')).map((d) => [d.number, d.to]);
    expect(mapped).toEqual([
      ['+12125550190', { type: 'extension', number: '101' }],
      ['+12125550191', { type: 'extension', number: '102' }],
      ['+12125550192', { type: 'extension', number: '103' }],
      ['+12125550193', { type: 'extension', number: '104' }],
    ]);
  });

  it('a range to one destination, and its problems point at the range', async () => {
    const ok = await loadModel(
      withRange('{ range: "+12125550190-+12125550191", trunk: twilio, to: { extension: "101" } }'),
    );
    const abc = ok.model?.tenants.find((t) => t.id === 'abc-company');
    const toExt101 = (abc?.dids ?? []).filter(
      (d) => d.to.type === 'extension' && d.to.number === '101' && d.number.startsWith('+121255501'),
    );
    // The two generated DIDs and the example's own +12125550101.
    expect(toExt101.map((d) => d.number)).toEqual(['+12125550101', '+12125550190', '+12125550191']);
    const spec = withRange('{ range: "+12125550190-+12125550193", trunk: twilio, extensions: "101-102" }');
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /abc-company\.yaml:\d+:\d+: error PBX3300: DID range \+12125550190-\+12125550193: 2 extensions for 4 DIDs/,
    );
  });

  it('names the range that is wrong: the extensions one when the DIDs are fine', async () => {
    const spec = withRange('{ range: "+12125550190-+12125550193", trunk: twilio, extensions: "101-1004" }');
    const r = await run(['validate', '--spec', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error PBX3300: extensions range 101-1004 of DID range \+12125550190-\+12125550193: both ends need the same number of digits/,
    );
  });

  it('one broken range is one error: the lines on its numbers are not reported as unknown DIDs', async () => {
    const spec = specCopy({
      'tenants/xynap.yaml': (t) =>
        t
          .replace(/ {2}- \{ number: "\+493455664331[0-3]", name: Line \d, trunk: telekom \}\n/g, '')
          .replace(/^dids:\n/m, 'dids:\n  - { range: "+4934556643310-+493455664331", trunk: telekom }\n'),
    });
    const result = await loadModel(spec);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['PBX3300']);
    expect(errors[0]!.message).toBe(
      'DID range +4934556643310-+493455664331: both ends need the same number of digits',
    );
  });

  it('a duplicate inside a generated DID is reported at the range item', async () => {
    const spec = withRange('{ range: "+12125550100-+12125550102", trunk: twilio, to: { extension: "101" } }');
    const r = await run(['validate', '--spec', spec, '--format', 'json']);
    const dup = JSON.parse(r.stdout).diagnostics.filter(
      (d: { code: string }) => d.code === 'PBX3020' || d.code === 'PBX3002',
    );
    expect(dup.length).toBeGreaterThan(0);
    expect(new Set(dup.map((d: { line: number }) => d.line)).size).toBeLessThanOrEqual(2);
  });

  it('didRange keeps the digits and refuses reversed or huge blocks', () => {
    expect(didRange('+4930123450-+4930123452')).toEqual(['+4930123450', '+4930123451', '+4930123452']);
    expect(didRange('+4930123459-+4930123450')).toMatch(/ends before/);
    expect(didRange('+49301200000-+49301299999')).toMatch(/at most 10,000/);
  });
});
