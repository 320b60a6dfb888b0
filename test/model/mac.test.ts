import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/compile.js';
import { readSpec } from '../../src/load/read-spec.js';
import { displayMac, MAC_PATTERN, normalizeMac } from '../../src/model/mac.js';
import { vendorOfMac } from '../../src/model/vendors.js';
import { EXAMPLE_SPEC, ROOT } from '../helpers/example.js';

describe('MAC input forms', () => {
  it.each([
    ['805ec01a0003'],
    ['805EC01A0003'],
    ['80-5E-C0-1A-00-03'],
    ['80:5e:c0:1a:00:03'],
    ['80:5E:C0:1A:00:03'],
    ['805e.c01a.0003'],
  ])('%s is 805ec01a0003', (form) => {
    expect(normalizeMac(form)).toBe('805ec01a0003');
    expect(displayMac(form)).toBe('80:5E:C0:1A:00:03');
    expect(vendorOfMac(form)).toBe('yealink');
  });

  it.each([
    ['80:5e-c0:1a:00:03'],
    ['805ec01a000'],
    ['805ec01a00033'],
    ['80.5e.c0.1a.00.03'],
    ['gg5ec01a0003'],
    [''],
  ])('%j is not a MAC', (text) => {
    expect(normalizeMac(text)).toBeUndefined();
  });

  it('the schema accepts exactly MAC_PATTERN', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'spec/schema/tenant.schema.json'), 'utf8'));
    expect(schema.properties.devices.items.properties.mac.pattern).toBe(MAC_PATTERN);
  });

  it('the model keeps one form, whatever the spec wrote', async () => {
    const { texts } = await readSpec(EXAMPLE_SPEC);
    const tenants = texts.tenants.map((t) =>
      t.path.endsWith('abc-company.yaml')
        ? {
            ...t,
            text: t.text
              .replace('"00:04:13:2A:BB:01"', '"00-04-13-2a-bb-01"')
              .replace('"64:16:7F:01:02:03"', '"6416.7F01.0203"')
              .replace('"00:0B:82:11:22:33"', '000B82112233'),
          }
        : t,
    );
    const result = check({ ...texts, tenants });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const macs = result.model!.tenants.find((t) => t.id === 'abc-company')!.devices.map((d) => d.mac);
    expect(macs).toEqual(expect.arrayContaining(['0004132abb01', '64167f010203', '000b82112233']));
  });
});
