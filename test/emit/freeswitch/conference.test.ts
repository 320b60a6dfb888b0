import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, type Xml } from './emit.js';

const CONF = 'freeswitch/autoload_configs/conference.conf.xml';
const MODULES = 'freeswitch/autoload_configs/modules.conf.xml';

function profiles(files: Map<string, string>): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const p of all(parse(files.get(CONF)!), 'profile'))
    out.set(p.name, Object.fromEntries(all(p, 'param').map((x: Xml) => [x.name, x.value])));
  return out;
}

function withoutRooms(model: Model): Model {
  return { ...model, tenants: model.tenants.map((t) => ({ ...t, conferences: [] })) };
}

describe('freeswitch target: conference rooms', async () => {
  const model = await exampleModel();
  const files = emitFs(model);
  const abcContext = [...files.entries()].find(
    ([p, t]) => p.startsWith('freeswitch/dialplan/') && t.includes('name="conference-605"'),
  );

  it('writes one profile per room with the tenant audio settings and the room limits', () => {
    const p = profiles(files);
    expect([...p.keys()]).toEqual(['pbxc-abc-company-605', 'pbxc-abc-company-606']);
    const team = p.get('pbxc-abc-company-605')!;
    expect(team).toMatchObject({
      rate: '16000',
      'energy-level': '200',
      'comfort-noise': 'true',
      'max-members': '20',
      pin: '4321',
      'moderator-pin': '9876',
      'pin-retries': '3',
    });
    expect(team['auto-record']).toMatch(/^\$\$\{recordings_dir\}\/[^/]+\/conference\/605-/);
    expect(team['enter-sound']).toMatch(/^tone_stream:/);
    const open = p.get('pbxc-abc-company-606')!;
    expect(open.pin).toBeUndefined();
    expect(open['moderator-pin']).toBeUndefined();
    expect(open['max-members']).toBe('50');
    expect(open['auto-record']).toBeUndefined();
  });

  it('answers the room number in the tenant context and never puts a PIN in the dialplan', () => {
    expect(abcContext).toBeDefined();
    const [, text] = abcContext!;
    const ext = all(parse(text), 'extension').find((e: Xml) => e.name === 'conference-605');
    const apps = all(ext, 'action').map((a: Xml) => `${a.application} ${a.data ?? ''}`.trim());
    expect(apps).toEqual([
      'answer',
      'conference 605-abc-company@pbxc-abc-company-605',
      'hangup NORMAL_CLEARING',
    ]);
    for (const [path, t] of files)
      if (path.startsWith('freeswitch/dialplan/')) expect(t).not.toContain('9876');
  });

  it('defines the caller-controls group every profile names (FreeSWITCH has no built-in one)', () => {
    const root = parse(files.get(CONF)!);
    const groups = all(root, 'group');
    const named = new Set([...profiles(files).values()].map((p) => p['caller-controls']));
    expect([...named]).toEqual(['default']);
    expect(groups.map((g: Xml) => g.name)).toEqual(['default']);
    const keys = Object.fromEntries(all(groups[0], 'control').map((c: Xml) => [c.digits, c.action]));
    expect(keys).toMatchObject({ '#': 'hangup', '0': 'mute', '*': 'deaf mute' });
    expect(Object.keys(keys)).toHaveLength(12);
  });

  it('loads mod_conference, with its file, only when a tenant has a room', () => {
    expect(files.get(MODULES)).toContain('mod_conference');
    const bare = emitFs(withoutRooms(model));
    expect(bare.get(MODULES)).not.toContain('mod_conference');
    expect(bare.has(CONF)).toBe(false);
  });
});
