import type { Vendor } from '../../model/types.js';
import { yealinkCommonFile } from '../phones/vendors/yealink.js';

/**
 * What one phone of each vendor asks the provisioning site for when it boots (and at each
 * periodic check), from the vendors' provisioning guides: the files pbxc writes plus the ones the
 * firmware tries that pbxc does not write (answered 404) and the uploads it attempts (answered 405).
 * The rate limit is sized from it, and a test replays it through the real nginx and fail2ban.
 */
export interface PhoneRequest {
  readonly method: 'GET' | 'PUT';
  /** File name inside the tenant folder. */
  readonly name: string;
}

/** `mac` lower-case hex, `model` as in the spec. Cisco 79x0 fetch over TFTP, never from this site. */
export const FETCH_SEQUENCES: Readonly<
  Record<Exclude<Vendor, 'cisco'>, (mac: string, model: string) => readonly PhoneRequest[]>
> = {
  // <mac>.boot; without it y000000000000.boot; the cfg files it includes; <mac>-local.cfg
  // (settings changed on the phone, when synchronisation is on) and the contact file.
  yealink: (mac, model) => [
    get(`${mac}.boot`),
    get(yealinkCommonFile(model)),
    get(`${mac}.cfg`),
    get(`${mac}-local.cfg`),
    get(`${mac}-contact.xml`),
  ],
  // Master file, its CONFIG_FILES, the firmware image check, overrides, web settings, licence,
  // contact directory (the per-phone one, then the shared one), and the uploads: boot and
  // application logs, overrides and contacts changed on the phone, call lists.
  polycom: (mac, model) => [
    get(`${mac}.cfg`),
    get(`${mac}-pbxc.cfg`),
    get('pbxc-common.cfg'),
    get(`${model}-sip.ld`),
    get(`${mac}-phone.cfg`),
    get(`${mac}-web.cfg`),
    get(`${mac}-license.cfg`),
    get(`${mac}-directory.xml`),
    get('000000000000-directory.xml'),
    put(`${mac}-boot.log`),
    put(`${mac}-app.log`),
    put(`${mac}-phone.cfg`),
    put(`${mac}-directory.xml`),
    put(`${mac}-calls.xml`),
  ],
  // First boot from the tenant folder: snom<model>.htm, snom<model>-<MAC>.htm; then the
  // setting server's <MAC>.xml.
  snom: (mac, model) => [
    get(`snom${model}.htm`),
    get(`snom${model}-${mac.toUpperCase()}.htm`),
    get(`${mac.toUpperCase()}.xml`),
  ],
  // cfg<mac> (binary), cfg<mac>.xml, cfg<model>.xml, cfg.xml, in that order.
  grandstream: (mac, model) => [
    get(`cfg${mac}`),
    get(`cfg${mac}.xml`),
    get(`cfg${model.toLowerCase()}.xml`),
    get('cfg.xml'),
  ],
  // <mac>.cfg, and on a factory-new phone the model's common file.
  fanvil: (mac, model) => [get(`${mac}.cfg`), get(`f0${model}.cfg`), get('f0C00580000.cfg')],
};

function get(name: string): PhoneRequest {
  return { method: 'GET', name };
}
function put(name: string): PhoneRequest {
  return { method: 'PUT', name };
}

/** An office behind one address (one NAT) that reboots at once, e.g. after a power cut. */
export const OFFICE_PHONES = 50;

/** Most requests one phone makes per boot: each file asked twice (the 401 challenge, then with credentials). */
export function requestsPerBoot(): number {
  return Math.max(
    ...Object.values(FETCH_SEQUENCES).map((sequence) => 2 * sequence('000000000000', 'T54W').length),
  );
}

/**
 * nginx limit_req for the provisioning site, per client address: a whole office of the busiest
 * vendor rebooting at once fits into the burst, and the bucket refills within a minute.
 */
export function provisioningRateLimit(): { readonly perMinute: number; readonly burst: number } {
  const office = OFFICE_PHONES * requestsPerBoot();
  return { perMinute: office, burst: office };
}
