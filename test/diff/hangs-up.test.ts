import { describe, expect, it } from 'vitest';
import { endsCall, hangupRisks } from '../../src/diff/hangs-up.js';
import { Collector } from '../../src/diff/tenant.js';
import type { Destination, TenantModel } from '../../src/model/types.js';
import { exampleModel } from '../helpers/example.js';

const hangup: Destination = { type: 'hangup', cause: 'NORMAL_CLEARING' };
const busy: Destination = { type: 'hangup', cause: 'USER_BUSY' };
const announce = (next: Destination): Destination => ({ type: 'announcement', media: 'closed', next });
const voicemail: Destination = { type: 'voicemail', box: '101' };
const group: Destination = { type: 'ring_group', number: '600' };

type Edit = (t: TenantModel) => TenantModel;

function risks(base: TenantModel, before: Edit, after: Edit): string[] {
  const c = new Collector(base.id);
  hangupRisks(c, before(base), after(base));
  expect(c.risks.every((r) => r.kind === 'calls-now-hang-up')).toBe(true);
  return c.risks.map((r) => r.message);
}

const same: Edit = (t) => t;
const didTo =
  (to: Destination): Edit =>
  (t) => ({ ...t, dids: t.dids.map((d, i) => (i === 0 ? { ...d, to } : d)) });
const didClosed =
  (closed: Destination): Edit =>
  (t) => ({ ...t, dids: t.dids.map((d, i) => (i === 0 ? { ...d, schedule: 'office-hours', closed } : d)) });
const ivrOption =
  (to: Destination): Edit =>
  (t) => ({
    ...t,
    ivrMenus: t.ivrMenus.map((m, i) =>
      i === 0 ? { ...m, options: m.options.map((o, j) => (j === 0 ? { ...o, to } : o)) } : m,
    ),
  });
const queueExit =
  (onTimeout: Destination | undefined): Edit =>
  (t) => ({ ...t, queues: t.queues.map((q, i) => (i === 0 ? { ...q, onTimeout } : q)) });
const forwardAlways =
  (always: Destination | undefined): Edit =>
  (t) => ({
    ...t,
    extensions: t.extensions.map((e, i) => (i === 0 ? { ...e, forward: { ...e.forward, always } } : e)),
  });
const alias =
  (number: string, to: Destination): Edit =>
  (t) => ({
    ...t,
    aliases: [...t.aliases.filter((a) => a.number !== number), { ...t.aliases[0]!, number, to }],
  });

describe('diff risk calls-now-hang-up', async () => {
  const model = await exampleModel();
  // abc-company has DIDs, queues and forwards; its IVR menus come from the tenant that has some.
  const example = model.tenants.find((t) => t.id === 'abc-company')!;
  const abc = { ...example, ivrMenus: model.tenants.find((t) => t.ivrMenus.length > 0)!.ivrMenus };
  const did = abc.dids[0]!.number;
  const ivr = abc.ivrMenus[0]!;
  const q = abc.queues[0]!;
  const ext = abc.extensions[0]!.number;

  const cases: [string, Edit, Edit, string[]][] = [
    [
      'a DID that rang a group now hangs up',
      didTo(group),
      didTo(hangup),
      [`DID ${did}: calls now end without reaching anyone: hang up (NORMAL_CLEARING) (was ring group 600)`],
    ],
    [
      'a DID that rang a group now plays an announcement, then hangs up',
      didTo(group),
      didTo(announce(hangup)),
      [
        `DID ${did}: calls now end without reaching anyone: announcement closed, then hang up (NORMAL_CLEARING) (was ring group 600)`,
      ],
    ],
    ['an announcement that then goes to voicemail is no risk', didTo(group), didTo(announce(voicemail)), []],
    ['one hang-up cause for another is no risk', didTo(busy), didTo(hangup), []],
    ['an unchanged hang-up is no risk', didTo(hangup), didTo(hangup), []],
    [
      'a DID that now dials an alias whose destination hangs up',
      (t) => alias('198', group)(didTo(group)(t)),
      (t) => alias('198', announce(hangup))(didTo({ type: 'extension', number: '198' })(t)),
      [
        `DID ${did}: calls now end without reaching anyone: extension 198 (was ring group 600)`,
        'alias 198: calls now end without reaching anyone: announcement closed, then hang up (NORMAL_CLEARING) (was ring group 600)',
      ],
    ],
    [
      'the closed destination of a scheduled DID (voicemail → hang-up)',
      didClosed(voicemail),
      didClosed(hangup),
      [
        `DID ${did} when closed: calls now end without reaching anyone: hang up (NORMAL_CLEARING) (was voicemail 101)`,
      ],
    ],
    [
      'an IVR option',
      ivrOption(voicemail),
      ivrOption(busy),
      [
        `IVR ${ivr.id} option ${ivr.options[0]!.digit}: calls now end without reaching anyone: hang up (USER_BUSY) (was voicemail 101)`,
      ],
    ],
    [
      "a queue's exit",
      queueExit(group),
      queueExit(announce(hangup)),
      [
        `queue ${q.number} exit: calls now end without reaching anyone: announcement closed, then hang up (NORMAL_CLEARING) (was ring group 600)`,
      ],
    ],
    [
      'a queue exit that had none (the call ended) now hangs up: no risk',
      queueExit(undefined),
      queueExit(hangup),
      [],
    ],
    [
      'an extension without a forward now forwards everything to a hang-up',
      forwardAlways(undefined),
      forwardAlways(hangup),
      [
        `extension ${ext} forward always: calls now end without reaching anyone: hang up (NORMAL_CLEARING) (was no forward: the extension rang)`,
      ],
    ],
    [
      'a new DID that hangs up used to reach no one: no risk',
      same,
      (t) => ({ ...t, dids: [...t.dids, { ...t.dids[0]!, number: '+4930999999', to: hangup }] }),
      [],
    ],
  ];

  it.each(cases)('%s', (_name, before, after, expected) => {
    expect(risks(abc, before, after)).toEqual(expected);
  });

  it('endsCall follows announcements and aliases, and stops at an alias loop', () => {
    const t = alias('198', { type: 'extension', number: '198' })(abc);
    expect(endsCall({ type: 'extension', number: '198' }, t)).toBe(false);
    expect(endsCall(announce(announce(busy)), abc)).toBe(true);
    expect(endsCall(announce(group), abc)).toBe(false);
    expect(endsCall(undefined, abc)).toBe(false);
  });
});
