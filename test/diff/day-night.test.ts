import { describe, expect, it } from 'vitest';
import { dayNightRisks } from '../../src/diff/day-night.js';
import { Collector } from '../../src/diff/tenant.js';
import type { TenantModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';

const withCode = (t: TenantModel, code: string | undefined): TenantModel => ({
  ...t,
  schedules: t.schedules.map((s) => {
    const { overrideCode: _, ...rest } = s;
    return s.id === 'office-hours' ? { ...rest, ...(code === undefined ? {} : { overrideCode: code }) } : s;
  }),
});

describe('diff risk day-night-override-changed', async () => {
  const xynap = (await exampleModel()).tenants.find((t) => t.id === 'xynap')!;

  const cases: [string, string | undefined, string | undefined, string[]][] = [
    [
      'removed',
      '*31',
      undefined,
      [
        "schedule office-hours: day/night override *31 removed: a state forced on the node (open or closed) stops applying, so its DIDs follow the schedule's times again",
      ],
    ],
    [
      'added',
      undefined,
      '*33',
      [
        'schedule office-hours: day/night override *33 added: a state a node still holds from an earlier code of this schedule applies at once (dial *330 to return to automatic)',
      ],
    ],
    ['changed (the state is kept per schedule)', '*31', '*33', []],
    ['unchanged', '*31', '*31', []],
    ['never had one', undefined, undefined, []],
  ];
  it.each(cases)('%s', (_n, before, after, expected) => {
    const c = new Collector('xynap');
    dayNightRisks(c, withCode(xynap, before), withCode(xynap, after));
    expect(c.risks.map((r) => r.kind).every((k) => k === 'day-night-override-changed')).toBe(true);
    expect(c.risks.map((r) => r.message)).toEqual(expected);
  });
});
