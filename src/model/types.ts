/**
 * The compiler's intermediate representation: normalized, defaulted, sorted and immutable.
 * Emitters read only this (never the raw spec). Every node keeps the origin of its YAML, so a
 * problem found while emitting still points at the spec.
 */
import type { Location } from '../diag/diagnostic.js';
import type { HolidayModel } from './holidays.js';
import type { NumberType } from './phone-numbers.js';
import type { QueueModel } from './queue.js';

export type Origin = Location;

/** A credential. Emitters never see values: they ask the emit context to resolve a ref. */
export type SecretRef =
  | {
      readonly kind: 'derived';
      /** Stable path of the owning object and purpose, e.g. "xynap/extension/1000/sip-password". */
      readonly id: string;
      readonly format: 'password' | 'pin';
      readonly rev: number;
    }
  | { readonly kind: 'named'; readonly name: string; readonly rev: number };

export interface Model {
  readonly platform: PlatformModel;
  readonly tenants: readonly TenantModel[];
  /** sha256 over the spec files' texts, in path order. */
  readonly specDigest: string;
}

export type Codec = 'OPUS' | 'G722' | 'PCMA' | 'PCMU' | 'G729';
export type DtmfMode = 'rfc2833' | 'info' | 'inband';

export interface FeatureCodes {
  readonly dnd_on: string;
  readonly dnd_off: string;
  readonly forward_on: string;
  readonly forward_off: string;
  readonly voicemail: string;
  readonly voicemail_any: string;
  readonly park: string;
  readonly park_slots: string;
  readonly pickup_group: string;
  readonly pickup_direct: string;
  readonly record_toggle: string;
  readonly echo_test: string;
  readonly queue_login: string;
  readonly queue_logout: string;
  readonly queue_break: string;
}

export interface Whitelist {
  readonly name: string;
  /** Normalized CIDRs ("192.0.2.16/28", "198.51.100.10/32"), sorted, duplicates removed. */
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  readonly origin: Origin;
}

export interface PlatformModel {
  readonly id: string;
  readonly sip: {
    readonly ports: {
      readonly udp: number;
      readonly tcp: number;
      readonly tls: number;
      readonly wss: number;
    };
    /** Port of the trunk-facing (external) SIP profile. */
    readonly externalPort: number;
    /** TLS port of the trunk-facing profile (sip.ports.external_tls, default externalPort + 1). */
    readonly externalTlsPort: number;
    readonly rtp: { readonly from: number; readonly to: number };
    readonly codecs: readonly Codec[];
    readonly maxRegistrations: number;
    readonly dtmf: DtmfMode;
    /** Registration interval and NAT keep-alive (sip.registration), in seconds; keepalive 0 = off. */
    readonly registration: { readonly expires: number; readonly keepalive: number };
    /** Music-on-hold folder (sip.hold_music): relative to FreeSWITCH's sounds folder, or absolute. */
    readonly holdMusic: string;
  };
  readonly featureCodes: FeatureCodes;
  readonly firewall: {
    /** Sorted by name. */
    readonly whitelists: readonly Whitelist[];
    readonly sipAccess: 'open' | 'whitelist';
    /** With sipAccess whitelist: the whitelists that reach the phone-facing SIP ports. */
    readonly sipWhitelists: readonly string[];
    readonly adminAccess: readonly string[];
    readonly adminPorts: readonly number[];
    readonly fail2ban: {
      readonly maxretry: number;
      readonly findtime: number;
      readonly bantime: number;
      readonly recidiveBantime: number;
      readonly ignore: readonly string[];
    };
  };
  readonly provisioning: {
    readonly baseUrl: string;
    /** Host name of base_url. */
    readonly host: string;
    readonly port: number;
    /** Path prefix of base_url without trailing slash ("" for none). */
    readonly pathPrefix: string;
    readonly updateIntervalMinutes: number;
    readonly adminPassword: 'auto' | 'none';
    /** Default SIP transport of provisioned phones. */
    readonly sipTransport: 'udp' | 'tcp' | 'tls';
    /** provisioning.srtp: SRTP for phones on tls. */
    readonly srtp: 'auto' | 'optional' | 'off';
    readonly allow: readonly string[];
    readonly ntpServer: string;
    /** Whitelists the TFTP server answers (empty: any address). */
    readonly tftpAllow: readonly string[];
    /** Settings users may change on the phone (Snom perm RW), sorted. */
    readonly userSettings: readonly ('language' | 'time' | 'function_keys')[];
  };
  /** Sorted by name. */
  readonly environments: readonly EnvironmentModel[];
  readonly secrets: { readonly eventSocket: SecretRef };
  readonly origin: Origin;
}

export interface EnvironmentModel {
  readonly name: string;
  /** aws: EC2 nodes from pbxc's stacks, control plane in SSM. generic: own Debian hosts, control plane in S3. */
  readonly provider: 'aws' | 'generic';
  /** AWS region (aws), or the region an S3-compatible service signs with (generic). */
  readonly region: string;
  /** provider generic: the S3-compatible bucket of bundles, pointer and node status. */
  readonly storage?: { readonly bucket: string; readonly endpoint?: string };
  readonly ami?: string;
  readonly nodes: number;
  /** EC2 instance type ("" for a generic environment). */
  readonly instanceType: string;
  readonly dnsZone?: string;
  readonly sshKey?: string;
  /** How nodes install FreeSWITCH at first boot; the repository token is a named secret in SSM. */
  readonly freeswitch: { readonly source: 'signalwire-repo' | 'image'; readonly tokenSecret: string };
  /** provider generic: the named secret holding the PostgreSQL URI of the group (docs/ha.md). */
  readonly database?: { readonly dsnSecret: string };
  /** An existing VPC and its public subnets; absent: the stack creates its own VPC. */
  readonly network?: { readonly vpcId: string; readonly subnetIds: readonly string[] };
  readonly state?: { readonly bucket: string; readonly key: string; readonly region: string };
  /** The tenants this environment serves: every one, only test tenants, or the listed ids. */
  readonly tenants: 'all' | 'test' | readonly string[];
  /** Tenant id → its SIP domain in this environment (others keep their own). */
  readonly domains: Readonly<Record<string, string>>;
  /** DID of the spec → the number this environment's carrier delivers. */
  readonly dids: Readonly<Record<string, string>>;
  /** "<tenant>/<trunk>" → the trunk values that differ in this environment. */
  readonly trunks: Readonly<Record<string, TrunkOverride>>;
  readonly origin: Origin;
}

/** Trunk values an environment replaces (register: false, or a test carrier). */
export interface TrunkOverride {
  readonly register?: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly transport?: 'udp' | 'tcp' | 'tls';
  readonly username?: string;
  readonly password?: SecretRef;
  readonly realm?: string;
  readonly fromDomain?: string;
  readonly inboundFrom?: readonly string[];
}

export type Destination =
  | { readonly type: 'extension'; readonly number: string }
  | { readonly type: 'ring_group'; readonly number: string }
  | { readonly type: 'conference'; readonly number: string }
  | { readonly type: 'queue'; readonly number: string }
  | { readonly type: 'ivr'; readonly id: string }
  | { readonly type: 'voicemail'; readonly box: string }
  | { readonly type: 'external'; readonly number: string }
  | { readonly type: 'sip_uri'; readonly uri: string };

export type ExtensionKind = 'extension' | 'line' | 'webrtc';

export interface CallerId {
  readonly number: string;
  readonly name: string;
}

export interface ExtensionModel {
  readonly number: string;
  readonly name: string;
  /** Internal caller ID name. */
  readonly callerIdName: string;
  readonly user?: string;
  readonly email?: string;
  readonly voicemail: boolean;
  readonly record: boolean;
  readonly webrtc: boolean;
  readonly dnd: boolean;
  /** From the most specific number plan entry. */
  readonly kind: ExtensionKind;
  readonly forward: {
    readonly always?: Destination;
    readonly busy?: Destination;
    readonly noAnswer?: { readonly after: number; readonly to: Destination };
    readonly unregistered?: Destination;
  };
  /** Ring group numbers this extension is a member of (its pickup/call groups), sorted. */
  readonly callGroups: readonly string[];
  /** This extension's lines, by priority then DID. */
  readonly lines: readonly LineModel[];
  /** Outbound caller ID: its first line's DID, else the first trunk's caller_id (undefined if none). */
  readonly outboundCallerId?: CallerId;
  /** Outbound caller ID per trunk id: the extension's best line on that trunk, else the trunk's caller_id. */
  readonly callerIdByTrunk: Readonly<Record<string, string>>;
  /** Names of outbound routes with an allow list that includes this extension, sorted. */
  readonly tollAllow: readonly string[];
  readonly password: SecretRef;
  readonly pin: SecretRef;
  readonly origin: Origin;
}

export type RingStrategy = 'simultaneous' | 'sequence' | 'random' | 'enterprise' | 'rollover';

export interface RingGroupModel {
  readonly number: string;
  readonly name: string;
  readonly strategy: RingStrategy;
  readonly ringTimeout: number;
  /** In spec order (the order matters for sequence). */
  readonly members: readonly string[];
  readonly onNoAnswer?: Destination;
  readonly origin: Origin;
}

export interface ConferenceModel {
  readonly number: string;
  readonly name: string;
  /** The FreeSWITCH conference name: `<number>-<tenant>` (unique across the node). */
  readonly room: string;
  readonly pin?: string;
  readonly moderatorPin?: string;
  readonly maxMembers: number;
  readonly waitForModerator: boolean;
  readonly record: boolean;
  readonly announce: boolean;
  readonly origin: Origin;
}

/** One mod_conference profile per tenant, shared by its rooms. */
export interface ConferenceProfileModel {
  readonly rate: number;
  readonly comfortNoise: boolean;
  readonly energyLevel: number;
}

export interface IvrMenuModel {
  readonly id: string;
  readonly name: string;
  readonly greeting: string;
  readonly timeout: number;
  readonly maxFailures: number;
  /** Sorted by digit. */
  readonly options: readonly { readonly digit: string; readonly to: Destination }[];
  readonly onTimeout?: Destination;
  readonly origin: Origin;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ScheduleModel {
  readonly id: string;
  readonly open: readonly {
    /** Days in week order mon..sun, expanded from "mon-fri". */
    readonly days: readonly Weekday[];
    /** Minutes since midnight; to may be 1440 (24:00). from < to. */
    readonly from: number;
    readonly to: number;
  }[];
  /** Holiday rules in spec order (dates, yearly dates and ranges, nth weekdays, Easter-relative days). */
  readonly holidays: readonly HolidayModel[];
  readonly origin: Origin;
}

export interface TrunkModel {
  readonly id: string;
  /** FreeSWITCH gateway name, unique across tenants: "<tenant>-<trunk>". */
  readonly gateway: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly register: boolean;
  readonly username?: string;
  readonly password?: SecretRef;
  readonly realm: string;
  readonly fromDomain: string;
  readonly inboundFrom: readonly string[];
  readonly callerId?: string;
  /** Seconds between OPTIONS pings; 0 = off. */
  readonly ping: number;
  readonly origin: Origin;
}

export interface DidModel {
  /** E.164 with "+". */
  readonly number: string;
  readonly name: string;
  readonly trunk: string;
  /** Resolved: a DID without "to" routes to the extension whose line it is. */
  readonly to: Destination;
  readonly schedule?: string;
  readonly closed?: Destination;
  readonly origin: Origin;
}

export interface LineModel {
  readonly extension: string;
  readonly did: string;
  readonly trunk: string;
  readonly priority: number;
  readonly origin: Origin;
}

export interface CallFilterModel {
  readonly name: string;
  readonly type: 'blacklist' | 'whitelist';
  /** Digits after "+", e.g. "49176". */
  readonly digits: string;
  /** true: the pattern ended in "*" (prefix match); false: exact number. */
  readonly prefix: boolean;
  readonly action: 'reject' | 'hangup' | 'voicemail';
  readonly voicemail?: string;
  readonly origin: Origin;
}

export interface AliasModel {
  readonly number: string;
  readonly name: string;
  readonly to: Destination;
  readonly origin: Origin;
}

export interface OutboundRouteModel {
  readonly name: string;
  readonly kind: 'emergency' | 'prefix' | 'types';
  /** E.164 prefixes ("+49", "+"); for emergency: the tenant's emergency numbers (no "+"); types: none. */
  readonly prefixes: readonly string[];
  /** kind types: the number types it takes (libphonenumber's, in the tenant's country); else empty. */
  readonly types: readonly NumberType[];
  readonly trunk: string;
  /** Extensions allowed (toll restriction); undefined: everyone. */
  readonly allow?: readonly string[];
  readonly origin: Origin;
}

export type Vendor = 'yealink' | 'polycom' | 'snom' | 'grandstream' | 'fanvil' | 'cisco';

export type KeyModel =
  | { readonly type: 'blf'; readonly extension: string; readonly label: string; readonly origin: Origin }
  | { readonly type: 'park'; readonly slot: string; readonly label: string; readonly origin: Origin }
  | { readonly type: 'speed_dial'; readonly number: string; readonly label: string; readonly origin: Origin }
  /** A conference room's presence: lit while the room has members; pressing it joins the room. */
  | { readonly type: 'conference'; readonly room: string; readonly label: string; readonly origin: Origin };

export type SrtpMode = 'off' | 'optional' | 'mandatory';

export interface DeviceModel {
  /** Lower-case hex without separators: "0015654a1000". */
  readonly mac: string;
  readonly vendor: Vendor;
  readonly model: string;
  readonly firmware?: string;
  readonly name: string;
  /** Extension numbers, one account each, first is primary. */
  readonly lines: readonly string[];
  readonly keys: readonly KeyModel[];
  /** SIP transport the phone registers with (Cisco 79x0: never tls). */
  readonly transport: 'udp' | 'tcp' | 'tls';
  /**
   * SRTP of the phone's calls: mandatory (tls with provisioning.srtp auto), optional (tls with
   * optional), off (any other transport, or srtp off).
   */
  readonly srtp: SrtpMode;
  /** Web admin password (derived) when provisioning.admin_password is auto. */
  readonly adminPassword?: SecretRef;
  readonly origin: Origin;
}

export interface RingotelModel {
  readonly organization: string;
  readonly whitelist: string;
  readonly connection: {
    readonly name: string;
    readonly transport: 'udp' | 'tcp' | 'tls';
    /** The platform's SIP port for that transport. */
    readonly port: number;
    readonly dtmf: DtmfMode;
    readonly registrationTtl: number;
    readonly outboundProxy?: string;
    readonly codecs: readonly Codec[];
    readonly headers: readonly { readonly name: string; readonly value: string }[];
  };
  readonly users: readonly string[];
  readonly blfContacts: readonly string[];
  readonly origin: Origin;
}

export interface TenantModel {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  /** A test tenant (served by environments with tenants: test). */
  readonly test: boolean;
  readonly timezone: string;
  readonly language: string;
  /** FreeSWITCH dialplan context of the tenant (its id). */
  readonly context: string;
  readonly dialing: {
    readonly countryCode: string;
    readonly nationalPrefix: string;
    readonly internationalPrefix: string;
    /** Digit counts of national numbers dialled without the national prefix (NANP: [10]). */
    readonly nationalWithoutPrefix: readonly number[];
    readonly emergency: readonly string[];
  };
  /** Platform codes overridden by the tenant's. */
  readonly featureCodes: FeatureCodes;
  readonly park: {
    /** The park code ("*5900"): park on the next free slot. */
    readonly code: string;
    /** Valet parking lot name (the tenant id). */
    readonly lot: string;
    /** Every slot ("*5901" .. "*5999"), in order. */
    readonly slots: readonly string[];
    readonly first: string;
    readonly last: string;
  };
  /** Sorted by number (byte order). */
  readonly extensions: readonly ExtensionModel[];
  readonly ringGroups: readonly RingGroupModel[];
  /** Sorted by number. */
  readonly conferences: readonly ConferenceModel[];
  readonly conferenceProfile: ConferenceProfileModel;
  /** Call queues, sorted by number (queue.ts). */
  readonly queues: readonly QueueModel[];
  readonly ivrMenus: readonly IvrMenuModel[];
  readonly schedules: readonly ScheduleModel[];
  readonly trunks: readonly TrunkModel[];
  readonly dids: readonly DidModel[];
  readonly lines: readonly LineModel[];
  /** Spec order. */
  readonly callFilters: readonly CallFilterModel[];
  readonly aliases: readonly AliasModel[];
  /** Spec order. */
  readonly outboundRoutes: readonly OutboundRouteModel[];
  /** Sorted by MAC. */
  readonly devices: readonly DeviceModel[];
  readonly ringotel?: RingotelModel;
  /** Provisioning HTTP basic-auth password of this tenant's phones. */
  readonly provisioningPassword: SecretRef;
  readonly origin: Origin;
}
