import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const A = 'tenants/abc-company.yaml';
const SUPPORT_AGENTS = 'agents: [{ extension: "102" }, { extension: "103", level: 2 }]';
const edit = (from: string, to: string): Mutation => ({ file: A, from, to });

/** [what, mutations, the diagnostics expected as "file:line CODE message"]. */
const CASES: [string, Mutation[], string[]][] = [
  [
    'an agent that is no extension of the tenant',
    [edit(SUPPORT_AGENTS, 'agents: [{ extension: "102" }, { extension: "105" }]')],
    ['tenants/abc-company.yaml:80 PBX3600 queue 607 agent "105" is not an extension of tenant abc-company'],
  ],
  [
    'an agent listed twice',
    [edit(SUPPORT_AGENTS, 'agents: [{ extension: "102" }, { extension: "102", level: 2 }]')],
    [
      'tenants/abc-company.yaml:80 PBX3601 queue 607 of tenant abc-company lists agent "102" twice (first at 80:27)',
    ],
  ],
  [
    'an exit back into the same queue',
    [edit('on_timeout: { ring_group: "600" }', 'on_timeout: { queue: "607" }')],
    [
      'tenants/abc-company.yaml:85 PBX3602 queue 607 of tenant abc-company: on_timeout sends callers back into the same queue',
    ],
  ],
  [
    'a queue number on the ring group 600',
    [edit('  - number: "607"', '  - number: "600"')],
    [
      'tenants/abc-company.yaml:77 PBX3002 queue "600" of tenant abc-company is already used by ring group 600 (at 24:15)',
    ],
  ],
  [
    'a queue number outside the number plan',
    [edit('  - number: "607"', '  - number: "650"')],
    [
      'tenants/abc-company.yaml:77 PBX3001 queue number "650" is not in a number plan entry for groups/extensions of tenant abc-company',
    ],
  ],
  [
    'a DID to a queue that does not exist',
    [edit('to: { ring_group: "600" } }', 'to: { queue: "609" } }')],
    [
      'tenants/abc-company.yaml:35 PBX3010 DID +12125550100 to: queue "609" is not a queue of tenant abc-company',
    ],
  ],
  [
    'a DID, an IVR-style fallback and a forward to a queue are fine',
    [
      edit('to: { ring_group: "600" } }', 'to: { queue: "607" } }'),
      edit('on_no_answer: { voicemail: "101" } }', 'on_no_answer: { queue: "608" } }'),
    ],
    [],
  ],
  [
    'a loop: queue 607 exits to ring group 600, which falls back to queue 607',
    [edit('on_no_answer: { voicemail: "101" } }', 'on_no_answer: { queue: "607" } }')],
    [
      'tenants/abc-company.yaml:24 PBX3014 ring group 600 of tenant abc-company leads back to itself: ring group 600 → queue 607 → ring group 600',
    ],
  ],
  [
    'on_timeout that can never be used',
    [edit('    max_callers: 5\n    no_agent_timeout: 10\n', '')],
    [
      'tenants/abc-company.yaml:92 PBX3603 queue 608 of tenant abc-company: on_timeout is never used (no max_wait, no_agent_timeout or max_callers)',
    ],
  ],
  [
    'callers who leave are hung up without on_timeout',
    [edit('    on_timeout: { voicemail: "101" }\n', '')],
    [
      'tenants/abc-company.yaml:87 PBX3604 queue 608 of tenant abc-company: callers who leave it (no_agent_timeout 10 s, max_callers 5) are hung up; give it on_timeout',
    ],
  ],
  [
    'an agent rings as long as the whole wait',
    [edit('agent_timeout: 15', 'agent_timeout: 20')],
    [
      'tenants/abc-company.yaml:83 PBX3605 queue 607 of tenant abc-company: agent_timeout 20 s is not below max_wait 20 s, so a caller leaves while the first agent still rings',
    ],
  ],
  [
    'an agent feature code on the voicemail code',
    [edit('  park: "*6000"', '  queue_break: "*97"')],
    [
      'tenants/abc-company.yaml:43 PBX3004 feature code queue_break "*97" of tenant abc-company collides with feature code voicemail "*97" (at spec/platform.yaml:15:14)',
    ],
  ],
  [
    'an unknown strategy',
    [edit('strategy: ring-all', 'strategy: fifo')],
    [
      'tenants/abc-company.yaml:89 PBX2004 queues[1].strategy "fifo" must be one of ring-all, longest-idle-agent, round-robin, top-down, agent-with-least-talk-time, agent-with-fewest-calls, random, sequentially-by-agent-order',
    ],
  ],
];

describe('rules: call queues', () => {
  for (const [what, mutations, expected] of CASES)
    it(what, async () => {
      expect((await checkMutated(...mutations)).map(brief)).toEqual(expected);
    });
});
