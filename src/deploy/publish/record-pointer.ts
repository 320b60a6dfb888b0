import type { ParameterStore } from './aws-stores.js';
import { type ControlPlane, historyName } from './control-plane.js';
import { type PublishedPointer, publishedPointerJson } from './pointer.js';

/**
 * Writes a new pointer conditionally: first its history entry is created under its sequence number
 * (create-only: of two concurrent publishers exactly one gets it), then the pointer itself. A run that
 * dies between the two leaves a history entry newer than the pointer; the next publish or rollback
 * reads that as the intended state (pointer.ts `latest`) and completes it. False: another writer won.
 */
export async function recordPointer(
  plane: ControlPlane,
  control: ParameterStore,
  pointer: PublishedPointer,
): Promise<boolean> {
  const json = publishedPointerJson(pointer);
  if (!(await control.create(historyName(plane, pointer.sequence ?? 1), json))) return false;
  await control.put(plane.pointer, json);
  return true;
}
