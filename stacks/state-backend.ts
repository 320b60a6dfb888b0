import { LocalBackend, S3Backend } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../src/index.js';

/** Where an environment's Terraform state lives: its S3 bucket when the spec names one, else on disk. */
export function stateBackend(stack: Construct, stackName: string, state: EnvironmentModel['state']): void {
  if (state) {
    const backend = new S3Backend(stack, {
      bucket: state.bucket,
      key: state.key,
      region: state.region,
      encrypt: true,
    });
    // S3-native state locking (Terraform 1.10+): two applies at once must not corrupt the state, and
    // it needs no DynamoDB table. cdktf 0.21 predates the option, hence the override.
    backend.addOverride('use_lockfile', true);
    return;
  }
  // cdktf's default local path is absolute (this machine's working directory), which would make the
  // JSON differ between checkouts. Relative to the stack's folder in cdktf.out/stacks/, this is the
  // project root, where cdktf itself keeps local state.
  new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
}
