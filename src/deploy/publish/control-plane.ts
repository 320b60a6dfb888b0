import {
  bundleBucketName,
  bundleParameterName,
  nodeOverrideParameterPrefix,
  nodeStatusParameterPrefix,
  pointerHistoryPrefix,
} from '../../model/deploy-names.js';
import type { EnvironmentModel, Model } from '../../model/types.js';

/**
 * Where an environment's control plane lives: the published pointer, its history, every node's
 * status and the per-node overrides. AWS environments keep them in SSM Parameter Store (names under
 * /pbxc/<platform>/<env>/); generic ones as objects next to the bundles in their S3-compatible
 * bucket (keys under control/). The same four names either way, so publish, status, rollback, node
 * and the agent share one code path over a `ParameterStore`.
 */
export interface ControlPlane {
  /** ssm: names are SSM parameters; s3: names are object keys in `bucket`. */
  readonly store: 'ssm' | 's3';
  readonly bucket: string;
  readonly region: string;
  /** provider generic: the spec's S3 endpoint (AWS_ENDPOINT_URL_S3 overrides it). */
  readonly endpoint?: string;
  readonly pointer: string;
  readonly historyPrefix: string;
  readonly statusPrefix: string;
  readonly overridePrefix: string;
}

/** Key prefix of the control objects of a generic environment. */
export const S3_CONTROL_PREFIX = 'control';

export function controlPlane(model: Model, env: EnvironmentModel): ControlPlane {
  const platform = model.platform.id;
  if (env.provider === 'generic' && env.storage) {
    return {
      store: 's3',
      bucket: env.storage.bucket,
      region: env.region,
      ...(env.storage.endpoint ? { endpoint: env.storage.endpoint } : {}),
      pointer: `${S3_CONTROL_PREFIX}/bundle`,
      historyPrefix: `${S3_CONTROL_PREFIX}/history`,
      statusPrefix: `${S3_CONTROL_PREFIX}/status`,
      overridePrefix: overridePrefixFor(`${S3_CONTROL_PREFIX}/bundle`),
    };
  }
  return {
    store: 'ssm',
    bucket: bundleBucketName(platform, env.name),
    region: env.region,
    pointer: bundleParameterName(platform, env.name),
    historyPrefix: pointerHistoryPrefix(platform, env.name),
    statusPrefix: nodeStatusParameterPrefix(platform, env.name),
    overridePrefix: nodeOverrideParameterPrefix(platform, env.name),
  };
}

/** The override folder next to a pointer: what the agent derives from agent.json's bundleParameter. */
export function overridePrefixFor(pointer: string): string {
  return `${pointer.slice(0, pointer.lastIndexOf('/'))}/nodes`;
}

export function overrideName(plane: Pick<ControlPlane, 'overridePrefix'>, node: string): string {
  return `${plane.overridePrefix}/${node}`;
}

export function statusName(plane: Pick<ControlPlane, 'statusPrefix'>, node: string): string {
  return `${plane.statusPrefix}/${node}`;
}

/** History entries sort by name: the sequence number, zero-padded. */
export function historyName(plane: Pick<ControlPlane, 'historyPrefix'>, sequence: number): string {
  return `${plane.historyPrefix}/${String(sequence).padStart(10, '0')}`;
}

/** Where the control plane is, for messages: "SSM /pbxc/…/bundle" or "s3://bucket/control/bundle". */
export function describeName(plane: ControlPlane, name: string): string {
  return plane.store === 'ssm' ? name : `s3://${plane.bucket}/${name}`;
}
