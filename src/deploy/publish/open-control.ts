import { type AwsSettings, awsSettings } from './aws-settings.js';
import type { BundleStore, ParameterStore } from './aws-stores.js';
import type { ControlPlane } from './control-plane.js';
import type { Published } from './pointer.js';
import { parsePublishedPointer } from './pointer.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The SDK settings for an environment's stores: the standard variables; a generic environment's
 * spec endpoint unless AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) overrides it.
 */
export function planeSettings(plane: ControlPlane, env: Env): AwsSettings {
  const base = awsSettings(env, plane.region);
  if (plane.store === 's3' && !base.s3Endpoint && plane.endpoint)
    return { ...base, s3Endpoint: plane.endpoint };
  return base;
}

export interface ControlStores {
  readonly bundles: BundleStore;
  readonly control: ParameterStore;
}

/** Loads only the SDK clients the plane needs: a generic environment never loads the SSM client. */
export async function openControl(plane: ControlPlane, env: Env): Promise<ControlStores> {
  const settings = planeSettings(plane, env);
  const stores = await import('./aws-stores.js');
  return {
    bundles: await stores.s3Store(settings, plane.bucket),
    control:
      plane.store === 's3'
        ? await stores.s3ControlStore(settings, plane.bucket)
        : await stores.ssmStore(settings),
  };
}

/** How many history entries are read (the newest): enough to roll back and to spot going backwards. */
export const HISTORY_READ = 100;

export async function readPublished(plane: ControlPlane, control: ParameterStore): Promise<Published> {
  const text = await control.get(plane.pointer);
  const entries = [...(await control.list(plane.historyPrefix))]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(-HISTORY_READ)
    .map(([, v]) => parsePublishedPointer(v))
    .filter((p) => p !== undefined);
  const pointer = text === undefined ? undefined : parsePublishedPointer(text);
  return { ...(pointer ? { pointer } : {}), history: entries };
}
