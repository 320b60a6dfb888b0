import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/index.js';
import { ingressRules } from '../../stacks/ingress-rules.js';
import { exampleModel } from '../helpers/example.js';

const tftp = (m: Model) =>
  ingressRules(m)
    .filter((r) => r.protocol === 'udp' && r.fromPort === 69)
    .map((r) => r.cidr)
    .sort();

describe('security group: TFTP for Cisco 79x0', async () => {
  const model = await exampleModel();
  const withAllow = (tftpAllow: string[]): Model => ({
    ...model,
    platform: { ...model.platform, provisioning: { ...model.platform.provisioning, tftpAllow } },
  });

  it('opens UDP 69 to provisioning.tftp.allow only, or to everyone without it (as nftables does)', () => {
    expect(tftp(model)).toEqual(['203.0.113.0/24']);
    expect(tftp(withAllow([]))).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('opens nothing without Cisco 79x0 phones', () => {
    const none: Model = {
      ...model,
      tenants: model.tenants.map((t) => ({ ...t, devices: t.devices.filter((d) => d.vendor !== 'cisco') })),
    };
    expect(tftp(none)).toEqual([]);
  });
});
