/**
 * WARNING lines of the node log that no configuration avoids, each with the reason. Every other
 * WARNING (and every ERR/CRIT/ALERT) counts as caused by the configuration: the live files assert
 * there are none (`LiveSwitch.configWarnings()`).
 */
export const UNAVOIDABLE_WARNINGS: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  {
    pattern: / sofia\.c:\d+ MSG Thread \d+ Started$/,
    why: 'mod_sofia logs the start of its message thread at WARNING on every start; no setting changes it',
  },
  {
    pattern:
      / sofia_reg\.c:\d+ SIP auth challenge \((?:REGISTER|INVITE)\) on sofia profile '[^']+' for \[.*\] from ip \S+$/,
    why: 'log-auth-failures=true (the fail2ban jail reads its "SIP auth failure" line) also logs every digest challenge, that is every REGISTER and every call a phone places',
  },
  {
    pattern: / sofia_reg\.c:\d+ (?:SIP auth failure \((?:REGISTER|INVITE)\)|Can't find user) /,
    why: 'a wrong password or an unknown user: the lines the fail2ban jail bans on (the tests send them on purpose)',
  },
  {
    pattern: / sofia\.c:\d+ IP \S+ Rejected by acl "[^"]+"$/,
    why: 'an INVITE from outside every trunk’s inbound_from, refused by the trunks ACL (the tests send it on purpose)',
  },
  {
    pattern: / sofia\.c:\d+ Ping succeeded \S+ with code 200 - count \S+, state UP$/,
    why: 'a trunk gateway goes UP on its first answered OPTIONS ping; sofia logs gateway state changes at WARNING',
  },
  {
    pattern:
      / sofia\.c:\d+ (?:Sip user '[^']+' is now Unreachable|Expire sip user '[^']+' due to options failure)$/,
    why: 'NAT keep-alive working: a phone that stopped answering OPTIONS is unregistered (the tests stop it on purpose)',
  },
  {
    pattern: / switch_core_db\.c:\d+ SQLite is BUSY, sane=\d+ \[[^\]]*\]$/,
    why: 'write contention on FreeSWITCH’s own SQLite files when the machine is loaded (the 2 shared test cores): it waits and retries (sane counts down) and goes on; no setting of the tree causes it',
  },
];

const LEVEL = /^(?:[0-9a-f-]{36} )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [\d.]+% \[(WARNING|ERR|CRIT|ALERT)\]/;

/** The WARNING/ERR/CRIT/ALERT lines of a log text. */
export function warningAndUp(log: string): string[] {
  return log.split('\n').filter((l) => LEVEL.test(l));
}

/** Lines of warningAndUp that the configuration causes (all but UNAVOIDABLE_WARNINGS). */
export function configCaused(lines: readonly string[]): string[] {
  return lines.filter(
    (l) => !(LEVEL.exec(l)?.[1] === 'WARNING' && UNAVOIDABLE_WARNINGS.some((w) => w.pattern.test(l))),
  );
}
