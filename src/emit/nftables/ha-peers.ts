import type { PlatformModel } from '../../model/types.js';

/** Whether any environment runs an active/standby group (more than one node). */
export function hasHaGroup(platform: PlatformModel): boolean {
  return platform.environments.some((env) => env.nodes > 1);
}
