import { describe, expect, it } from 'vitest';
import { exampleModel } from '../../helpers/example.js';
import { fail2banFiles } from './emit.js';
import { fail2banRegex, fail2banUnavailable } from './fail2ban-tools.js';

const skip = fail2banUnavailable();
if (skip) console.warn(`SKIP recidive filter test: ${skip}`);

describe.skipIf(skip)('the recidive jail', () => {
  it("counts bans of the other jails in fail2ban's own log, not its own", async () => {
    const jail = fail2banFiles(await exampleModel()).get('jail.d/pbxc.local')!;
    const filter = jail
      .match(/\[pbxc-recidive\][^[]*?filter\s*=\s*(.+)/s)?.[1]
      ?.split('\n')[0]
      ?.trim();
    expect(filter).toBe('recidive[_jailname=pbxc-recidive]');

    // fail2ban-regex resolves a filter name with parameters against the stock configuration.
    const lines = [
      '2026-11-22 17:00:00,123 fail2ban.actions        [812]: NOTICE  [pbxc-sip] Ban 198.51.100.23',
      '2026-11-22 17:00:01,123 fail2ban.actions        [812]: NOTICE  [pbxc-provisioning] Ban 2001:db8::23',
      '2026-11-22 17:00:02,123 fail2ban.actions        [812]: NOTICE  [pbxc-recidive] Ban 198.51.100.24',
      '2026-11-22 17:00:03,123 fail2ban.actions        [812]: NOTICE  [pbxc-sip] Unban 198.51.100.25',
    ];
    expect(fail2banRegex(filter!, lines).map((m) => m.address)).toEqual(['198.51.100.23', '2001:db8::23']);
  });
});
