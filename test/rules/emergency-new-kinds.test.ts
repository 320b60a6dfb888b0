import { describe, expect, it } from 'vitest';
import { brief, checkMutated, type Mutation } from './mutate.js';

const A = 'tenants/abc-company.yaml';

/** abc-company's plan widened so 911/91/9110 are numbers of the tenant (the plan is not what is tested). */
const PLAN: Mutation = {
  file: A,
  from: '  - { range: "600-609", use: groups }',
  to: '  - { range: "600-609", use: groups }\n  - { range: "900-919", use: groups }\n  - { range: "91-91", use: groups }\n  - { range: "9110-9119", use: groups }',
};

/** [what, mutation, the kind named in PBX3110, the number, how]. */
const CASES: [string, Mutation, string, string, string][] = [
  [
    'a conference room equal to 911',
    { file: A, from: 'number: "605"', to: 'number: "911"' },
    'conference room',
    '911',
    'is the',
  ],
  [
    'a queue that is the start of 911',
    { file: A, from: 'number: "607"', to: 'number: "91"' },
    'queue',
    '91',
    'is the start of the',
  ],
  [
    'a paging group that starts with 911',
    { file: A, from: 'number: "190"', to: 'number: "9110"' },
    'paging group',
    '9110',
    'starts with the',
  ],
];

describe('emergency numbers against conference rooms, queues and paging groups (PBX3110)', () => {
  it.each(CASES)('%s', async (_what, m, kind, number, how) => {
    const got = (await checkMutated(PLAN, m)).filter((d) => d.code === 'PBX3110').map(brief);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`${kind} "${number}" of tenant abc-company ${how} emergency number 911`);
  });
});
