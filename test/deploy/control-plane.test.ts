import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsSettings } from '../../src/deploy/publish/aws-settings.js';
import { ssmStore } from '../../src/deploy/publish/aws-stores.js';
import { historyName } from '../../src/deploy/publish/control-plane.js';
import { agentStore } from '../../src/deploy/publish/node-report.js';
import {
  decidePublish,
  decideRollback,
  latest,
  type PublishedPointer,
  parsePublishedPointer,
  publishedPointerJson,
} from '../../src/deploy/publish/pointer.js';
import { recordPointer } from '../../src/deploy/publish/record-pointer.js';
import { formatStatusReport, statusReport } from '../../src/deploy/status-report.js';
import { type LocalAws, startLocalAws } from './local-aws.js';

const v = (c: string) => c.repeat(12);
const ptr = (c: string, sequence: number, extra: Partial<PublishedPointer> = {}): PublishedPointer => ({
  version: v(c),
  key: `bundles/${c.repeat(64)}.tar.gz`,
  sha256: c.repeat(64),
  sequence,
  ...extra,
});
const meta = {
  publishedAt: '2026-12-06T05:00:00.000Z',
  publishedBy: 'ci',
  pbxc: '0.1.0',
  commit: 'f'.repeat(40),
};

describe('decidePublish', () => {
  const a = ptr('a', 1, { commit: 'c'.repeat(40) });
  const b = ptr('b', 2, { previous: v('a'), commit: 'd'.repeat(40) });
  const published = { pointer: b, history: [a, b] };
  const next = (c: string) => ({
    version: v(c),
    key: `bundles/${c.repeat(64)}.tar.gz`,
    sha256: c.repeat(64),
  });

  it.each([
    ['a new version from a newer checkout', 'e', 'ancestor', false, 'write'],
    ['the live version again', 'b', 'same', false, 'unchanged'],
    ['a version published before and replaced', 'a', 'ancestor', false, 'refuse'],
    ['the same, asked for', 'a', 'ancestor', true, 'write'],
    ['a checkout without the published commit', 'e', 'not-ancestor', false, 'refuse'],
    ['the same, asked for', 'e', 'not-ancestor', true, 'write'],
    ['a shallow clone (cannot tell): warn', 'e', 'unknown', false, 'write'],
  ] as const)('%s (%s, %s, allowOlder %s) → %s', (_what, c, ancestry, allowOlder, action) => {
    const d = decidePublish({ published, next: next(c), provenance: meta, allowOlder, ancestry });
    expect(d.action).toBe(action);
    if (d.action === 'write') {
      expect(d.pointer).toMatchObject({
        sequence: 3,
        previous: v('b'),
        publishedBy: 'ci',
        commit: meta.commit,
      });
      if (ancestry === 'unknown') expect(d.warnings[0]).toContain('cannot tell');
    }
  });

  it('starts at sequence 1 on an empty environment', () => {
    const d = decidePublish({
      published: { history: [] },
      next: next('a'),
      provenance: meta,
      allowOlder: false,
      ancestry: 'unknown',
    });
    expect(d).toMatchObject({ action: 'write', pointer: { sequence: 1 } });
    expect(d.action === 'write' && 'previous' in d.pointer).toBe(false);
  });

  it('a history entry newer than the pointer (a publish killed in between) is the state to build on', () => {
    const c = ptr('c', 3, { previous: v('b') });
    const torn = { pointer: b, history: [a, b, c] };
    expect(latest(torn)).toBe(c);
    expect(
      decidePublish({
        published: torn,
        next: next('c'),
        provenance: meta,
        allowOlder: false,
        ancestry: 'same',
      }),
    ).toMatchObject({
      action: 'unchanged',
      repair: true,
    });
    expect(
      decidePublish({
        published: torn,
        next: next('e'),
        provenance: meta,
        allowOlder: false,
        ancestry: 'ancestor',
      }),
    ).toMatchObject({
      action: 'write',
      pointer: { sequence: 4, previous: v('c') },
    });
  });
});

describe('decideRollback', () => {
  const a = ptr('a', 1);
  const b = ptr('b', 2, { previous: v('a') });
  it.each([
    [undefined, 'write', v('a')],
    ['aaaa', 'write', v('a')],
    ['bbbb', 'refuse', 'already the published version'],
    ['cccc', 'refuse', 'not in the published history'],
    ['zz', 'refuse', 'not a version'],
  ] as const)('--to %s → %s', (to, action, what) => {
    const d = decideRollback({
      published: { pointer: b, history: [a, b] },
      ...(to ? { to } : {}),
      provenance: meta,
    });
    expect(d.action).toBe(action);
    if (d.action === 'write')
      expect(d.pointer).toMatchObject({ version: what, sequence: 3, previous: v('b'), rollback: true });
    else expect(d.reason).toContain(what);
  });
  it('refuses when nothing was replaced', () => {
    expect(decideRollback({ published: { pointer: a, history: [a] }, provenance: meta })).toMatchObject({
      action: 'refuse',
    });
    expect(decideRollback({ published: { history: [] }, provenance: meta })).toMatchObject({
      action: 'refuse',
    });
  });
});

describe('pointer records', () => {
  it('round-trip with a fixed key order (version, key, sha256 first); junk provenance is dropped', () => {
    const p = ptr('a', 7, { previous: v('b'), ...meta, rollback: true });
    expect(parsePublishedPointer(publishedPointerJson(p))).toEqual(p);
    expect(publishedPointerJson(p).startsWith(`{"version":"${v('a')}","key":`)).toBe(true);
    const bad = JSON.stringify({ ...p, publishedBy: 'x\n$(rm -rf /)', commit: 'not-a-commit', sequence: -1 });
    const parsed = parsePublishedPointer(bad)!;
    expect(parsed.publishedBy).toBeUndefined();
    expect(parsed.commit).toBeUndefined();
    expect(parsed.sequence).toBeUndefined();
  });
});

describe('statusReport', () => {
  const now = new Date('2026-12-06T05:00:00.000Z');
  const published = ptr('a', 2, { commit: 'c'.repeat(40), publishedAt: '2026-12-06T04:00:00.000Z' });
  const state = (node: string, active: string, secondsAgo: number, extra = {}) => ({
    node,
    active,
    condition: 'Ready' as const,
    reason: 'UpToDate',
    message: '',
    attemptedAt: new Date(now.getTime() - secondsAgo * 1000).toISOString(),
    ...extra,
  });
  const report = (states: ReturnType<typeof state>[], overrides = new Map()) =>
    statusReport({
      published,
      history: [published],
      expected: ['pbx-1', 'pbx-2'],
      states,
      overrides,
      now,
      maxAgeSeconds: 600,
      single: false,
    });

  it.each([
    ['both current', [state('pbx-1', v('a'), 30), state('pbx-2', v('a'), 40)], true, [[], []]],
    ['one never reported', [state('pbx-1', v('a'), 30)], false, [[], ['never-reported']]],
    ['one stale', [state('pbx-1', v('a'), 30), state('pbx-2', v('a'), 3600)], false, [[], ['stale']]],
    ['one behind', [state('pbx-1', v('a'), 30), state('pbx-2', v('b'), 30)], false, [[], ['behind']]],
  ] as const)('%s → ok %s', (_w, states, ok, problems) => {
    const r = report([...states]);
    expect(r.ok).toBe(ok);
    expect(r.nodes.map((n) => n.problems)).toEqual(problems);
  });

  it('shows role, commit and time of what a node runs; a paused node may be behind, a pinned one runs its pin', () => {
    const r = report(
      [
        state('pbx-1', v('a'), 30, { report: { role: 'active' } }),
        state('pbx-2', v('b'), 30, { report: { role: 'standby' } }),
      ],
      new Map([['pbx-2', { paused: true }]]),
    );
    expect(r.ok).toBe(true);
    expect(r.nodes[0]).toMatchObject({
      role: 'active',
      commit: 'c'.repeat(40),
      publishedAt: '2026-12-06T04:00:00.000Z',
    });
    expect(r.nodes[1]).toMatchObject({ role: 'standby', override: 'paused' });
    const pinned = report(
      [state('pbx-1', v('a'), 30), state('pbx-2', v('b'), 30)],
      new Map([['pbx-2', { pin: ptr('b', 1) }]]),
    );
    expect(pinned.ok).toBe(true);
  });

  it("shows which names a node's certificate covers and warns about each that falls back", () => {
    const tlsNames = [
      { name: 'sip.voice.example.net', covered: true },
      { name: 'pbx.customer.example', covered: false, why: 'outside the zone voice.example.net: …' },
    ];
    const r = report([state('pbx-1', v('a'), 30, { report: { tlsNames } }), state('pbx-2', v('a'), 30)]);
    expect(r.ok).toBe(true);
    expect(r.nodes[0]).toMatchObject({
      certificateCovers: ['sip.voice.example.net'],
      warnings: ['certificate does not cover pbx.customer.example: outside the zone voice.example.net: …'],
    });
    const text = formatStatusReport(r).join('\n');
    expect(text).toContain('    certificate covers: sip.voice.example.net');
    expect(text).toContain('    warning: certificate does not cover pbx.customer.example: outside the zone');
  });
});

describe('agent store: a pinned node reads its pin as the pointer', () => {
  it('returns the pinned pointer and adds the extras to status writes', async () => {
    const written: [string, string][] = [];
    const base = {
      get: async () => '{"version":"x"}',
      put: async (n: string, val: string) => {
        written.push([n, val]);
      },
      create: async () => true,
      list: async () => new Map<string, string>(),
    };
    const pin = { version: v('b'), key: 'bundles/b.tar.gz', sha256: 'b'.repeat(64) };
    const c = {
      node: 'pbx-1',
      bundleParameter: '/p/bundle',
      statusParameter: '/p/status/pbx-1',
      stateDir: '/x',
      tlsDir: '/x',
      freeswitchRuns: 'always' as const,
    };
    const s = agentStore(c, base, { pin }, () => ({ role: 'single', pinned: pin.version }));
    expect(JSON.parse((await s.get('/p/bundle'))!)).toEqual(pin);
    expect(await s.get('/p/other')).toBe('{"version":"x"}');
    await s.put(
      '/p/status/pbx-1',
      JSON.stringify({
        node: 'pbx-1',
        condition: 'Ready',
        reason: 'UpToDate',
        message: '',
        attemptedAt: 't',
      }),
    );
    expect(JSON.parse(written[0]![1]).report).toEqual({ role: 'single', pinned: pin.version });
  });
});

describe('conditional pointer write against the SSM endpoint', () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startLocalAws([]);
  });
  afterAll(() => aws?.close());

  it('of two concurrent claims of one sequence exactly one wins', async () => {
    const plane = {
      store: 'ssm' as const,
      bucket: 'b',
      region: 'eu-central-1',
      pointer: '/pbxc/p/e/bundle',
      historyPrefix: '/pbxc/p/e/history',
      statusPrefix: '/pbxc/p/e/status',
      overridePrefix: '/pbxc/p/e/nodes',
    };
    const store = await ssmStore(awsSettings(aws.env, 'eu-central-1'));
    const results = await Promise.all([
      recordPointer(plane, store, ptr('a', 1)),
      recordPointer(plane, store, ptr('b', 1)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? v('a') : v('b');
    expect(JSON.parse((await store.get(plane.pointer))!).version).toBe(winner);
    expect(JSON.parse((await store.get(historyName(plane, 1)))!).version).toBe(winner);
  });
});
