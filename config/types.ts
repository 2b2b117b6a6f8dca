/**
 * Typed configuration of one deployment environment.
 *
 * Every value here is validated by `validateEnvironment` before any construct
 * is created; constructs can rely on the checks listed in config/validate.ts.
 */

/** Sizes of the subnets carved out of a region's VPC CIDR. */
export interface SubnetLayout {
  /**
   * Prefix length of each public subnet (ALB nodes and NAT gateways only).
   * @default 24
   */
  readonly publicPrefixLength?: number;

  /**
   * Prefix length of each private subnet (Fargate tasks, endpoints, proxies).
   * Every Fargate task takes one address, so private subnets are the large ones.
   * @default 20
   */
  readonly privatePrefixLength?: number;
}

/** Settings of a region's internet-facing application load balancer. */
export interface LoadBalancerSettings {
  /**
   * Whether AWS refuses to delete the load balancer until this is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Seconds a connection may stay idle before the ALB closes it (1 to 4000).
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;

  /**
   * Path the target group requests to decide whether a target is healthy.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
}

/** One AWS region the backend runs in. */
export interface RegionConfig {
  /** AWS region name, for example `us-east-1`. */
  readonly region: string;

  /** IPv4 CIDR of the region's VPC, for example `10.10.0.0/16` (prefix /16 to /24). */
  readonly cidr: string;

  /**
   * Availability zones to spread subnets, NAT gateways and tasks over, by name
   * (`us-east-1a`). At least three, each in this region.
   */
  readonly availabilityZones: readonly string[];

  /**
   * DNS labels served by this region: `api` serves `api.<domain>`.
   * A subdomain is served by exactly one region.
   */
  readonly subdomains: readonly string[];

  /** @default - public subnets /24, private subnets /20 */
  readonly subnetLayout?: SubnetLayout;

  /** @default - deletion protection on, 60 s idle timeout, health check on /health */
  readonly loadBalancer?: LoadBalancerSettings;
}

/** Location of the Terraform state of every stack of the environment. */
export interface StateConfig {
  /** Name of the S3 bucket for the state; the bootstrap stack creates it. */
  readonly bucket: string;

  /** AWS region of the state bucket. */
  readonly region: string;

  /**
   * Backend of the bootstrap stack's own state. It starts on `local`, since
   * the bucket does not exist yet, and moves to `s3` once the bucket is created
   * (see the README's bootstrap steps).
   * @default "local"
   */
  readonly bootstrapBackend?: 'local' | 's3';
}

/** One deployment environment: a domain, its state bucket and its regions. */
export interface EnvironmentConfig {
  /** Environment name used in resource names and tags, as a DNS label (`production`). */
  readonly name: string;

  /** Domain served through Cloudflare, for example `legionsecurity.ai`. */
  readonly domain: string;

  readonly state: StateConfig;

  /** Regions the backend runs in; at least one, each at most once. */
  readonly regions: readonly RegionConfig[];
}
