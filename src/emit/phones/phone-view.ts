import type { Codec, DeviceModel, DtmfMode, SrtpMode, TenantModel } from '../../model/types.js';
import { VENDORS } from '../../model/vendors.js';
import { conferencePresenceUser } from '../freeswitch/conference.js';
import type { EmitContext } from '../target.js';
import { type ZoneInfo, zoneInfo } from './time-zone.js';

/**
 * Everything a vendor template needs about one device, resolved from the model once so every vendor
 * shows the same server, credentials and keys. Strings here are raw: the renderer sanitizes them
 * for the output format.
 */
export type Transport = 'udp' | 'tcp' | 'tls';

export interface AccountView {
  /** 1-based account index on the phone. */
  readonly index: number;
  readonly extension: string;
  readonly displayName: string;
  readonly label: string;
  readonly authUser: string;
  readonly password: string;
}

export interface KeyView {
  /** 1-based position among the programmable keys (after the line keys on shared-key models). */
  readonly index: number;
  readonly type: 'blf' | 'park' | 'speed_dial' | 'conference';
  /**
   * What the key watches and dials: the extension (BLF), park+<slot digits> (park: the presence
   * id mod_valet_parking publishes; FreeSWITCH's dialplan retrieves the call on it), the number,
   * or conf+<room>-<tenant> (conference: the presence id mod_conference answers for the room;
   * the dialplan joins the caller to the room on it).
   */
  readonly value: string;
  readonly label: string;
}

export interface PhoneView {
  readonly tenant: string;
  readonly mac: string;
  readonly model: string;
  /** Firmware family where the file set depends on it (Cisco 79x0: "7.x" or "8.x"). */
  readonly firmware?: string;
  readonly deviceName: string;
  readonly domain: string;
  readonly transport: Transport;
  readonly port: number;
  /** SRTP of the phone's calls (only ever on with tls): off, optional or mandatory. */
  readonly srtp: SrtpMode;
  /** sip.registration.expires, in seconds (each vendor clamps it to its own range). */
  readonly registrationExpires: number;
  /** sip.registration.keepalive: seconds between NAT keep-alives the phone sends; 0 = off. */
  readonly keepalive: number;
  readonly accounts: readonly AccountView[];
  readonly keys: readonly KeyView[];
  /** Number of keys the lines take before the programmable keys (shared-key models), else 0. */
  readonly lineKeyCount: number;
  readonly voicemail: string;
  readonly pickupDirect: string;
  readonly codecs: readonly Codec[];
  readonly dtmf: DtmfMode;
  readonly ntpServer: string;
  readonly timezone: string;
  readonly zone: ZoneInfo;
  readonly language: string;
  /** The tenant's provisioning folder URL, with a trailing slash. */
  readonly provisioningUrl: string;
  readonly provisioningUser: string;
  readonly provisioningPassword: string;
  /** provisioning.update_interval_minutes in seconds (each vendor clamps it to its own range). */
  readonly updateIntervalSeconds: number;
  /** Settings the user may change on the phone (provisioning.user_settings). */
  readonly userSettings: readonly string[];
  /** undefined when provisioning.admin_password is none (the phone keeps its own). */
  readonly adminPassword?: string;
}

function keyValue(tenant: TenantModel, k: DeviceModel['keys'][number]): string {
  switch (k.type) {
    case 'blf':
      return k.extension;
    case 'park':
      return `park+${k.slot.slice(1)}`;
    case 'conference': {
      // The rules resolved the room (a key to no room is an error before emit).
      const room = tenant.conferences.find((c) => c.number === k.room);
      if (!room) throw new Error(`conference key to unknown room ${k.room}`);
      return conferencePresenceUser(room);
    }
    case 'speed_dial':
      return k.number;
  }
}

/** The model resolves it: the device's transport, else provisioning.sip_transport (udp); Cisco 79x0 never tls. */
export function phoneTransport(device: DeviceModel): Transport {
  return device.transport;
}

export function phoneView(ctx: EmitContext, tenant: TenantModel, device: DeviceModel): PhoneView {
  const { platform } = ctx.model;
  const transport = phoneTransport(device);
  const extension = (n: string) => tenant.extensions.find((e) => e.number === n);
  const accounts = device.lines.map((number, i): AccountView => {
    const ext = extension(number);
    return {
      index: i + 1,
      extension: number,
      displayName: ext?.callerIdName ?? ext?.name ?? number,
      label: ext?.name ?? number,
      authUser: number,
      password: ext ? ctx.secret(ext.password) : '',
    };
  });
  const keys = device.keys.map(
    (k, i): KeyView => ({
      index: i + 1,
      type: k.type,
      value: keyValue(tenant, k),
      label: k.label,
    }),
  );
  const shared = VENDORS[device.vendor].models[device.model]?.sharedKeys ?? false;
  return {
    tenant: tenant.id,
    mac: device.mac,
    model: device.model,
    ...(device.firmware ? { firmware: device.firmware } : {}),
    deviceName: device.name,
    domain: tenant.domain,
    transport,
    port: platform.sip.ports[transport],
    srtp: device.srtp,
    registrationExpires: platform.sip.registration.expires,
    keepalive: platform.sip.registration.keepalive,
    accounts,
    keys,
    lineKeyCount: shared ? accounts.length : 0,
    voicemail: tenant.featureCodes.voicemail,
    pickupDirect: tenant.featureCodes.pickup_direct,
    codecs: platform.sip.codecs,
    dtmf: platform.sip.dtmf,
    ntpServer: platform.provisioning.ntpServer,
    timezone: tenant.timezone,
    zone: zoneInfo(tenant.timezone),
    language: tenant.language,
    provisioningUrl: `${platform.provisioning.baseUrl}/${tenant.id}/`,
    provisioningUser: tenant.id,
    provisioningPassword: ctx.secret(tenant.provisioningPassword),
    updateIntervalSeconds: platform.provisioning.updateIntervalMinutes * 60,
    userSettings: platform.provisioning.userSettings,
    ...(device.adminPassword ? { adminPassword: ctx.secret(device.adminPassword) } : {}),
  };
}
