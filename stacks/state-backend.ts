import { S3Backend, TerraformStack } from 'cdktf';
import { StateConfig } from '../config/types';

/**
 * Stores the stack's state in the environment's S3 bucket under
 * `<stack name>/terraform.tfstate`, encrypted, with S3-native locking.
 *
 * `use_lockfile` (Terraform 1.10 and later) takes a lock object next to the
 * state instead of a DynamoDB table. cdktf 0.21's `S3BackendConfig` has no
 * field for it, so it is set through an override.
 */
export function useS3Backend(stack: TerraformStack, state: StateConfig): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: `${stack.node.id}/terraform.tfstate`,
    region: state.region,
    encrypt: true,
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return backend;
}
