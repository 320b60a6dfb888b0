import type { HaConfig } from '../../src/ha/config.js';

/** A two-node group's HaConfig as node `node` sees it (the addresses of the stack tests). */
export function twoNodeConfig(node: 'pbx-1' | 'pbx-2'): HaConfig {
  return {
    node,
    region: 'eu-central-1',
    allocationId: 'eipalloc-0123456789abcdef0',
    nodes: [
      { name: 'pbx-1', ip: '10.80.0.101' },
      { name: 'pbx-2', ip: '10.80.1.102' },
    ],
    sipPort: 5060,
  };
}
