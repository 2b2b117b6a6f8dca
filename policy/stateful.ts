import { TerraformStack } from 'cdktf';
import { StackResources, StackTerraform } from './types';

/**
 * Resource types that hold data or identity that a destroy and create would
 * lose: stored objects and messages, secret values, logs, keys, certificates
 * that clients pin, databases, and public addresses that others allowlist.
 */
export const STATEFUL_TYPES: readonly string[] = [
  'aws_s3_bucket',
  'aws_eip',
  'aws_sqs_queue',
  'aws_secretsmanager_secret',
  'aws_cloudwatch_log_group',
  'aws_kms_key',
  'aws_acm_certificate',
  'mongodbatlas_advanced_cluster',
  'mongodbatlas_project',
];

/** Returns the Terraform addresses of a stack's stateful resources, sorted. */
export function statefulAddresses(stack: TerraformStack): string[] {
  const resources = new StackResources(stack.toTerraform() as StackTerraform);
  return STATEFUL_TYPES.flatMap((type) => resources.ofType(type).map((resource) => resource.address)).sort();
}

/** Returns the addresses that the stack's moved blocks move away from. */
export function movedFromAddresses(stack: TerraformStack): string[] {
  const moved = (stack.toTerraform() as { moved?: { from: string; to: string }[] }).moved ?? [];
  return moved.map((entry) => entry.from).sort();
}
