import type { TrunkModel } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { el, param, type XmlElement } from './xml.js';

/**
 * One gateway per trunk. Host, realm, from-domain and username are validated by the schema to
 * host/number alphabets, so they reach the XML unchanged (the renderer still escapes them).
 */
export function gateway(ctx: EmitContext, trunk: TrunkModel): XmlElement {
  const params: XmlElement[] = [
    param('proxy', `${trunk.host}:${trunk.port}`),
    param('realm', trunk.realm),
    param('from-domain', trunk.fromDomain),
    // mod_sofia wants both even for IP-authenticated trunks that never register.
    param('username', trunk.username ?? trunk.id),
    param('password', trunk.password ? ctx.secret(trunk.password) : 'unused'),
    param('register', trunk.register ? 'true' : 'false'),
    param('register-transport', trunk.transport),
    param('caller-id-in-from', 'true'),
    // Calls to the registration contact carry the DID in To: route on it.
    param('extension', 'auto_to_user'),
    param('context', 'public'),
  ];
  if (trunk.register) params.push(param('expire-seconds', 600), param('retry-seconds', 30));
  if (trunk.ping > 0) params.push(param('ping', trunk.ping));
  return el('gateway', { name: trunk.gateway }, params);
}
