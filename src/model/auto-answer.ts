/**
 * Vendors whose phones answer on their own when an INVITE carries the auto-answer headers pbxc sends
 * (Alert-Info info=alert-autoanswer, Call-Info answer-after=0) and whose provisioning file pbxc
 * writes the setting that permits it. Cisco 79x0 SIP firmware has no header-driven auto-answer: a
 * page rings it like a call.
 */
export const AUTO_ANSWER_VENDORS: ReadonlySet<string> = new Set([
  'yealink',
  'polycom',
  'snom',
  'grandstream',
  'fanvil',
]);

/**
 * The URL of the Alert-Info header on pages and intercom calls. Polycom matches an Alert-Info by
 * this value (voIpProt.SIP.alertInfo.1.value) to its autoAnswer ring class; one source for both sides.
 */
export const AUTO_ANSWER_URL = 'http://127.0.0.1';
