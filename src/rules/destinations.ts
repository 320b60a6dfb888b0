import { each, type TenantScope } from '../bind/symbols.js';
import type { JsonPath } from '../load/source-file.js';
import type { Destination } from '../schema/types.gen.js';

/** One destination in a tenant: where it sits and a phrase naming its owner for messages. */
export interface DestinationSite {
  readonly dest: Destination;
  readonly path: JsonPath;
  readonly owner: string;
}

const FORWARDS = ['always', 'on_busy', 'on_no_answer', 'on_unregistered'] as const;

/** Every destination of a tenant: forwards, ring group and IVR fallbacks, IVR options, DIDs, aliases. */
export function destinations(scope: TenantScope): DestinationSite[] {
  const out: DestinationSite[] = [];
  const add = (dest: Destination | undefined, path: JsonPath, owner: string) => {
    if (dest && typeof dest === 'object') out.push({ dest, path, owner });
  };
  for (const [e, i] of each(scope, 'extensions')) {
    for (const kind of FORWARDS) {
      add(e.forward?.[kind]?.to, ['extensions', i, 'forward', kind, 'to'], `extension ${e.number} ${kind}`);
    }
  }
  for (const [g, i] of each(scope, 'ring_groups')) {
    add(g.on_no_answer, ['ring_groups', i, 'on_no_answer'], `ring group ${g.number} on_no_answer`);
  }
  for (const [q, i] of each(scope, 'queues'))
    add(q.on_timeout, ['queues', i, 'on_timeout'], `queue ${q.number} on_timeout`);
  for (const [m, i] of each(scope, 'ivr_menus')) {
    for (const [digit, dest] of Object.entries(m.options ?? {})) {
      add(dest, ['ivr_menus', i, 'options', digit], `IVR ${m.id} option ${digit}`);
    }
    add(m.on_timeout, ['ivr_menus', i, 'on_timeout'], `IVR ${m.id} on_timeout`);
  }
  for (const [d, i] of each(scope, 'dids')) {
    add(d.to, ['dids', i, 'to'], `DID ${d.number} to`);
    add(d.closed, ['dids', i, 'closed'], `DID ${d.number} closed`);
  }
  for (const [a, i] of each(scope, 'aliases')) add(a.to, ['aliases', i, 'to'], `alias ${a.number} to`);
  return out;
}
