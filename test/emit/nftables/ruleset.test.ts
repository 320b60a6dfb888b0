import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/load-model.js';
import type { Model } from '../../../src/model/types.js';
import { exampleModel, ROOT } from '../../helpers/example.js';
import { rulesetOf } from './emit.js';
import { nftCheck, nftUnavailable } from './nft.js';
import { withFirewall } from './with-firewall.js';

async function whitelistModel(): Promise<Model> {
  const { model } = await loadModel(`${ROOT}test/fixtures/specs/security-whitelist`);
  if (!model) throw new Error('fixture security-whitelist is invalid');
  return model;
}

/** The rules of the input chain, one per line, without comments and blank lines. */
function inputRules(ruleset: string): string[] {
  const chain = ruleset.slice(ruleset.indexOf('chain input {'));
  return chain
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.endsWith('{') && l !== '}');
}

describe('nftables/pbx.nft', () => {
  it('replaces only its own table, atomically', async () => {
    const ruleset = rulesetOf(await exampleModel());
    const statements = ruleset.split('\n').filter((l) => /^(table|delete|flush)/.test(l));
    expect(statements).toEqual(['table inet pbxc {}', 'delete table inet pbxc', 'table inet pbxc {']);
  });

  it('drops by default and accepts loopback and established traffic, after the bans', async () => {
    const rules = inputRules(rulesetOf(await exampleModel()));
    expect(rules[0]).toBe('type filter hook input priority filter; policy drop;');
    const at = (rule: string) => rules.indexOf(rule);
    expect(at('iif "lo" accept')).toBe(1);
    expect(at('ct state invalid drop')).toBeGreaterThan(0);
    expect(at('ip saddr @ban-recidive-v4 drop')).toBeGreaterThan(at('ct state invalid drop'));
    expect(at('ct state established,related accept')).toBeGreaterThan(at('ip6 saddr @ban-recidive-v6 drop'));
  });

  it('opens SIP to all with sip_access open, and the trunk port to inbound_from only', async () => {
    const rules = inputRules(rulesetOf(await exampleModel()));
    expect(rules).toContain('udp dport 5060 accept');
    expect(rules).toContain('tcp dport { 5060, 5061, 7443 } accept');
    expect(rules.filter((r) => /dport (5080|\{ 5080, 5081 \}) accept/.test(r))).toEqual([
      'ip saddr @wl-telekom-trunk-v4 udp dport 5080 accept',
      'ip saddr @wl-telekom-trunk-v4 tcp dport { 5080, 5081 } accept',
      'ip saddr @wl-twilio-signalling-v4 udp dport 5080 accept',
      'ip saddr @wl-twilio-signalling-v4 tcp dport { 5080, 5081 } accept',
      'ip6 saddr @wl-twilio-signalling-v6 udp dport 5080 accept',
      'ip6 saddr @wl-twilio-signalling-v6 tcp dport { 5080, 5081 } accept',
    ]);
    expect(rules).toContain('udp dport 16384-32768 accept');
    expect(rules).toContain('tcp dport 443 accept');
    expect(rules.filter((r) => /dport 22 /.test(r))).toEqual(['ip saddr @wl-office-v4 tcp dport 22 accept']);
  });

  it('with sip_access whitelist, opens SIP only to sip_whitelists, trunks and Ringotel', async () => {
    const rules = inputRules(rulesetOf(await whitelistModel()));
    const sip = rules.filter((r) => /dport (5070|\{ 5070, 5071, 7443 \}) accept/.test(r));
    expect(sip).toEqual([
      'ip saddr @wl-office-v4 udp dport 5070 accept',
      'ip saddr @wl-office-v4 tcp dport { 5070, 5071, 7443 } accept',
      'ip6 saddr @wl-office-v6 udp dport 5070 accept',
      'ip6 saddr @wl-office-v6 tcp dport { 5070, 5071, 7443 } accept',
      'ip saddr @wl-ringotel-us-v4 udp dport 5070 accept',
      'ip saddr @wl-ringotel-us-v4 tcp dport { 5070, 5071, 7443 } accept',
      'ip saddr @wl-twilio-signalling-v4 udp dport 5070 accept',
      'ip saddr @wl-twilio-signalling-v4 tcp dport { 5070, 5071, 7443 } accept',
      'ip6 saddr @wl-twilio-signalling-v6 udp dport 5070 accept',
      'ip6 saddr @wl-twilio-signalling-v6 tcp dport { 5070, 5071, 7443 } accept',
    ]);
    expect(rules.filter((r) => r.endsWith('accept') && !r.includes('saddr @wl-'))).not.toContainEqual(
      expect.stringMatching(/dport (5070|5071|7443|8443|22|2222)\b/),
    );
    expect(rules).toContain('ip saddr @wl-office-v4 tcp dport 8443 accept');
    expect(rules).toContain('ip saddr @wl-noc-v4 tcp dport { 22, 2222 } accept');
    expect(rules).toContain('ip6 saddr @wl-noc-v6 tcp dport { 22, 2222 } accept');
  });

  it('declares the HA peers set only for a platform with an active/standby group, opened only with whitelist', async () => {
    const single = rulesetOf(await whitelistModel());
    expect(single).not.toContain('ha-peers-v4');
    const example = await exampleModel();
    expect(example.platform.environments.some((e) => e.nodes > 1)).toBe(true);
    const open = rulesetOf(example);
    expect(open).toContain('\tset ha-peers-v4 {\n\t\ttype ipv4_addr\n');
    expect(inputRules(open).filter((r) => r.includes('@ha-peers-v4'))).toEqual([]);
    const whitelisted = rulesetOf(withFirewall(example, { sipAccess: 'whitelist' }));
    expect(inputRules(whitelisted).filter((r) => r.includes('@ha-peers-v4'))).toEqual([
      'ip saddr @ha-peers-v4 udp dport 5060 accept',
    ]);
  });

  it('declares an IPv4 and an IPv6 interval set per whitelist', async () => {
    const ruleset = rulesetOf(await whitelistModel());
    expect(ruleset).toContain(
      'set wl-noc-v4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 198.51.100.50/32 }',
    );
    expect(ruleset).toContain(
      'set wl-noc-v6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 2001:db8:2::5/128 }',
    );
    expect(ruleset).toContain(
      'set wl-ringotel-us-v6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\tauto-merge\n\t}',
    );
  });

  it('is the same bytes for the same model', async () => {
    expect(rulesetOf(await exampleModel())).toBe(rulesetOf(await exampleModel()));
  });
});

const skip = nftUnavailable();
if (skip) console.warn(`SKIP nft -c tests: ${skip}`);

describe.skipIf(skip)('nft -c -f', () => {
  it.each([
    ['example spec', exampleModel],
    ['sip_access whitelist fixture', whitelistModel],
  ])('accepts the ruleset of the %s', async (_name, load) => {
    const ruleset = rulesetOf(await load());
    expect(ruleset).toContain('chain input');
    const result = nftCheck(ruleset);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('rejects a broken ruleset (the check is real)', () => {
    expect(nftCheck('table inet pbxc { chain input { tcp dport 99999 accept } }\n').status).not.toBe(0);
  });
});
