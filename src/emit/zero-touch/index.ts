import type { TenantModel, Vendor } from '../../model/types.js';
import { csvField } from '../../util/escape.js';
import { compareStrings } from '../../util/text.js';
import type { EmitContext, EmittedFile, Target } from '../target.js';

/**
 * What each vendor's redirection service needs to send a factory-new phone to its tenant's
 * provisioning folder: the server URL per MAC (and the folder's basic-auth credentials, which the
 * services store with the server entry). pbxc cannot call these services; it writes one CSV per
 * service to import or copy from. docs/phones.md ("Zero-touch") says where each goes.
 */
interface Service {
  readonly file: string;
  readonly name: string;
  /** The MAC as the service's forms show it. */
  mac(hex: string): string;
  /** The URL the phone is redirected to, from the tenant folder URL (trailing slash). */
  url(folder: string): string;
}

const upper = (hex: string) => hex.toUpperCase();
const colons = (hex: string) => (hex.toUpperCase().match(/../g) ?? []).join(':');

const SERVICES: Readonly<Partial<Record<Vendor, Service>>> = {
  // Yealink RPS: the server URL is the folder; the phone appends <mac>.cfg and its common file.
  yealink: { file: 'yealink-rps.csv', name: 'Yealink RPS', mac: upper, url: (f) => f },
  // Polycom ZTP (Poly Lens / RPRM): the provisioning server is the folder with the master <mac>.cfg.
  polycom: { file: 'polycom-ztp.csv', name: 'Polycom ZTP', mac: upper, url: (f) => f },
  // Snom SRAPS: the setting server URL, with the {mac} placeholder the firmware fills in.
  snom: { file: 'snom-sraps.csv', name: 'Snom SRAPS', mac: upper, url: (f) => `${f}{mac}.xml` },
  // Fanvil FDPS: the folder; the phone appends <mac>.cfg.
  fanvil: { file: 'fanvil-fdps.csv', name: 'Fanvil FDPS', mac: colons, url: (f) => f },
  // Grandstream GDMS: the config server path; the phone appends cfg<mac>.xml.
  grandstream: { file: 'grandstream-gdms.csv', name: 'Grandstream GDMS', mac: upper, url: (f) => f },
};

const HEADER = ['MAC', 'Server URL', 'Username', 'Password', 'Tenant', 'Device'];

function rows(ctx: EmitContext, tenant: TenantModel, vendor: Vendor, service: Service): string[][] {
  const folder = `${ctx.model.platform.provisioning.baseUrl}/${tenant.id}/`;
  return tenant.devices
    .filter((d) => d.vendor === vendor)
    .map((d) => [
      service.mac(d.mac),
      service.url(folder),
      tenant.id,
      ctx.secret(tenant.provisioningPassword),
      tenant.id,
      d.name,
    ]);
}

export const zeroTouchTarget: Target = {
  name: 'zero-touch',
  description: 'Import files for the vendors redirection services: provisioning URL per MAC',
  emit(ctx) {
    const files: EmittedFile[] = [];
    for (const [vendor, service] of Object.entries(SERVICES) as [Vendor, Service][]) {
      const body = ctx.model.tenants.flatMap((t) => rows(ctx, t, vendor, service));
      if (body.length === 0) continue;
      body.sort((a, b) => compareStrings(a[0]!, b[0]!));
      const lines = [HEADER, ...body].map((r) => r.map(csvField).join(','));
      files.push({ path: `zero-touch/${service.file}`, content: `${lines.join('\n')}\n`, sensitive: true });
    }
    return { files: files.sort((a, b) => compareStrings(a.path, b.path)), diagnostics: [] };
  },
};
