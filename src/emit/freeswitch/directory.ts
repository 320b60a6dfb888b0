// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { ExtensionModel, TenantModel } from '../../model/types.js';
import type { EmitContext } from '../target.js';
import { fsText, fsToken } from './fs-text.js';
import { el, param, renderXml, variable, type XmlElement } from './xml.js';

/** Every registration of the user, on any profile: desk phone, softphone and mobile ring together. */
const DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/** WebRTC clients: DTLS-SRTP only, Opus first (the `^^:` separator lets the codec list keep its commas). */
const WEBRTC_DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}:media_webrtc=true:rtp_secure_media=mandatory:absolute_codec_string=$${webrtc_codec_prefs}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/** Per-trunk caller ID variable; trunk ids are [a-z0-9-], FreeSWITCH variable names prefer "_". */
export function callerIdVar(trunkId: string): string {
  return `pbxc_cid_${trunkId.replaceAll('-', '_')}`;
}

function userParams(ctx: EmitContext, ext: ExtensionModel): XmlElement[] {
  const params = [param('password', ctx.secret(ext.password)), param('vm-password', ctx.secret(ext.pin))];
  if (ext.voicemail && ext.email) {
    params.push(
      param('vm-mailto', fsText(ext.email)),
      param('vm-email-all-messages', 'true'),
      param('vm-attach-file', 'true'),
    );
  }
  if (ext.webrtc) params.push(param('dial-string', WEBRTC_DIAL_STRING));
  return params;
}

function userVariables(tenant: TenantModel, ext: ExtensionModel): XmlElement[] {
  const vars = [
    variable('user_context', tenant.context),
    // Set only by authentication against this directory: feature codes trust it, never the From header.
    variable('pbxc_extension', ext.number),
    variable('accountcode', ext.number),
    variable('effective_caller_id_name', fsText(ext.callerIdName)),
    variable('effective_caller_id_number', ext.number),
    variable('toll_allow', ext.tollAllow.map(fsToken).join(',')),
    variable('pbxc_record_default', ext.record ? 'true' : 'false'),
    variable('pbxc_dnd_default', ext.dnd ? 'true' : 'false'),
    variable('pbxc_webrtc', ext.webrtc ? 'true' : 'false'),
  ];
  if (ext.outboundCallerId) {
    vars.push(
      variable('outbound_caller_id_name', fsText(ext.outboundCallerId.name)),
      variable('outbound_caller_id_number', ext.outboundCallerId.number),
    );
  }
  for (const [trunk, number] of Object.entries(ext.callerIdByTrunk).sort(([a], [b]) => (a < b ? -1 : 1))) {
    vars.push(variable(callerIdVar(trunk), number));
  }
  if (ext.callGroups.length > 0) {
    // FreeSWITCH's callgroup is one name; pickup (*8) answers calls of the first group.
    vars.push(
      variable('callgroup', ext.callGroups[0]!),
      variable('pbxc_callgroups', ext.callGroups.join(',')),
    );
  }
  return vars;
}

export function directoryXml(ctx: EmitContext, tenant: TenantModel): string {
  const domainVars = [
    variable('domain_name', tenant.domain),
    variable('pbxc_tenant', tenant.id),
    variable('timezone', tenant.timezone),
    variable('default_language', tenant.language),
  ];
  const users = tenant.extensions.map((ext) =>
    el('user', { id: ext.number }, [
      el('params', {}, userParams(ctx, ext)),
      el('variables', {}, userVariables(tenant, ext)),
    ]),
  );
  return renderXml(
    el('include', {}, [
      el('domain', { name: tenant.domain }, [
        el('params', {}, [param('dial-string', DIAL_STRING)]),
        el('variables', {}, domainVars),
        el('groups', {}, [el('group', { name: 'default' }, [el('users', {}, users)])]),
      ]),
    ]),
  );
}
