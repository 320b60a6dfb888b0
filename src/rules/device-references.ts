import { each } from '../bind/symbols.js';
import { diag } from '../diag/diagnostic.js';
import { effectiveCodes } from './feature-codes.js';
import { checkRef } from './refs.js';
import { isWebrtc } from './ringotel.js';
import type { Rule } from './rule.js';
import { parkSlots } from './service-codes.js';

/** Lines and BLF keys name extensions (WebRTC clients cannot be a desk phone line); park keys a slot. */
export const deviceReferences: Rule = {
  name: 'device-references',
  check(ctx) {
    for (const scope of ctx.bound.tenants) {
      const parkText = effectiveCodes(ctx.bound, scope)?.find((c) => c.name === 'park_slots')?.value;
      const slots = parkText === undefined ? undefined : parkSlots(parkText).slots;
      for (const [d, i] of each(scope, 'devices')) {
        const what = `device "${d.name}"`;
        d.lines.forEach((ext, j) => {
          const path = ['devices', i, 'lines', j];
          if (checkRef(ctx, scope, 'extensions', ext, path, `${what} line`) && isWebrtc(scope, ext))
            ctx.report(
              diag(
                'PBX3082',
                { ext, what: `a desk phone line (${what})`, tenant: scope.id },
                scope.locate(path),
              ),
            );
        });
        (d.keys ?? []).forEach((key, j) => {
          const path = ['devices', i, 'keys', j];
          if (key.type === 'blf')
            checkRef(ctx, scope, 'extensions', key.extension, [...path, 'extension'], `${what} BLF key`);
          if (key.type === 'conference')
            checkRef(ctx, scope, 'conferences', key.room, [...path, 'room'], `${what} conference key`);
          if (key.type === 'park' && slots && !slots.includes(key.slot)) {
            const range = parkText ?? '';
            ctx.report(
              diag(
                'PBX3065',
                { slot: key.slot, tenant: scope.id, range, device: d.name },
                scope.locate([...path, 'slot']),
              ),
            );
          }
        });
      }
    }
  },
};
