import { describe, expect, it } from 'vitest';
import type { HaConfig } from '../../src/ha/config.js';
import {
  addAddressArgs,
  defaultRouteDevice,
  hasAddress,
  ownAddress,
  peersArgs,
} from '../../src/ha/node-network.js';

const config = (node: string, count = 3): HaConfig => ({
  node,
  region: 'eu-central-1',
  allocationId: 'eipalloc-0123456789abcdef0',
  nodes: [
    { name: 'pbx-1', ip: '10.80.0.11' },
    { name: 'pbx-2', ip: '10.80.1.12' },
    { name: 'pbx-3', ip: '10.80.2.13' },
  ].slice(0, count),
  sipPort: 5060,
});

describe('the node network an HA watcher prepares', () => {
  it('finds the default route device in ip route output', () => {
    expect(defaultRouteDevice('default via 10.80.0.1 dev ens5 proto dhcp src 10.80.0.10 metric 100\n')).toBe(
      'ens5',
    );
    expect(defaultRouteDevice('10.80.0.0/24 dev ens5 proto kernel scope link\n')).toBeUndefined();
    expect(defaultRouteDevice('')).toBeUndefined();
  });

  it('sees an address only when it is exactly on an interface', () => {
    const out = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: ens5    inet 10.80.0.10/24 metric 100 brd 10.80.0.255 scope global dynamic ens5',
      '2: ens5    inet 10.80.0.110/32 scope global ens5',
    ].join('\n');
    expect(hasAddress(out, '10.80.0.10')).toBe(true);
    expect(hasAddress(out, '10.80.0.110')).toBe(true);
    expect(hasAddress(out, '10.80.0.11')).toBe(false);
    expect(hasAddress(out, '10.80.0.1')).toBe(false);
  });

  it('adds the service-bind address as a host address on the device', () => {
    expect(addAddressArgs('10.80.0.11', 'ens5')).toEqual([
      '-4',
      'addr',
      'add',
      '10.80.0.11/32',
      'dev',
      'ens5',
    ]);
  });

  it('lets in every other node of the group, never itself, and nothing for a group of one', () => {
    expect(ownAddress(config('pbx-2'))).toBe('10.80.1.12');
    expect(peersArgs(config('pbx-2'))).toEqual([
      'add',
      'element',
      'inet',
      'pbxc',
      'ha-peers-v4',
      '{ 10.80.0.11, 10.80.2.13 }',
    ]);
    expect(peersArgs(config('pbx-1', 1))).toBeUndefined();
  });
});
