import type { Destination as DestinationSpec } from '../schema/types.gen.js';
import type { Destination } from './types.js';

/** Spec destination (one key) → model destination. Assumes the schema has checked it. */
export function toDestination(spec: DestinationSpec): Destination {
  if (spec.extension !== undefined) return { type: 'extension', number: spec.extension };
  if (spec.ring_group !== undefined) return { type: 'ring_group', number: spec.ring_group };
  if (spec.conference !== undefined) return { type: 'conference', number: spec.conference };
  if (spec.queue !== undefined) return { type: 'queue', number: spec.queue };
  if (spec.ivr !== undefined) return { type: 'ivr', id: spec.ivr };
  if (spec.voicemail !== undefined) return { type: 'voicemail', box: spec.voicemail };
  if (spec.external !== undefined) return { type: 'external', number: spec.external };
  if (spec.sip_uri !== undefined) return { type: 'sip_uri', uri: spec.sip_uri };
  throw new Error('destination without a target passed schema validation');
}

export function describeDestination(d: Destination): string {
  switch (d.type) {
    case 'extension':
      return `extension ${d.number}`;
    case 'ring_group':
      return `ring group ${d.number}`;
    case 'conference':
      return `conference room ${d.number}`;
    case 'queue':
      return `queue ${d.number}`;
    case 'ivr':
      return `IVR ${d.id}`;
    case 'voicemail':
      return `voicemail ${d.box}`;
    case 'external':
      return `external ${d.number}`;
    case 'sip_uri':
      return d.uri;
  }
}
