import { describe, expect, it } from 'vitest';
import { HaConfigError, haConfig } from '../../src/ha/config.js';
import { nodeUserData } from '../../stacks/user-data.js';

const userData = nodeUserData({
  platform: 'voice-example',
  environment: 'production',
  region: 'eu-central-1',
  node: 'pbx-2',
  serviceIpv4: '198.51.100.7',
  nodeIpv4: '198.51.100.8',
  sipBindIpv4: '10.80.1.102',
  ha: {
    allocationId: 'eipalloc-0123456789abcdef0',
    nodes: [
      { name: 'pbx-1', ip: '10.80.0.101' },
      { name: 'pbx-2', ip: '10.80.1.102' },
    ],
    sipPort: 5060,
    storage: 'fs-1.efs.eu-central-1.amazonaws.com',
  },
});
/** The node.env the user data writes, cut out of the script. */
const nodeEnv = userData.split("<<'PBXC_EOF'\n")[1]!.split('PBXC_EOF')[0]!;

describe('haConfig', () => {
  it('reads what the stack user data writes', () => {
    expect(haConfig(nodeEnv)).toEqual({
      node: 'pbx-2',
      region: 'eu-central-1',
      allocationId: 'eipalloc-0123456789abcdef0',
      nodes: [
        { name: 'pbx-1', ip: '10.80.0.101' },
        { name: 'pbx-2', ip: '10.80.1.102' },
      ],
      sipPort: 5060,
    });
  });

  it.each([
    [
      'not an HA node',
      (t: string) => t.replace('PBXC_HA=active-standby\n', ''),
      'not part of an active/standby group',
    ],
    [
      'no allocation',
      (t: string) => t.replace(/PBXC_SERVICE_ALLOCATION_ID=.*\n/, ''),
      'PBXC_SERVICE_ALLOCATION_ID is missing',
    ],
    ['bad peer', (t: string) => t.replace('pbx-1=10.80.0.101', 'pbx-1=evil;rm'), 'is not pbx-<n>=<IPv4>'],
    [
      'self not listed',
      (t: string) => t.replace('PBXC_NODE=pbx-2', 'PBXC_NODE=pbx-9'),
      'pbx-9 is not in PBXC_HA_NODES',
    ],
  ])('refuses %s', (_, edit, message) => {
    expect(() => haConfig(edit(nodeEnv))).toThrow(HaConfigError);
    expect(() => haConfig(edit(nodeEnv))).toThrow(message);
  });
});
