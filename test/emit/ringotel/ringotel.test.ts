import { beforeAll, describe, expect, it } from 'vitest';
import { ringotelTarget } from '../../../src/emit/ringotel/index.js';
import type { Model } from '../../../src/model/types.js';
import { placeholder } from '../../../src/secrets/placeholder.js';
import { exampleModel } from '../../helpers/example.js';
import { parseCsv } from './csv.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

describe('ringotel target', () => {
  it('writes the five files for each tenant with softphones.ringotel', () => {
    const { files } = ringotelTarget.emit({ model, mode: 'audit', secret: placeholder });
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const tenants = model.tenants.filter((t) => t.ringotel);
    expect(tenants.length).toBeGreaterThan(0);
    for (const t of tenants) {
      for (const name of [
        'blf-contacts.csv',
        'connection.json',
        'features.json',
        'firewall.md',
        'users.csv',
      ]) {
        expect(byPath.has(`ringotel/${t.id}/${name}`)).toBe(true);
      }
    }
    const users = parseCsv(byPath.get('ringotel/abc-company/users.csv')!);
    expect(users[0]).toEqual(['Display Name', 'Email', 'Extension', 'Username', 'Password']);
    expect(users.slice(1)).toEqual([
      [
        'John Doe',
        'john@abc.example.com',
        '101',
        '101',
        'PBXC_SECRET(abc-company/extension/101/sip-password@r0)',
      ],
      [
        'Jane Smith',
        'jane@abc.example.com',
        '102',
        '102',
        'PBXC_SECRET(abc-company/extension/102/sip-password@r0)',
      ],
    ]);
    // Deactivated BLF contacts never register: no password, not even a placeholder.
    expect(parseCsv(byPath.get('ringotel/abc-company/blf-contacts.csv')!).slice(1)).toEqual([
      ['Front Desk', '', '103', '103', ''],
    ]);
    const connection = JSON.parse(byPath.get('ringotel/abc-company/connection.json')!);
    expect(connection).toMatchObject({
      transport: 'tls',
      domain: 'abc.voice.example.net',
      port: 5061,
      multiTenant: true,
      dtmf: 'rfc2833',
      registrationTtl: 300,
    });
    const features = JSON.parse(byPath.get('ringotel/abc-company/features.json')!);
    expect(features).toMatchObject({
      dnd: { on: '*78', off: '*79' },
      park: { park: '*6000' },
      voicemail: '*97',
    });
    const note = byPath.get('ringotel/abc-company/firewall.md')!;
    expect(note).toContain('ringotel-us');
    expect(note).toContain('198.51.100.20/32');
  });

  it('passwords appear only in the rendered tree', () => {
    const audit = ringotelTarget.emit({ model, mode: 'audit', secret: placeholder });
    expect(audit.files.some((f) => f.content.includes('RealSecretValue1'))).toBe(false);
    const render = ringotelTarget.emit({ model, mode: 'render', secret: () => 'RealSecretValue1' });
    expect(render.files.find((f) => f.path.endsWith('users.csv'))?.content).toContain('RealSecretValue1');
  });
});
