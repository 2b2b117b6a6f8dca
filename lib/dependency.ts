import { TerraformResource } from 'cdktf';

/**
 * Returns the `depends_on` entry for a resource, `<type>.<name>`, for a
 * dependency added after the dependent resource was created. A resource's
 * `fqn` does not fit there: it renders as `${...}`, which Terraform rejects
 * in `depends_on`.
 */
export function dependencyOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
