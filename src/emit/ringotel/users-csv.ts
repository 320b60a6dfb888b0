import type { TenantModel } from '../../model/types.js';
import { csvField } from '../../util/escape.js';
import type { EmitContext } from '../target.js';

/** Ringotel's user import columns (FS PBX format). */
export const USERS_HEADER = ['Display Name', 'Email', 'Extension', 'Username', 'Password'] as const;

/**
 * One CSV with a row per extension, in the order given; passwords through ctx.secret. BLF-only
 * contacts are imported deactivated and never register, so their rows carry no password at all.
 */
export function usersCsv(
  ctx: EmitContext,
  tenant: TenantModel,
  numbers: readonly string[],
  withPasswords = true,
): string {
  const rows = numbers.flatMap((n) => {
    const ext = tenant.extensions.find((e) => e.number === n);
    if (!ext) return [];
    return [
      [
        ext.callerIdName || ext.name,
        ext.email ?? '',
        ext.number,
        ext.number,
        withPasswords ? ctx.secret(ext.password) : '',
      ],
    ];
  });
  return `${[USERS_HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}
