import { type BundlePointer, bundleObjectKey } from '../../model/deploy-names.js';
import type { EnvironmentModel, Model } from '../../model/types.js';
import type { PackedBundle } from '../pack/bundle.js';
import { controlPlane } from './control-plane.js';

/** Everything publish will do, decided before any request: what `--dry-run` prints. */
export interface PublishPlan {
  readonly environment: string;
  readonly region: string;
  readonly bucket: string;
  readonly parameter: string;
  readonly pointer: BundlePointer;
  readonly bytes: number;
  readonly files: number;
}

export function findEnvironment(model: Model, name: string): EnvironmentModel | undefined {
  return model.platform.environments.find((e) => e.name === name);
}

export function publishPlan(model: Model, env: EnvironmentModel, bundle: PackedBundle): PublishPlan {
  const plane = controlPlane(model, env);
  return {
    environment: env.name,
    region: env.region,
    bucket: plane.bucket,
    parameter: plane.pointer,
    pointer: { version: bundle.version, key: bundleObjectKey(bundle.sha256), sha256: bundle.sha256 },
    bytes: bundle.bytes.length,
    files: bundle.files,
  };
}

/** The parameter value: compact JSON with a fixed key order. */
export function pointerJson(pointer: BundlePointer): string {
  return JSON.stringify({ version: pointer.version, key: pointer.key, sha256: pointer.sha256 });
}
