import { beforeAll, describe, expect, it } from 'vitest';
import { zeroTouchTarget } from '../../../src/emit/zero-touch/index.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseCsv } from '../ringotel/csv.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

const emit = (m: Model) =>
  new Map(
    zeroTouchTarget.emit({ model: m, mode: 'audit', secret: placeholder }).files.map((f) => [f.path, f]),
  );

describe('zero-touch target', () => {
  it('one CSV per redirection service with the provisioning URL per MAC, in the form the firmware then requests', () => {
    const files = emit(model);
    expect([...files.keys()]).toEqual([
      'zero-touch/fanvil-fdps.csv',
      'zero-touch/grandstream-gdms.csv',
      'zero-touch/polycom-ztp.csv',
      'zero-touch/snom-sraps.csv',
      'zero-touch/yealink-rps.csv',
    ]);
    const yealink = parseCsv(files.get('zero-touch/yealink-rps.csv')!.content);
    expect(yealink[0]).toEqual(['MAC', 'Server URL', 'Username', 'Password', 'Tenant', 'Device']);
    expect(yealink).toContainEqual([
      '0015654A1000',
      'https://provision.voice.example.net/xynap/',
      'xynap',
      'PBXC_SECRET(xynap/provisioning/http-password@r0)',
      'xynap',
      'Empfang',
    ]);
    const snom = parseCsv(files.get('zero-touch/snom-sraps.csv')!.content);
    expect(snom[1]?.[1]).toBe('https://provision.voice.example.net/bluebird-dental/{mac}.xml');
    expect(parseCsv(files.get('zero-touch/fanvil-fdps.csv')!.content)[1]?.[0]).toBe('00:A8:59:00:00:03');
    for (const f of files.values()) expect(f.sensitive).toBe(true);
  });

  it('a device name cannot become a spreadsheet formula or add a column', () => {
    const evil: Model = {
      ...model,
      tenants: model.tenants.map((t) => ({
        ...t,
        devices: t.devices.map((d) => ({ ...d, name: '=HYPERLINK("http://x","a"),b\nc' })),
      })),
    };
    const rows = parseCsv(emit(evil).get('zero-touch/yealink-rps.csv')!.content);
    for (const r of rows) expect(r).toHaveLength(6);
    expect(rows[1]?.[5]?.startsWith("'=")).toBe(true);
  });

  it('writes nothing for a spec without phones of these vendors', () => {
    const none: Model = { ...model, tenants: model.tenants.map((t) => ({ ...t, devices: [] })) };
    expect(emit(none).size).toBe(0);
  });
});
