import type { Model, PlatformModel } from '../../../src/model/types.js';

/** A model with parts of platform.firewall replaced: the variants tests need beyond the fixtures. */
export function withFirewall(model: Model, patch: Partial<PlatformModel['firewall']>): Model {
  return { ...model, platform: { ...model.platform, firewall: { ...model.platform.firewall, ...patch } } };
}
