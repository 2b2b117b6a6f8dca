import { Construct } from 'constructs';
import { LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EnvironmentConfig, RegionConfig } from '../../config/types';
import { RegionInfrastructure } from '../../modules/region/region-infrastructure';
import { defaultTags } from '../../stacks/providers';
import { CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS } from './cloudflare-ranges';

/**
 * Provider settings that let `terraform validate` and `terraform plan` run with
 * no network and no real account: static fake keys, and every start-up call
 * (credential check, account lookup, region check, instance metadata) skipped.
 */
export const OFFLINE_AWS_PROVIDER = {
  accessKey: 'offline-plan-access-key',
  secretKey: 'offline-plan-secret-key',
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipRegionValidation: true,
  skipMetadataApiCheck: 'true',
} as const;

/**
 * Stand-ins for the values Atlas returns, shaped like the real ones: an AWS
 * endpoint service name and an SRV connection string without credentials.
 */
export const OFFLINE_DATABASE = {
  endpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718',
  connectionString: 'mongodb+srv://production-use1-pl-0.abcde.mongodb.net',
} as const;

/** Stand-in for the origin proof secret that operators pass as a sensitive variable. */
export const OFFLINE_ORIGIN_SECRET = 'offline-plan-origin-secret-0123456789abcdef';

/** Stand-in for the Amazon Linux 2023 image ID that the region stack reads from SSM. */
export const OFFLINE_PROXY_IMAGE_ID = 'ami-0123456789abcdef0';

/** Properties of an {@link AwsOnlyRegionStack}. */
export interface AwsOnlyRegionStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: RegionConfig;
  /** Local state file; plan only reads it. */
  readonly statePath: string;
}

/**
 * The AWS side of a region stack, with Cloudflare's ranges and the Atlas
 * endpoint values passed as plain values and a local backend, so real Terraform can validate and plan it offline.
 */
export class AwsOnlyRegionStack extends TerraformStack {
  readonly infrastructure: RegionInfrastructure;

  constructor(scope: Construct, id: string, props: AwsOnlyRegionStackProps) {
    super(scope, id);

    new AwsProvider(this, 'aws', {
      region: props.region.region,
      defaultTags: [{ tags: defaultTags(props.environment.name, props.region.region) }],
      ...OFFLINE_AWS_PROVIDER,
    });
    new LocalBackend(this, { path: props.statePath });

    this.infrastructure = new RegionInfrastructure(this, 'Region', {
      environment: props.environment,
      region: props.region,
      cloudflareIpv4Cidrs: CLOUDFLARE_IPV4_CIDRS,
      cloudflareIpv6Cidrs: CLOUDFLARE_IPV6_CIDRS,
      originSecrets: [OFFLINE_ORIGIN_SECRET],
      proxyImageId: OFFLINE_PROXY_IMAGE_ID,
      database: props.environment.atlas ? OFFLINE_DATABASE : undefined,
    });
  }
}

/**
 * Switches an existing stack's AWS provider to the offline settings and its
 * backend to a local state file, leaving every resource as the app builds it.
 */
export function makeOffline(stack: TerraformStack, statePath: string): void {
  const provider = stack.node.tryFindChild('aws');
  if (!(provider instanceof AwsProvider)) {
    throw new Error(`Stack ${stack.node.id} has no AWS provider with the id "aws"`);
  }
  provider.accessKey = OFFLINE_AWS_PROVIDER.accessKey;
  provider.secretKey = OFFLINE_AWS_PROVIDER.secretKey;
  provider.skipCredentialsValidation = OFFLINE_AWS_PROVIDER.skipCredentialsValidation;
  provider.skipRequestingAccountId = OFFLINE_AWS_PROVIDER.skipRequestingAccountId;
  provider.skipRegionValidation = OFFLINE_AWS_PROVIDER.skipRegionValidation;
  provider.skipMetadataApiCheck = OFFLINE_AWS_PROVIDER.skipMetadataApiCheck;
  stack.addOverride('terraform.backend', { local: { path: statePath } });
}
