import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/** Tags that every taggable AWS resource of a stack receives. */
export function defaultTags(environment: string, region: string): Record<string, string> {
  return {
    environment,
    region,
    'managed-by': 'cdktf',
  };
}

/**
 * Creates an AWS provider for one region that tags every taggable resource with the
 * environment, the region and `managed-by`. Credentials come from the usual
 * AWS sources (environment, profile, SSO, instance role), never from code.
 */
export function awsProvider(scope: Construct, environment: string, region: string): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region,
    defaultTags: [{ tags: defaultTags(environment, region) }],
  });
}
