import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { rulesetOf } from './emit.js';
import { nftCheck, nftUnavailable } from './nft.js';

let model: Model;
beforeAll(async () => {
  model = await exampleModel();
});

const tftp = (ruleset: string) =>
  ruleset
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('udp dport 69 '));
const withAllow = (m: Model, tftpAllow: string[]): Model => ({
  ...m,
  platform: { ...m.platform, provisioning: { ...m.platform.provisioning, tftpAllow } },
});

const unavailable = nftUnavailable();
if (unavailable) console.warn(`SKIPPED: nft -c on the TFTP rules, because ${unavailable}`);

describe('nftables: TFTP for Cisco 79x0', () => {
  it('opens UDP 69 only from provisioning.tftp.allow', () => {
    expect(tftp(rulesetOf(model))).toEqual(['ip saddr @wl-office-v4 udp dport 69 accept']);
    expect(tftp(rulesetOf(withAllow(model, ['office', 'twilio-signalling'])))).toEqual([
      'ip saddr @wl-office-v4 udp dport 69 accept',
      'ip saddr @wl-twilio-signalling-v4 udp dport 69 accept',
      'ip6 saddr @wl-twilio-signalling-v6 udp dport 69 accept',
    ]);
  });

  it('opens it to all without an allow-list, and not at all without such phones', () => {
    expect(tftp(rulesetOf(withAllow(model, [])))).toEqual(['udp dport 69 accept']);
    const none: Model = {
      ...model,
      tenants: model.tenants.map((t) => ({ ...t, devices: t.devices.filter((d) => d.vendor !== 'cisco') })),
    };
    expect(tftp(rulesetOf(none))).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('the ruleset with TFTP rules passes nft -c', () => {
    for (const m of [model, withAllow(model, []), withAllow(model, ['office', 'twilio-signalling'])]) {
      const r = nftCheck(rulesetOf(m));
      expect(r.status, r.stderr).toBe(0);
    }
  });
});
