import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinType } from '../../src/import/fusionpbx/map/devices.js';
import { GOLDEN } from './helpers/fixture.js';

/**
 * IMPORT-REPORT.md must not contradict itself or the spec it comes with: checked on every golden
 * import (which postgres.test.ts proves is what the importer writes today).
 */

interface Row {
  readonly section: string;
  readonly tenant: string;
  readonly object: string;
  readonly why: string;
}

function rows(report: string): Row[] {
  const out: Row[] = [];
  let section = '';
  for (const line of report.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3);
    else if (
      section &&
      line.startsWith('| ') &&
      !line.startsWith('| tenant |') &&
      !line.startsWith('| --- ')
    ) {
      const cells = line.slice(2, -2).split(/(?<!\\) \| /);
      out.push({ section, tenant: cells[0] ?? '', object: cells[1] ?? '', why: cells[2] ?? '' });
    }
  }
  return out;
}

const SPEC_KEYS: Record<string, string> = {
  extensions: 'extensions',
  'ring groups': 'ring_groups',
  'IVR menus': 'ivr_menus',
  schedules: 'schedules',
  trunks: 'trunks',
  DIDs: 'dids',
  'outbound routes': 'outbound_routes',
  'call filters': 'call_filters',
  devices: 'devices',
};

const cases = readdirSync(GOLDEN).sort();

describe.each(cases)('the import report of case %s', (name) => {
  const dir = join(GOLDEN, name);
  const report = readFileSync(join(dir, 'IMPORT-REPORT.md'), 'utf8');
  const items = rows(report);
  const tenants = new Map<string, Record<string, unknown>>(
    readdirSync(join(dir, 'tenants')).map((f) => {
      const t = parse(readFileSync(join(dir, 'tenants', f), 'utf8')) as Record<string, unknown>;
      return [String(t.tenant), t];
    }),
  );

  it('counts what its tables list', () => {
    const m = /(\d+) need a decision, (\d+) skipped, (\d+) carried over with a change\./.exec(report);
    expect(m).not.toBeNull();
    const count = (s: string) => items.filter((i) => i.section.startsWith(s)).length;
    expect([Number(m![1]), Number(m![2]), Number(m![3])]).toEqual([
      count('Needs a decision'),
      count('Skipped'),
      count('Carried over'),
    ]);
  });

  it('says it imported exactly what the spec holds', () => {
    for (const line of (report.split('\n## ')[0] ?? '')
      .split('\n')
      .filter((l) => /^\| [a-z0-9-]+ \| [^|]+ \| .* \|$/.test(l))) {
      const [id, , imported] = line.slice(2, -2).split(' | ');
      const t = tenants.get(id!);
      if (!t) continue;
      for (const [labelText, key] of Object.entries(SPEC_KEYS)) {
        const n = new RegExp(`(\\d+) ${labelText}(,|$)`).exec(imported ?? '')?.[1];
        expect(Number(n ?? 0), `${id} ${labelText}`).toBe(((t[key] as unknown[]) ?? []).length);
      }
    }
  });

  it('never lists one object as both skipped and carried over', () => {
    const skipped = new Set(
      items.filter((i) => i.section.startsWith('Skipped')).map((i) => `${i.tenant} ${i.object}`),
    );
    const changed = items
      .filter((i) => i.section.startsWith('Carried over'))
      .map((i) => `${i.tenant} ${i.object}`);
    expect(changed.filter((c) => skipped.has(c))).toEqual([]);
  });

  it('calls a key unsupported only when its function is none pbxc writes, and a BLF key BLF only when it is one', () => {
    for (const i of items.filter((x) => / key [a-z0-9-]+ \d+ \(/.test(x.object))) {
      const mac = /^device ([0-9a-f]{12})/.exec(i.object)?.[1]?.toUpperCase().match(/../g)?.join(':');
      const value = / key [a-z0-9-]+ \d+ \(([^ )]+)/.exec(i.object)?.[1] ?? '';
      const devices = (tenants.get(i.tenant)?.devices ?? []) as { mac: string; vendor: string }[];
      const vendor = devices.find((d) => d.mac === mac)?.vendor;
      expect(vendor, `${i.object}: a key of a device that is not in the spec`).toBeDefined();
      const type = builtinType(vendor!, value);
      if (/is not a BLF, speed-dial or park key/.test(i.why))
        expect(['blf', 'speed_dial', 'park'], `${i.object}: ${i.why}`).not.toContain(type);
      if (/is a (Fanvil )?BLF key/.test(i.why)) expect(type, `${i.object}: ${i.why}`).toBe('blf');
      expect(i.why).not.toMatch(/pbxc keys are BLF, speed dial and park/);
    }
  });

  it('reports a skipped device that is not in the spec, and a carried-over one that is', () => {
    for (const i of items.filter(
      (x) => /^device [0-9a-f]{12}/.test(x.object) && !/ (key|line) /.test(x.object),
    )) {
      const mac = /^device ([0-9a-f]{12})/.exec(i.object)![1]!.toUpperCase().match(/../g)!.join(':');
      const inSpec = ((tenants.get(i.tenant)?.devices ?? []) as { mac: string }[]).some((d) => d.mac === mac);
      if (i.section.startsWith('Skipped')) expect(inSpec, i.object).toBe(false);
      if (i.section.startsWith('Carried over')) expect(inSpec, i.object).toBe(true);
    }
  });
});
