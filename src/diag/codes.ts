/**
 * The one table of diagnostic codes. Codes are stable: never renumber or reuse one.
 * Bands: 1xxx load, 2xxx schema, 3xxx semantic, 4xxx model, 5xxx emit, 6xxx secrets/IO, 7xxx import, 9xxx internal.
 * Messages are templates: `{name}` is replaced by the argument of that name.
 * docs/diagnostics.md is generated from this table (npm run gen) and a test keeps it in sync.
 */
export type Severity = 'error' | 'warning';

export interface CodeInfo {
  readonly severity: Severity;
  readonly message: string;
  /** One sentence for the docs: why this is a problem and how to fix it. */
  readonly help: string;
}

export const CODES = {
  // 1xxx: reading files and YAML
  PBX1001: {
    severity: 'error',
    message: 'YAML syntax error: {detail}',
    help: 'Fix the YAML syntax at the position shown.',
  },
  PBX1002: {
    severity: 'error',
    message: 'duplicate key "{key}" (first defined at {first})',
    help: 'A mapping may define each key once; YAML would silently keep only one of them.',
  },
  PBX1003: {
    severity: 'error',
    message: 'cannot read {what}: {detail}',
    help: 'The file or folder is missing or unreadable.',
  },
  PBX1004: {
    severity: 'error',
    message: 'the spec folder has no platform.yaml',
    help: 'A spec folder holds platform.yaml and tenants/*.yaml.',
  },
  PBX1005: {
    severity: 'warning',
    message: 'file {file} is ignored: tenant files end in .yaml (or .yml) and live in tenants/',
    help: 'Only platform.yaml and tenants/*.yaml are read.',
  },
  PBX1006: {
    severity: 'error',
    message: 'YAML anchors, aliases and tags are not allowed in a spec ({detail})',
    help: 'Write values out in full so every value has one source position a reviewer can read.',
  },
  PBX1007: {
    severity: 'warning',
    message: 'the first line should be "# yaml-language-server: $schema={schema}" so editors check this file',
    help: 'Editors use the modeline for completion and validation; pbxc always validates with its own schema.',
  },
  PBX1008: {
    severity: 'error',
    message: 'file is {size}: the limit is {limit}',
    help: 'pbxc refuses spec files beyond its documented limits (docs/limits.md) instead of running out of memory; split the tenant or check that the file is really a spec.',
  },
  PBX1009: {
    severity: 'error',
    message: 'the file is not UTF-8: byte {byte} ({value}) starts no valid character; save it as UTF-8',
    help: 'Spec files are UTF-8. Latin-1 or Windows-1252 files (from older editors) must be converted, e.g. with iconv -f latin1 -t utf-8.',
  },
  PBX1010: {
    severity: 'error',
    message: 'maps and lists nest deeper than {limit} levels here',
    help: 'No spec needs more than a few levels; deeper nesting is refused before parsing (docs/limits.md).',
  },
  PBX1011: {
    severity: 'error',
    message: 'the file has more than {limit} YAML values (counted up to here)',
    help: 'The node limit keeps memory bounded (docs/limits.md); split the tenant into several files.',
  },
  PBX1012: {
    severity: 'error',
    message: 'a value of {length} characters: the limit is {limit}',
    help: 'Names, keys and values in a spec are short; a huge value is a mistake (docs/limits.md).',
  },
  PBX1013: {
    severity: 'error',
    message: 'a tab in the indentation: YAML indents with spaces only',
    help: 'Replace the tab with spaces; most editors can be set to insert spaces for the Tab key.',
  },
  PBX1014: {
    severity: 'error',
    message: 'a spec file holds one YAML document: remove the "---" that starts a second one',
    help: 'platform.yaml and every tenant file are a single YAML document each.',
  },

  PBX1090: {
    severity: 'error',
    message:
      '{count} more schema errors of this kind in this file were not examined (the first {max} are reported)',
    help: 'A file with this many errors is usually not a pbxc spec or was generated wrongly; fix the errors above and run again.',
  },
  PBX1091: {
    severity: 'error',
    message: 'one mapping holds more than {limit} keys: the file is not read further',
    help: 'No pbxc object has this many keys (docs/limits.md); the file was probably generated wrongly. Lists of extensions or DIDs are lists ("- "), which this limit does not count.',
  },
  // 2xxx: schema
  PBX2001: {
    severity: 'error',
    message: 'unknown key "{key}"{hint}',
    help: 'The schema does not allow this key; a typo is the usual cause.',
  },
  PBX2002: { severity: 'error', message: 'missing required key "{key}"', help: 'Add the key.' },
  PBX2003: { severity: 'error', message: '{what} must be {expected}', help: 'The value has the wrong type.' },
  PBX2004: {
    severity: 'error',
    message: '{what} must be one of {allowed}',
    help: 'The value is not one of the allowed values.',
  },
  PBX2005: {
    severity: 'error',
    message: '{what} {detail}',
    help: 'The value does not have the required form.',
  },
  PBX2006: {
    severity: 'error',
    message: '{what} {detail}',
    help: 'The value is out of the allowed range or length.',
  },
  PBX2007: {
    severity: 'error',
    message:
      'a destination has exactly one of extension, ring_group, ivr, voicemail, external, sip_uri{found}',
    help: 'Destinations name one target.',
  },
  PBX2008: {
    severity: 'error',
    message: '{what} {detail}',
    help: 'The value does not match any allowed shape.',
  },

  // 3xxx: semantic rules
  PBX3001: {
    severity: 'error',
    message: '{kind} number "{number}" is not in a number plan entry for {uses} of tenant {tenant}',
    help: 'Every extension, ring group and alias number must lie in a number_plan entry of a fitting use.',
  },
  PBX3002: {
    severity: 'error',
    message: '{kind} "{number}" of tenant {tenant} is already used by {other} (at {first})',
    help: 'No two things in a tenant may share a number or a number prefix.',
  },
  PBX3003: {
    severity: 'error',
    message: 'number plan range "{range}" of tenant {tenant} is empty or reversed',
    help: 'A range is "low-high" with low <= high.',
  },
  PBX3004: {
    severity: 'error',
    message: '{what} "{value}" of {owner} collides with {other} "{otherValue}"{first}{how}',
    help: 'Feature codes, park slots and aliases must not share a number, and no code may start with a prefix code.',
  },
  PBX3005: {
    severity: 'error',
    message: 'park slot range "{value}" is invalid: {detail}',
    help: 'park_slots is "*NNNN-*MMMM" with the same number of digits and NNNN <= MMMM.',
  },
  PBX3010: {
    severity: 'error',
    message: '{what} "{ref}" is not {kind} of tenant {tenant}{hint}',
    help: 'A reference must name something defined in the same tenant.',
  },
  PBX3011: {
    severity: 'error',
    message: '{what}: extension {ref} of tenant {tenant} has voicemail off, so it has no voicemail box',
    help: 'Set voicemail: true on the extension, or send the call elsewhere.',
  },
  PBX3012: {
    severity: 'error',
    message: 'ring group {group} member "{member}" is not an extension of tenant {tenant}{hint}',
    help: 'Ring group members are extensions of the same tenant.',
  },
  PBX3013: {
    severity: 'error',
    message: 'ring group {group} of tenant {tenant} lists member "{member}" twice (first at {first})',
    help: 'Each member rings once per round.',
  },
  PBX3014: {
    severity: 'warning',
    message: '{what} of tenant {tenant} leads back to itself: {cycle}',
    help: 'A routing loop keeps a caller going round until the call times out.',
  },
  PBX3020: {
    severity: 'error',
    message: 'DID {number} is already defined{where} (at {first})',
    help: 'A DID routes to one place, across all tenants.',
  },
  PBX3021: {
    severity: 'error',
    message: 'DID {number} of tenant {tenant} has a schedule but no "closed" destination',
    help: 'Say where calls go while the schedule is closed.',
  },
  PBX3022: {
    severity: 'error',
    message: 'line DID {did} is not a DID of tenant {tenant}',
    help: 'Declare the DID under dids first.',
  },
  PBX3023: {
    severity: 'error',
    message:
      'line of extension {extension} uses DID {did} of tenant {tenant}, which routes to {to}, not to that extension',
    help: 'A DID with a destination may only be the line of that same extension.',
  },
  PBX3024: {
    severity: 'error',
    message:
      'DID {number} of tenant {tenant} has no "to", so it must be the line of exactly one extension; it is the line of {count}',
    help: 'A DID without "to" must be the line of exactly one extension, which then receives its calls.',
  },
  PBX3025: {
    severity: 'error',
    message: 'line trunk "{trunk}" differs from the trunk "{didTrunk}" of DID {did}',
    help: 'A line ties an extension to a DID on the trunk that DID arrives on.',
  },
  PBX3026: {
    severity: 'error',
    message:
      'extension {extension} has two lines on trunk {trunk} with priority {priority} (first at {first})',
    help: 'Priorities decide the outbound caller ID; they must differ per trunk.',
  },
  PBX3030: {
    severity: 'error',
    message: 'schedule {schedule} of tenant {tenant}: {detail}',
    help: 'Times are HH:MM between 00:00 and 24:00 with from < to; holidays are real ISO dates.',
  },
  PBX3031: {
    severity: 'error',
    message: 'timezone "{zone}" of tenant {tenant} is not an IANA time zone{hint}',
    help: 'Use a zone name such as Europe/Berlin or America/New_York.',
  },
  PBX3032: {
    severity: 'error',
    message: 'call filter "{name}" of tenant {tenant}: action "{action}" only applies to blacklists',
    help: 'A whitelist lets matching callers through; it has no action.',
  },
  PBX3033: {
    severity: 'warning',
    message: 'call filter "{name}" repeats pattern {pattern} of "{other}" (at {first})',
    help: 'The second filter never decides anything.',
  },
  PBX3034: {
    severity: 'error',
    message: 'call filter "{name}" of tenant {tenant} with action voicemail needs a "voicemail" box',
    help: 'Say which voicemail box receives blacklisted callers.',
  },
  PBX3040: {
    severity: 'error',
    message: 'whitelist "{name}" in {use} of {owner} is not defined in platform firewall.whitelists{hint}',
    help: 'Define the whitelist in platform.yaml.',
  },
  PBX3041: {
    severity: 'error',
    message:
      'whitelist "{name}" is used by the Ringotel softphones of tenant {tenant} and must not be in the inbound_from of trunk {trunk}: Ringotel must authenticate like any SIP endpoint, and in the PBX ACL it breaks outbound calls',
    help: 'Keep Ringotel addresses in fail2ban ignore and the firewall, never in the ACL.',
  },
  PBX3042: {
    severity: 'error',
    message: 'whitelist entry "{entry}" of {name} is not an IPv4/IPv6 address or CIDR{detail}',
    help: 'Write an address (192.0.2.1, 2001:db8::1) or a network (192.0.2.0/24, 2001:db8::/32).',
  },
  PBX3043: {
    severity: 'warning',
    message: 'whitelist entry "{entry}" of {name} has host bits set; it is treated as {network}',
    help: 'Write the network address of the CIDR.',
  },
  PBX3044: {
    severity: 'error',
    message: '{proto} port {port} is used by both {a} and {b}',
    help: 'Each listening socket needs its own port per protocol.',
  },
  PBX3045: {
    severity: 'error',
    message: 'RTP range {from}-{to} must lie within 1024..65535 with from < to',
    help: 'RTP uses unprivileged UDP ports.',
  },
  PBX3046: {
    severity: 'error',
    message: 'environment {name} must have nodes >= 1',
    help: 'An environment deploys at least one PBX node.',
  },
  PBX3047: {
    severity: 'warning',
    message: 'sip_whitelists is only used with sip_access: whitelist',
    help: 'With sip_access open every source reaches the SIP ports.',
  },
  PBX3048: {
    severity: 'error',
    message: 'sip_access whitelist needs at least one whitelist in sip_whitelists',
    help: 'Otherwise no phone could reach the PBX.',
  },
  PBX3049: {
    severity: 'error',
    message: 'RTP range {from}-{to} overlaps SIP ports: {ports}',
    help: 'Media and signalling should not share ports.',
  },
  PBX3050: {
    severity: 'error',
    message: 'outbound route {name}: trunk "{trunk}" is not a trunk of tenant {tenant}',
    help: 'Routes bridge through a trunk of the same tenant.',
  },
  PBX3051: {
    severity: 'error',
    message:
      'outbound route {name} of tenant {tenant}: prefix {prefix} is already routed by {other} (at {first})',
    help: 'Each prefix goes to one route.',
  },
  PBX3052: {
    severity: 'warning',
    message: 'tenant {tenant} has no emergency route: emergency calls cannot be placed',
    help: 'Add an outbound route with match: emergency.',
  },
  PBX3053: {
    severity: 'error',
    message:
      'outbound route {name} of tenant {tenant} is a second emergency route besides {other} (at {first})',
    help: 'One route carries the emergency numbers.',
  },
  PBX3060: {
    severity: 'error',
    message:
      'MAC {mac} of device "{device}" in tenant {tenant} is already used by device "{other}" (at {first})',
    help: 'A MAC address identifies one phone across all tenants.',
  },
  PBX3061: {
    severity: 'error',
    message: 'device "{device}": model "{model}" is not a supported {vendor} model; supported: {models}',
    help: 'Choose a supported model, or ask for the model to be added to the vendor catalogue.',
  },
  PBX3062: {
    severity: 'error',
    message:
      'device "{device}": Cisco {model} needs firmware "7.x" or "8.x" (their configuration files differ)',
    help: 'Set firmware to the SIP firmware family the phone runs.',
  },
  PBX3063: {
    severity: 'warning',
    message: 'device "{device}": MAC {mac} has the vendor prefix of {actual}, not {vendor}',
    help: 'Check the MAC address and the vendor.',
  },
  PBX3064: {
    severity: 'error',
    message:
      'device "{device}" of tenant {tenant}: {count} {what} exceed the {capacity} of a {vendor} {model}',
    help: 'Remove keys or lines, or choose a model with more.',
  },
  PBX3065: {
    severity: 'error',
    message: 'device "{device}": park key slot "{slot}" is not a park slot of tenant {tenant} ({range})',
    help: 'Park keys watch a slot inside feature_codes.park_slots.',
  },
  PBX3066: {
    severity: 'error',
    message: 'device "{device}": firmware is only used for Cisco 7940/7960, not a {vendor} {model}',
    help: 'Other models read one configuration format.',
  },
  PBX3070: {
    severity: 'error',
    message: 'tenant id "{tenant}" is already used (at {first})',
    help: 'Tenant ids are unique across the platform.',
  },
  PBX3071: {
    severity: 'error',
    message: 'domain {domain} is already used by tenant {other} (at {first})',
    help: 'The SIP domain selects the tenant; it must be unique.',
  },
  PBX3072: {
    severity: 'error',
    message: '{kind} id "{id}" is already used in tenant {tenant} (at {first})',
    help: 'Ids are unique within their kind.',
  },
  PBX3074: {
    severity: 'error',
    message: 'tenant id "{tenant}" is reserved: {reason}',
    help: 'Choose another tenant id.',
  },
  PBX3073: {
    severity: 'warning',
    message: 'tenant file is named {file} but declares tenant "{tenant}"',
    help: 'Name tenant files after their tenant id so reviewers find them.',
  },
  PBX3080: {
    severity: 'error',
    message: 'Ringotel {what} "{ext}" is not an extension of tenant {tenant}',
    help: 'Ringotel users and BLF contacts are extensions.',
  },
  PBX3081: {
    severity: 'error',
    message: 'extension {ext} of tenant {tenant} is both a Ringotel user and a BLF-only contact',
    help: 'A BLF contact is a deactivated user; an extension is one or the other.',
  },
  PBX3082: {
    severity: 'error',
    message: 'WebRTC extension {ext} of tenant {tenant} cannot be {what}',
    help: 'WebRTC clients register over WSS only.',
  },
  PBX3083: {
    severity: 'warning',
    message:
      'whitelist "{name}" of tenant {tenant}\'s Ringotel softphones is not in fail2ban.ignore: a few wrong passwords would ban every Ringotel user',
    help: 'Add the Ringotel whitelist to firewall.fail2ban.ignore.',
  },
  PBX3084: {
    severity: 'error',
    message: 'extension {ext} is allowed on route {route}, but is not an extension of tenant {tenant}',
    help: 'Toll restriction lists name extensions of the same tenant.',
  },
  PBX3086: {
    severity: 'warning',
    message: 'trunk {trunk} of tenant {tenant} registers but has no username/password',
    help: 'A registering trunk authenticates with the carrier.',
  },
  PBX3100: {
    severity: 'warning',
    message:
      'trunk {trunk} of tenant {tenant} uses TLS: the node needs its TLS certificate ({cert}, installed by the deploy step); without it FreeSWITCH skips this trunk at start ("unsupported transport") and no call goes through it',
    help: 'Deploy the node with its certificate (the deploy step provides agent.pem and cafile.pem), or use transport udp/tcp for this trunk.',
  },
  PBX3101: {
    severity: 'warning',
    message:
      'TLS registration ({what}): the node needs its TLS certificate ({cert}, installed by the deploy step); without it the TLS port stays closed and these phones cannot register',
    help: 'Deploy the node with its certificate (the deploy step provides agent.pem and cafile.pem), or provision these phones with udp/tcp.',
  },
  PBX3102: {
    severity: 'error',
    message:
      'trunk {trunk} of tenant {tenant} registers but has no inbound_from: FreeSWITCH takes trunk calls only from the inbound_from addresses (the trunk ACL), so every call the provider sends over the registration would be refused (403)',
    help: "Name the whitelist with the provider's signalling addresses (its registrar and the hosts it sends calls from) in inbound_from.",
  },
  PBX3103: {
    severity: 'warning',
    message:
      'tenant {tenant} speaks {language}, but FreeSWITCH publishes no {language} prompts: its callers hear the English prompts (en/us/callie); {numbers}',
    help: "FreeSWITCH's sound packages cover en, fr, pt, ru, sv and zh; prompts of another language must be recorded or bought and their folder listed in src/model/sound-languages.ts. docs/freeswitch.md lists the packages a node needs (prompts, mod_say_<code>).",
  },
  PBX3087: {
    severity: 'error',
    message:
      'trunk {trunk} of tenant {tenant} neither registers nor has inbound_from: calls it sends cannot be accepted',
    help: "Name the whitelist with the carrier's signalling addresses.",
  },
  PBX3110: {
    severity: 'error',
    message: '{what} "{number}" of tenant {tenant} {how} emergency number {emergency}{first}: {why}',
    help: 'An internal number or code must neither equal an emergency number (dialing.emergency) nor start with one or be the start of one: a phone dialling the emergency number would reach it instead of emergency services, or could never dial it. Pick another number.',
  },
  PBX3120: {
    severity: 'warning',
    message:
      '{what} {number} of tenant {tenant} is not a valid phone number: {reason} (libphonenumber metadata)',
    help: "The number does not fit the numbering plan of its country as Google's libphonenumber knows it (a digit too many or too few, or a range not in use): check it against what the carrier assigned.",
  },
  PBX3121: {
    severity: 'warning',
    message:
      'outbound route {name} of tenant {tenant}: country code +{cc} has no {type} numbers in the libphonenumber metadata, so the route never takes a number of that type',
    help: 'Drop the type from the route, or use prefixes for this country.',
  },
  PBX3088: {
    severity: 'error',
    message:
      'number plan entry "{entry}" of tenant {tenant} overlaps "{other}" with the same use {use} (at {first})',
    help: 'Entries of one use must not overlap.',
  },
  PBX3089: {
    severity: 'warning',
    message: 'extension {ext} forwards to its own number',
    help: 'The forward would loop.',
  },
  PBX3090: {
    severity: 'warning',
    message: 'firewall.admin_access is empty: SSH and the admin ports ({ports}) are closed to every address',
    help: 'Name the whitelist of the networks you administer the nodes from, or rely on console access.',
  },
  PBX3091: {
    severity: 'error',
    message:
      'sip.ports.tcp ({tcp}) must equal sip.ports.udp ({udp}): FreeSWITCH serves SIP over UDP and TCP on one port per profile',
    help: 'Use one port for SIP over UDP and TCP (5060); TLS and WSS have their own ports.',
  },
  PBX3092: {
    severity: 'error',
    message: 'environment {name} is provider: {kind}; "{key}" applies only to {applies}',
    help: 'provider: generic environments (own Debian hosts) take storage; aws, instance_type, ssh_key and state belong to AWS environments, which pbxc creates with Terraform.',
  },

  PBX3400: {
    severity: 'warning',
    message: '{what} of {value} does not fit {vendor} phones ({key}: {min}-{max} {unit}); they get {clamped}',
    help: 'Each vendor accepts its own range for this timer; pbxc writes the nearest value the phones accept. Choose a value every vendor in use accepts to silence this.',
  },
  PBX3401: {
    severity: 'warning',
    message:
      'Cisco 79x0 phones fetch their files, SIP passwords included, over TFTP without authentication; provisioning.tftp.allow is not set, so any address may read them',
    help: 'List the whitelists of the networks the phones are in under provisioning.tftp.allow; the TFTP server then answers only them.',
  },

  PBX3402: {
    severity: 'warning',
    message:
      'device "{device}" of tenant {tenant}: Cisco 79x0 SIP firmware {firmware} has no time zone for {zone} (UTC{offset} with its daylight-saving rule); the phone shows UTC',
    help: 'The 79x0 know a fixed list of zones (8.x: named zones, each with a built-in daylight-saving rule of the US, EU, south-east Australia or New Zealand, or none; 7.x: a few abbreviations by offset). A zone matching none of them would show a wrong time for half the year. Use a phone of another vendor where the clock matters.',
  },
  PBX3500: {
    severity: 'error',
    message: 'environment {env} lists tenant "{tenant}", which the spec does not have{hint}',
    help: "An environment's tenants are all, test, or ids of tenants in spec/tenants/.",
  },
  PBX3501: {
    severity: 'error',
    message: 'environment {env}: {what} "{key}" is not {kind} served by {env}{hint}',
    help: 'domains, dids and trunks of an environment change only what that environment serves: a tenant id, one of its DIDs, or "<tenant>/<trunk>".',
  },
  PBX3502: {
    severity: 'error',
    message:
      'trunk {trunk} would register as {account} from environments {first} and {env} at once: the carrier keeps one registration and sends calls to one of them',
    help: 'Give one environment its own carrier, or stop it registering: environments.<env>.trunks: { "<tenant>/<trunk>": { register: false } } (or host, username and password of a test carrier).',
  },
  PBX3503: {
    severity: 'error',
    message:
      'domain {domain} (tenant {tenant}) would be served by environments {first} and {env}: its DNS can point at one of them only',
    help: 'Give the tenant its own name in one environment (environments.<env>.domains: { <tenant>: <name> }) or leave the tenant out of it (tenants: test or a list).',
  },
  PBX3504: {
    severity: 'error',
    message: 'environment {env}: {number} is already a DID of the environment{first}',
    help: 'Each DID an environment maps to must be a number no other DID of that environment uses.',
  },
  PBX3505: {
    severity: 'error',
    message:
      'environment {env}: domain {domain} of tenant {tenant} is also the domain of tenant {other} there',
    help: 'Every tenant of an environment needs its own SIP domain: the domain selects the tenant.',
  },

  PBX3300: {
    severity: 'error',
    message: '{what} {range}: {detail}',
    help: 'A range is "+first-+last" with both ends of equal length, at most 10,000 numbers; extensions "a-b" must name as many extensions as there are DIDs.',
  },

  // 37xx: media files of the spec, announcements, hang-up causes (issue 23 §4)
  PBX3700: {
    severity: 'error',
    message:
      'media file name "{file}" is not allowed: a name of lower-case letters, digits and "-", then .wav, .mp3, .flac or .ogg',
    help: 'Media files are referred to by their name without the extension, and the name becomes the installed file name on the node, so it is restricted to a safe alphabet.',
  },
  PBX3701: {
    severity: 'error',
    message: 'media file is {size}: the limit is {limit}',
    help: 'Greetings and announcements are short; shorten or compress the recording (docs/media.md).',
  },
  PBX3702: {
    severity: 'error',
    message:
      'not an audio file pbxc can use: a .{ext} file must be WAV, MP3, FLAC or Ogg (its first bytes say otherwise)',
    help: 'pbxc reads the file itself, not its name; export the recording as WAV (16-bit mono PCM plays as it is).',
  },
  PBX3703: {
    severity: 'error',
    message: 'broken WAV file: {problem}',
    help: 'The WAV header could not be read; export the recording again.',
  },
  PBX3704: {
    severity: 'error',
    message: 'WAV format not supported: {why}',
    help: 'Use 16-bit PCM (or float, A-law, µ-law, which sox converts).',
  },
  PBX3705: {
    severity: 'error',
    message: 'media file plays {duration}: it must play {limit}',
    help: 'The limits keep announcements and greetings sensible and the bundle small (docs/media.md).',
  },
  PBX3706: {
    severity: 'error',
    message: '{what}: no media file "{name}" (looked in {where}){hint}',
    help: 'A media name refers to media/<tenant>/<name>.wav (or .mp3, .flac, .ogg) or media/shared/<name>.wav of the spec folder.',
  },
  PBX3707: {
    severity: 'error',
    message: 'cannot convert this file ({what}) for FreeSWITCH: {problem}',
    help: 'Files that are not 16-bit mono PCM WAV at 8, 16, 32 or 48 kHz are converted by sox at build time; install sox (and libsox-fmt-mp3 for MP3), or convert it yourself: sox IN -r 16000 -c 1 -b 16 OUT.wav.',
  },
  PBX3708: {
    severity: 'warning',
    message: 'media file "{name}" is not used by anything in the spec',
    help: 'An unused media file is neither checked further nor shipped to the nodes; refer to it or delete it.',
  },
  PBX3709: {
    severity: 'error',
    message: 'media folder {path} belongs to no tenant: media/ holds one folder per tenant id and "shared"',
    help: 'Rename the folder after the tenant whose media it holds, or move the files to media/shared/.',
  },
  PBX3710: {
    severity: 'error',
    message: '{path} is not allowed here: {why}',
    help: 'The media layout is media/<tenant>/<name>.<ext> and media/shared/<name>.<ext>, nothing deeper.',
  },
  PBX3711: {
    severity: 'error',
    message: 'two media files are named "{name}" in one folder (first: {first})',
    help: 'A name must say which file it means; delete or rename one of them.',
  },

  // 381x: registration capacity of a node (issue 22)
  PBX3810: {
    severity: 'warning',
    message:
      'environment "{env}": {phones} phones on its active node refresh at up to {rate} REGISTER/s (sip.registration.expires {expires} s, granted down to {shortest} s), above the {sustainable}/s a node sustains: raise sip.registration.expires to at least {minimum} s',
    help: 'Every phone of an environment registers to its one active node (an HA group is active/standby), and sofia grants each REGISTER expires ± expires/4, so the shortest grant sets the refresh rate. Raise sip.registration.expires, or serve fewer tenants from this environment (docs/freeswitch.md "Capacity and sizing").',
  },

  // 36xx (PBX3600-PBX3629): call queues
  PBX3600: {
    severity: 'error',
    message: 'queue {queue} agent "{agent}" is not an extension of tenant {tenant}{hint}',
    help: 'Queue agents are extensions of the same tenant: the call rings the phones registered to them.',
  },
  PBX3601: {
    severity: 'error',
    message: 'queue {queue} of tenant {tenant} lists agent "{agent}" twice (first at {first})',
    help: 'An agent has one tier (level and position) per queue: list each extension once.',
  },
  PBX3602: {
    severity: 'error',
    message: 'queue {queue} of tenant {tenant}: on_timeout sends callers back into the same queue',
    help: 'A caller who leaves a queue without an agent would join it again at once, forever: send on_timeout to voicemail, a ring group or another queue.',
  },
  PBX3603: {
    severity: 'warning',
    message: 'queue {queue} of tenant {tenant}: on_timeout is never used ({why})',
    help: 'Callers leave a queue for on_timeout only when max_wait, no_agent_timeout or max_callers is set.',
  },
  PBX3604: {
    severity: 'warning',
    message: 'queue {queue} of tenant {tenant}: callers who leave it ({why}) are hung up; give it on_timeout',
    help: 'With max_wait, no_agent_timeout or max_callers and no on_timeout, a caller who leaves the queue is cut off: name where they go (voicemail, a ring group, another queue).',
  },
  PBX3606: {
    severity: 'error',
    message: '{what} queue agent key watches "{ext}", which no queue of tenant {tenant} lists as agent',
    help: "A queue_agent key shows an agent's log-in state: name an extension that is an agent of one of the tenant's queues.",
  },
  PBX3605: {
    severity: 'warning',
    message:
      'queue {queue} of tenant {tenant}: agent_timeout {agentTimeout} s is not below max_wait {maxWait} s, so a caller leaves while the first agent still rings',
    help: 'Make max_wait longer than agent_timeout, or the queue can never offer a caller to a second agent.',
  },

  // 4xxx: model
  PBX4001: {
    severity: 'error',
    message: 'park slot range "{value}" has {count} slots; at most {max}',
    help: 'Keep park lots small enough for phones to watch.',
  },

  // 5xxx: emit
  PBX5001: {
    severity: 'error',
    message: 'target {target}: {detail}',
    help: 'A target could not emit its files.',
  },
  PBX5101: {
    severity: 'error',
    message: 'device {mac}: pbxc writes {what} 1-{max} for {vendor} phones; this one is number {position}',
    help: 'The vendor file format pbxc writes has no documented setting beyond that slot; move the line or key to another phone.',
  },

  // 6xxx: secrets, usage and IO (exit code 2)
  PBX6001: {
    severity: 'error',
    message:
      'missing secret {name}: set {env} or add "{name}" to the secrets document (--secrets FILE or PBXC_SECRETS)',
    help: 'Named secrets come from the environment or a secrets file at render time.',
  },
  PBX6002: {
    severity: 'error',
    message:
      'no master key: set PBXC_MASTER_KEY, pass --master-key-file, or put master_key in the secrets document (--secrets FILE or PBXC_SECRETS)',
    help: 'Derived credentials (SIP passwords, PINs) are computed from the master key.',
  },
  PBX6003: { severity: 'error', message: '{detail}', help: 'The output folder cannot be written safely.' },
  PBX6004: {
    severity: 'error',
    message: 'secrets file {file}: {detail}',
    help: 'The secrets file is a YAML map of name: value.',
  },
  PBX6005: {
    severity: 'error',
    message: 'master key ({source}): {detail}',
    help: 'The master key comes from PBXC_MASTER_KEY or --master-key-file and has at least 16 characters.',
  },
  PBX6006: {
    severity: 'error',
    message: 'secret {name} is empty: set {env} or "{name}" in the --secrets file to the real value',
    help: 'An empty password is never what a trunk or phone expects; pbxc refuses to render it.',
  },
  PBX6007: {
    severity: 'error',
    message: 'secret {name} {problem}: set {env} or "{name}" in the --secrets file to a usable value',
    help: 'Secrets are filled into FreeSWITCH XML and phone files as they are: at most 256 characters, no "${" (FreeSWITCH would expand it), no control characters or surrounding spaces.',
  },

  PBX6200: {
    severity: 'error',
    message: 'git: {detail}',
    help: 'pbxc diff reads the base spec from git: run it inside the repository, or compare two folders with --base-spec DIR.',
  },
  PBX6201: {
    severity: 'error',
    message: 'the {side} spec is invalid ({where}): fix it, or compare with another --base',
    help: 'pbxc diff compiles both sides; the diagnostics before this line say what is wrong with that side.',
  },
  PBX6202: {
    severity: 'error',
    message: 'there is no spec folder {dir} at {ref}',
    help: 'The base revision predates the spec or the folder moved: pass --base REF of a revision that has it, or --base-spec DIR.',
  },
  PBX6204: {
    severity: 'error',
    message: 'refusing to write credentials to {file}: {problem}',
    help: 'The spec folder and the audit tree are committed and must never hold a secret: write the sheet to stdout or a private file elsewhere.',
  },
  PBX6203: {
    severity: 'error',
    message: 'the output folder {dir} does not exist: run pbxc build (or pass the right --out)',
    help: 'pbxc check compares an existing audit tree with what the spec compiles to.',
  },

  // 7xxx: import (pbxc import; errors exit 2)
  PBX7001: {
    severity: 'error',
    message: '{detail}',
    help: 'The database cannot be reached or read: check the --db URL (postgres://USER@HOST/DB or ?host=/socket/dir), the user and pg_hba.conf.',
  },
  PBX7002: {
    severity: 'error',
    message: '{detail}',
    help: 'The database has none of the FusionPBX tables (v_domains, v_extensions, v_dialplans): point --db at the FusionPBX database.',
  },
  PBX7003: {
    severity: 'error',
    message: 'no FusionPBX domain {domain} (the database has {known})',
    help: 'Every --domain must name a domain of the FusionPBX database (v_domains.domain_name).',
  },
  PBX7004: {
    severity: 'error',
    message:
      'refusing to write {dir}: it is not empty and not a previous import (pass --force to replace it)',
    help: 'import replaces its output folder; it only does so for an earlier import (IMPORT-REPORT.md) or with --force.',
  },
  PBX7005: {
    severity: 'error',
    message: 'secrets file {file}: {detail}',
    help: 'The secrets file is a YAML map of name: value outside the spec folder; import writes it with mode 0600.',
  },
  PBX7006: {
    severity: 'warning',
    message: 'named secrets {names} were not written anywhere: pass --secrets FILE to keep their values',
    help: 'Gateway passwords (and with --keep-passwords SIP passwords) go only to the --secrets file; without it, supply them at render time.',
  },
  PBX7007: {
    severity: 'error',
    message: 'cannot write {dir}: {detail}',
    help: 'The output folder or its parent is not writable.',
  },

  // 3630-3659: paging groups, intercom and day/night overrides (src/rules/paging.ts)
  PBX3630: {
    severity: 'error',
    message: 'paging group {group}: member "{member}" is not an extension of tenant {tenant}{hint}',
    help: 'A paging group pages the phones of extensions of the same tenant; name an extension number.',
  },
  PBX3631: {
    severity: 'error',
    message: 'paging group {group} lists member {member} twice (first at {first})',
    help: 'Each member is paged once; remove the second entry.',
  },
  PBX3632: {
    severity: 'warning',
    message:
      'paging group {group}: every phone of member {member} is a {vendors} phone, which ignores the auto-answer headers: a page rings it like a call',
    help: 'Cisco 79x0 SIP firmware has no header-driven auto-answer; give the member a phone of a vendor that has it (Yealink, Polycom, Snom, Grandstream, Fanvil) or accept that it rings.',
  },
  PBX3633: {
    severity: 'error',
    message: 'key {key}: schedule {schedule} has no override_code, so a day/night key has nothing to watch',
    help: 'A day/night key is a BLF on the schedule\'s override code; give the schedule an override_code (e.g. "*31").',
  },

  // 9xxx: internal
  PBX9001: {
    severity: 'error',
    message: 'internal error: {detail}',
    help: 'A bug in pbxc. Please report it with the spec that triggers it.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
