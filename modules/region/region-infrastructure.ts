import { Construct } from 'constructs';
import { EnvironmentConfig, RegionConfig } from '../../config/types';
import { DEFAULTS } from '../../config/validate';
import { SERVICE_DEFAULTS } from '../../config/validate-services';
import { ACCESS_DEFAULTS } from '../../config/validate-access';
import { dependencyOf } from '../../lib/dependency';
import { regionCode } from '../../lib/naming';
import { ACCESS_LOG_PREFIX, AccessLogBucket } from '../edge/access-log-bucket';
import { PublicLoadBalancer } from '../edge/public-load-balancer';
import { RegionCertificate } from '../edge/region-certificate';
import { VpcNetwork } from '../network/vpc-network';
import { RegionDatabaseEndpoint, RegionServices } from './region-services';

/** Properties of a {@link RegionInfrastructure}. */
export interface RegionInfrastructureProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;

  /** The region's validated configuration. */
  readonly region: RegionConfig;

  /** Cloudflare's IPv4 ranges: the only IPv4 sources the ALB admits. */
  readonly cloudflareIpv4Cidrs: readonly string[];

  /** Cloudflare's IPv6 ranges: the only IPv6 sources the ALB admits. */
  readonly cloudflareIpv6Cidrs: readonly string[];

  /** Accepted values of the origin header that Cloudflare adds (see `originHeaderName`). */
  readonly originSecrets: readonly string[];

  /**
   * Atlas values the services need: the endpoint service name and the
   * connection string. Plain strings in an AWS-only composition.
   * @default - no database
   */
  readonly database?: RegionDatabaseEndpoint;

  /**
   * Image of the customer proxies: the SSM parameter's value in the region
   * stack, a plain AMI ID in an AWS-only composition.
   * @default - none: a region with customers is rejected
   */
  readonly proxyImageId?: string;
}

/**
 * Every AWS resource of one region: the network, the certificate, the public
 * load balancer, and the services with the data and endpoints they use.
 *
 * It uses the AWS provider only, and Cloudflare-side values come in as plain
 * properties, so it can be composed into a stack with no Cloudflare provider
 * for an offline `terraform plan`.
 */
export class RegionInfrastructure extends Construct {
  readonly network: VpcNetwork;
  readonly certificate: RegionCertificate;
  readonly loadBalancer: PublicLoadBalancer;
  readonly accessLogBucket: AccessLogBucket;
  readonly services: RegionServices;

  /** Fully qualified host names this region serves, in configuration order. */
  readonly hostnames: readonly string[];

  constructor(scope: Construct, id: string, props: RegionInfrastructureProps) {
    super(scope, id);

    const { environment, region } = props;
    const nameParts = [environment.name, regionCode(region.region)];
    this.hostnames = region.subdomains.map((subdomain) => `${subdomain}.${environment.domain}`);

    this.network = new VpcNetwork(this, 'Network', {
      namePrefix: nameParts.join('-'),
      cidr: region.cidr,
      availabilityZones: region.availabilityZones,
      publicPrefixLength: region.subnetLayout?.publicPrefixLength ?? DEFAULTS.publicPrefixLength,
      privatePrefixLength: region.subnetLayout?.privatePrefixLength ?? DEFAULTS.privatePrefixLength,
    });

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: `${environment.name}-${region.region}-alb-logs-${environment.accountId}`,
      region: region.region,
      accountId: environment.accountId,
    });

    this.certificate = new RegionCertificate(this, 'Certificate', {
      hostnames: this.hostnames,
    });

    this.loadBalancer = new PublicLoadBalancer(this, 'LoadBalancer', {
      nameParts,
      vpcId: this.network.vpc.id,
      vpcCidr: region.cidr,
      publicSubnetIds: this.network.publicSubnetIds,
      allowedIpv4Cidrs: props.cloudflareIpv4Cidrs,
      allowedIpv6Cidrs: props.cloudflareIpv6Cidrs,
      certificateArn: this.certificate.certificateArn,
      hostnames: this.hostnames,
      accessLogs: { bucket: this.accessLogBucket.bucket.bucket, prefix: ACCESS_LOG_PREFIX },
      originHeader: {
        name: environment.originHeaderName ?? ACCESS_DEFAULTS.originHeaderName,
        values: props.originSecrets,
      },
      targetPort: environment.services.backend.port ?? SERVICE_DEFAULTS.backendPort,
      deletionProtection: region.loadBalancer?.deletionProtection ?? DEFAULTS.deletionProtection,
      idleTimeoutSeconds: region.loadBalancer?.idleTimeoutSeconds ?? DEFAULTS.idleTimeoutSeconds,
      healthCheckPath: region.loadBalancer?.healthCheckPath ?? DEFAULTS.healthCheckPath,
    });

    // Enabling access logs fails until the bucket policy lets Elastic Load Balancing write.
    this.loadBalancer.loadBalancer.dependsOn = [dependencyOf(this.accessLogBucket.policy)];

    this.services = new RegionServices(this, 'Services', {
      environment,
      region,
      network: this.network,
      loadBalancer: this.loadBalancer,
      database: props.database,
      proxyImageId: props.proxyImageId,
    });
  }
}
