import { describe, expect, it } from 'vitest';
import { nodeLeases } from '../../src/ha/lease-status.js';

describe('each node role and lease, for pbxc status', () => {
  const nodes = ['pbx-1', 'pbx-2'];
  it.each([
    [
      'a live lease',
      { holder: 'pbx-2', epoch: 7, expiresInMs: 4200, changedAgoMs: 0 },
      [
        { node: 'pbx-1', role: 'standby' },
        { node: 'pbx-2', role: 'active', lease: 'epoch 7, 4.2 s left' },
      ],
    ],
    [
      'an expired lease: nobody is active',
      { holder: 'pbx-1', epoch: 3, expiresInMs: -3000, changedAgoMs: 0 },
      [
        { node: 'pbx-1', role: 'standby', lease: 'epoch 3 expired 3.0 s ago' },
        { node: 'pbx-2', role: 'standby' },
      ],
    ],
    [
      'a free lease',
      { holder: null, epoch: 3, expiresInMs: 0, changedAgoMs: 0 },
      [
        { node: 'pbx-1', role: 'standby' },
        { node: 'pbx-2', role: 'standby' },
      ],
    ],
  ] as const)('%s', (_name, row, expected) => {
    expect(nodeLeases(nodes, row)).toEqual(expected);
  });

  it('says unknown when the database cannot be read', () => {
    expect(nodeLeases(nodes, undefined).map((n) => n.role)).toEqual(['unknown', 'unknown']);
  });
});
