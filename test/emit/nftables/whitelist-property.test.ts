import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model, Whitelist } from '../../../src/model/types.js';
import { exampleModel } from '../../helpers/example.js';
import { rulesetOf } from './emit.js';
import { nftCheck, nftUnavailable } from './nft.js';
import { withFirewall } from './with-firewall.js';

/** A CIDR in the model's normal form: the address masked to its prefix. */
const ipv4Cidr = fc
  .tuple(fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }))
  .map(([bytes, prefix]) => {
    const value = bytes.reduce((acc, b) => acc * 256 + b, 0);
    const mask = prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix);
    const masked = Number(BigInt(value) & BigInt(mask));
    return `${[24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.')}/${prefix}`;
  });

const ipv6Cidr = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 128 }))
  .map(([value, prefix]) => {
    const masked = prefix === 0 ? 0n : (value >> BigInt(128 - prefix)) << BigInt(128 - prefix);
    const groups = Array.from({ length: 8 }, (_, i) =>
      ((masked >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
    );
    return `${groups.join(':')}/${prefix}`;
  });

const whitelist = (name: string) =>
  fc
    .record({
      ipv4: fc.uniqueArray(ipv4Cidr, { maxLength: 6 }),
      ipv6: fc.uniqueArray(ipv6Cidr, { maxLength: 6 }),
    })
    .filter((w) => w.ipv4.length + w.ipv6.length > 0)
    .map(
      (w): Whitelist => ({
        name,
        ipv4: [...w.ipv4].sort(),
        ipv6: [...w.ipv6].sort(),
        origin: { file: 'x', line: 1, col: 1 },
      }),
    );

function withWhitelists(model: Model, lists: readonly Whitelist[], sipAccess: 'open' | 'whitelist'): Model {
  const names = lists.map((w) => w.name);
  const patched = withFirewall(model, {
    whitelists: lists,
    sipAccess,
    sipWhitelists: names.slice(0, 2),
    adminAccess: names.slice(1, 3),
    fail2ban: { ...model.platform.firewall.fail2ban, ignore: names },
  });
  return {
    ...patched,
    platform: {
      ...patched.platform,
      provisioning: { ...patched.platform.provisioning, allow: names.slice(2) },
    },
    // Trunks name whitelists that exist in the generated model.
    tenants: model.tenants.map((t) => ({
      ...t,
      trunks: t.trunks.map((tr) => ({ ...tr, inboundFrom: names.slice(0, 1) })),
      ringotel: undefined,
    })),
  };
}

const skip = nftUnavailable();
if (skip) console.warn(`SKIP nft property test: ${skip}`);

describe.skipIf(skip)('any whitelists', () => {
  it('give a ruleset nft -c accepts (overlapping networks included)', async () => {
    const base = await exampleModel();
    const lists = fc.tuple(whitelist('a'), whitelist('b-2'), whitelist('c'), whitelist('d'));
    await fc.assert(
      fc.asyncProperty(lists, fc.constantFrom('open' as const, 'whitelist' as const), async (ws, access) => {
        const result = nftCheck(rulesetOf(withWhitelists(base, ws, access)));
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
      }),
      { numRuns: 20, seed: 5 },
    );
  });
});
