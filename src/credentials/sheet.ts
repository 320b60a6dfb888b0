import type { ExtensionModel, Model, SecretRef, TenantModel } from '../model/types.js';
import { csvField } from '../util/escape.js';

/**
 * The onboarding sheet of a tenant: every extension's SIP credentials plus the provisioning login
 * of its phones. Pure: the caller passes the secret resolver (it holds the master key).
 */

export interface Transport {
  readonly transport: 'udp' | 'tcp' | 'tls' | 'wss';
  readonly port: number;
  readonly uri: string;
}

export interface ExtensionCredentials {
  readonly number: string;
  readonly name: string;
  readonly username: string;
  readonly password: string;
  readonly voicemailPin?: string;
  readonly transports: readonly Transport[];
}

export interface Sheet {
  readonly tenant: string;
  readonly name: string;
  readonly domain: string;
  readonly server: string;
  readonly provisioning: { readonly url: string; readonly username: string; readonly password: string };
  readonly extensions: readonly ExtensionCredentials[];
}

/** Where a phone or softphone of this extension registers (WebRTC users: WSS only). */
export function transportsOf(model: Model, tenant: TenantModel, ext: ExtensionModel): Transport[] {
  const { ports } = model.platform.sip;
  const wss: Transport = { transport: 'wss', port: ports.wss, uri: `wss://${tenant.domain}:${ports.wss}` };
  if (ext.webrtc) return [wss];
  return [
    { transport: 'udp', port: ports.udp, uri: `sip:${tenant.domain}:${ports.udp};transport=udp` },
    { transport: 'tcp', port: ports.tcp, uri: `sip:${tenant.domain}:${ports.tcp};transport=tcp` },
    { transport: 'tls', port: ports.tls, uri: `sips:${tenant.domain}:${ports.tls};transport=tls` },
    wss,
  ];
}

export function buildSheet(model: Model, tenant: TenantModel, secret: (ref: SecretRef) => string): Sheet {
  return {
    tenant: tenant.id,
    name: tenant.name,
    domain: tenant.domain,
    server: tenant.domain,
    provisioning: {
      url: `${model.platform.provisioning.baseUrl}/${tenant.id}/`,
      username: tenant.id,
      password: secret(tenant.provisioningPassword),
    },
    extensions: tenant.extensions.map((e) => ({
      number: e.number,
      name: e.name,
      username: e.number,
      password: secret(e.password),
      ...(e.voicemail ? { voicemailPin: secret(e.pin) } : {}),
      transports: transportsOf(model, tenant, e),
    })),
  };
}

export const SHEET_HEADER = [
  'kind',
  'tenant',
  'number',
  'name',
  'username',
  'password',
  'voicemail_pin',
  'domain',
  'server',
  'transports',
];

/**
 * A CSV cell a spreadsheet shows as text: csvField defuses a leading = + - @; a formula hidden
 * behind leading blanks is defused too. Digit strings a spreadsheet would read as a number and
 * mangle (a PIN "012345" becomes 12345, 16+ digits lose precision) are written as the text
 * formula ="012345", which Excel, LibreOffice and Google Sheets show as the digits: the one
 * formula pbxc writes, and only ever around digits it checked, so nothing can be injected.
 */
export function sheetCell(value: string): string {
  if (/^[0-9]+$/.test(value) && (value.startsWith('0') || value.length > 15)) return `"=""${value}"""`;
  return csvField(/^\s+[=+\-@]/.test(value) ? `'${value}` : value);
}

export function sheetCsv(sheet: Sheet): string {
  const rows = [
    SHEET_HEADER,
    ...sheet.extensions.map((e) => [
      'extension',
      sheet.tenant,
      e.number,
      e.name,
      e.username,
      e.password,
      e.voicemailPin ?? '',
      sheet.domain,
      sheet.server,
      e.transports.map((t) => `${t.transport}/${t.port}`).join(' '),
    ]),
    [
      'provisioning',
      sheet.tenant,
      '',
      `phones of ${sheet.name}`,
      sheet.provisioning.username,
      sheet.provisioning.password,
      '',
      sheet.domain,
      sheet.provisioning.url,
      'https',
    ],
  ];
  return `${rows.map((r) => r.map(sheetCell).join(',')).join('\n')}\n`;
}

export function sheetJson(sheet: Sheet): string {
  return `${JSON.stringify(sheet, null, 2)}\n`;
}
