// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
/**
 * An extension's call settings live in its directory user (directory.ts), not in the dialplan: the
 * tenant's one generic extension block (local-extensions.ts) reads them per call with `user_data`.
 * The names below are the contract between the two.
 */
export const USER_VARS = {
  /** "true" when calls to and from the extension are recorded by default (*2 toggles, mod_db). */
  record: 'pbxc_record_default',
  /** "true" when DND is on by default (*78/*79 override it in mod_db). */
  dnd: 'pbxc_dnd_default',
  webrtc: 'pbxc_webrtc',
  /** "true" when the extension has a voicemail box. */
  voicemail: 'pbxc_voicemail',
  /** The box's greeting from the spec's media (a path under $${conf_dir}), empty when none. */
  voicemailGreeting: 'pbxc_vm_greeting',
  /** Seconds to ring before the no-answer fallback. */
  ringSeconds: 'pbxc_ring_seconds',
  /** Transfer targets in the tenant context (targetOf), empty when the spec sets none. */
  forwardAlways: 'pbxc_forward_always',
  forwardBusy: 'pbxc_forward_busy',
  forwardNoAnswer: 'pbxc_forward_no_answer',
  forwardUnregistered: 'pbxc_forward_unregistered',
  /** The ring groups the extension belongs to, comma-separated (its pickup groups). */
  callGroups: 'pbxc_callgroups',
} as const;

export const DEFAULT_RING_SECONDS = 30;

/** The extension numbers' alphabet (schema `extensionNumber`): nothing else reaches a lookup. */
export const EXTENSION_RE = '[a-z0-9]{1,32}';

/** A variable of `who`'s directory user in the tenant's domain (merged with the domain's defaults). */
export function userData(who: string, name: string): string {
  return `\${user_data(${who}@\${domain_name} var ${name})}`;
}
