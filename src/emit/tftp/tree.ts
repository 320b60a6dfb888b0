import { fetchesOverTftp } from '../../model/vendors.js';
import { compareStrings } from '../../util/text.js';
import { phoneView } from '../phones/phone-view.js';
import { cisco } from '../phones/vendors/cisco.js';
import type { EmitContext } from '../target.js';

export interface TftpFile {
  readonly name: string;
  readonly content: string;
}

/**
 * The flat TFTP root: the 79x0 ask for SEP<MAC>.cnf.xml (8.x) or SIPDefault.cnf then SIP<MAC>.cnf
 * (7.x), by those names and without a folder, so every tenant's phones share one root. MACs are
 * unique across tenants and SIPDefault.cnf holds platform-wide settings only, so names never clash;
 * a clash would be a bug, and is reported as one.
 */
export function tftpTree(ctx: EmitContext): TftpFile[] {
  const files = new Map<string, string>();
  for (const tenant of ctx.model.tenants) {
    for (const device of tenant.devices.filter(fetchesOverTftp)) {
      const view = phoneView(ctx, tenant, device);
      for (const f of [...cisco.deviceFiles(view), ...(cisco.commonFiles?.(view) ?? [])]) {
        const seen = files.get(f.name);
        if (seen !== undefined && seen !== f.content)
          throw new Error(`tftp: ${f.name} differs between tenants (tenant ${tenant.id})`);
        files.set(f.name, f.content);
      }
    }
  }
  return [...files]
    .map(([name, content]) => ({ name, content }))
    .sort((a, b) => compareStrings(a.name, b.name));
}
