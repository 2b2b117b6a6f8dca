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

/**
 * The MongoDB Atlas cluster of one region. It runs in the Atlas name of the
 * same AWS region (`us-east-1` is `US_EAST_1`), because an interface endpoint
 * reaches only an endpoint service in its own region.
 */
export interface RegionDatabaseConfig {
  /** Dedicated cluster tier, `M10` or larger (for example `M30`); shared tiers have no private endpoints or continuous backup. */
  readonly tier: string;

  /** MongoDB major version as a string: `"7.0"` or `"8.0"`. */
  readonly mongoDbMajorVersion: string;

  /** Disk size of each node in GB. */
  readonly diskSizeGb: number;

  /**
   * Days back that continuous cloud backup can restore to (point-in-time window).
   * @default 7
   */
  readonly restoreWindowDays?: number;
}

/** One AWS region the backend runs in. */
export interface RegionConfig {
  /** AWS region name, for example `us-east-1`. */
  readonly region: string;

  /**
   * IPv4 CIDR of the region's VPC, for example `10.10.0.0/16`: prefix /16 to /24, inside an RFC 1918
   * range, not overlapping another region. The default subnet layout needs /18 or larger for three zones.
   */
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

  /**
   * The region's Atlas cluster, reached over PrivateLink. Required in every
   * region when `atlas` is set.
   * @default - no cluster
   */
  readonly database?: RegionDatabaseConfig;
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

/** A container image in the Amazon ECR registry of the environment's account, in the task's region. */
export interface ContainerImage {
  /** ECR repository name, for example `legion/backend`. */
  readonly repository: string;

  /**
   * Immutable tag, for example a release or commit id (`2026.12.01-3f9c2ab`).
   * `latest` is rejected because it can move. Set exactly one of `tag` and `digest`.
   */
  readonly tag?: string;

  /** Image digest, `sha256:` and 64 hexadecimal digits. Set exactly one of `tag` and `digest`. */
  readonly digest?: string;
}

/** Settings shared by every service's container. */
export interface ContainerSettings {
  readonly image: ContainerImage;

  /** CPU units of the task (1024 is one vCPU); a value Fargate offers. */
  readonly cpu: number;

  /** Memory of the task in MiB; a size Fargate offers for the chosen CPU. */
  readonly memory: number;

  /**
   * Command that overrides the image's default, as an argument list.
   * @default - the image's CMD
   */
  readonly command?: readonly string[];

  /**
   * Plain environment variables. Never put secrets here: they would be stored
   * in the task definition and the Terraform state.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;

  /**
   * Environment variables filled from Secrets Manager at task start, by the
   * name of a secret listed in `services.secrets`.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, string>>;

  /**
   * Names of the queues (from `services.queues`) that the service sends to and receives from.
   * @default - none
   */
  readonly queues?: readonly string[];

  /**
   * Database role of the service's Atlas user, which authenticates with the
   * task role (AWS IAM), so no password exists. The service receives the
   * private-endpoint connection string in `atlas.connectionStringVariable`.
   * @default - no database access
   */
  readonly database?: 'read' | 'readWrite';

  /**
   * Whether the container's root filesystem is read-only. `/tmp` stays
   * writable on the task's ephemeral storage either way. Turn it off only for
   * an image that must write elsewhere.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Whether the task role may read and write objects in the region's blob bucket.
   * @default true
   */
  readonly usesBlobs?: boolean;

  /**
   * Whether the task role may send mail through SES from the environment's domain.
   * @default true
   */
  readonly sendsEmail?: boolean;
}

/** The backend: an HTTP service behind the ALB, scaled on CPU and request count. */
export interface BackendServiceConfig extends ContainerSettings {
  /**
   * Container port that receives HTTP from the ALB.
   * @default 80
   */
  readonly port?: number;

  /**
   * Seconds after a task starts during which failed ALB health checks do not stop it.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;

  readonly scaling: BackendScaling;
}

/** Autoscaling of the backend. */
export interface BackendScaling {
  /** Minimum number of running tasks, and the task count of the first deploy. */
  readonly minTasks: number;

  /** Maximum number of running tasks. */
  readonly maxTasks: number;

  /**
   * Average CPU utilization, in percent, that target tracking keeps.
   * @default 60
   */
  readonly cpuTargetPercent?: number;

  /**
   * ALB requests per target per minute that target tracking keeps.
   * @default 1000
   */
  readonly requestsPerTarget?: number;
}

/** A queue consumer without a port (the worker, the poller), scaled on its queue's backlog. */
export interface QueueServiceConfig extends ContainerSettings {
  readonly scaling: QueueScaling;
}

/** Autoscaling of a queue consumer. */
export interface QueueScaling {
  /** Minimum number of running tasks, and the task count of the first deploy. */
  readonly minTasks: number;

  /** Maximum number of running tasks. */
  readonly maxTasks: number;

  /** Queue whose backlog drives scaling; one of the service's `queues`. */
  readonly queue: string;

  /**
   * Visible messages per running task that target tracking keeps.
   * @default 100
   */
  readonly backlogPerTask?: number;
}

/** An SQS work queue with its dead-letter queue. */
export interface QueueConfig {
  /** Queue name within the environment, as a DNS label (`investigations`). */
  readonly name: string;

  /**
   * Seconds a received message stays hidden from other consumers.
   * @default 300
   */
  readonly visibilityTimeoutSeconds?: number;

  /**
   * Receives after which a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/** The services of every region and the AWS resources they use. */
export interface ServicesConfig {
  /**
   * Days CloudWatch keeps container logs; a retention period CloudWatch offers.
   * @default 90
   */
  readonly logRetentionDays?: number;

  /**
   * Names of Secrets Manager secrets created empty in each region as
   * `<environment>/<name>`; values are set out of band.
   */
  readonly secrets: readonly string[];

  /** Work queues created in each region. */
  readonly queues: readonly QueueConfig[];

  readonly backend: BackendServiceConfig;
  readonly worker: QueueServiceConfig;

  /** @default - no poller */
  readonly poller?: QueueServiceConfig;
}

/** A WireGuard tunnel to a customer's network. */
export interface WireGuardVpnConfig {
  readonly type: 'wireguard';

  /** Public address or host name of the customer's WireGuard peer. */
  readonly peerEndpoint: string;

  /**
   * UDP port of the peer.
   * @default 51820
   */
  readonly peerPort?: number;

  /** The proxy's address inside the tunnel, a /32 outside the VPC (for example `172.31.250.2/32`). */
  readonly tunnelAddress: string;

  /** IPv4 CIDRs of the customer's networks, routed through the tunnel. */
  readonly customerCidrs: readonly string[];
}

/** An IPsec (IKEv2, pre-shared key) site-to-site tunnel to a customer's network. */
export interface IpsecVpnConfig {
  readonly type: 'ipsec';

  /** Public IPv4 address of the customer's VPN gateway. */
  readonly peerAddress: string;

  /** IPv4 CIDRs of the customer's networks, routed through the tunnel. */
  readonly customerCidrs: readonly string[];
}

/** A host or network inside the customer's networks that the proxy may reach. */
export interface ProxyDestination {
  /** Host name, for example `jira.acme.internal`. Set exactly one of `host` and `cidr`. */
  readonly host?: string;

  /** IPv4 CIDR inside the customer's networks. Set exactly one of `host` and `cidr`. */
  readonly cidr?: string;

  /** TCP ports the proxy may connect to. */
  readonly ports: readonly number[];
}

/** A customer whose tools are reached through a dedicated proxy joined to their VPN. */
export interface CustomerConfig {
  /** Customer name in resource names, tags and the proxy's DNS name; a DNS label of at most 20 characters. */
  readonly name: string;

  /** AWS region of the proxy: one of the configured regions. */
  readonly region: string;

  readonly vpn: WireGuardVpnConfig | IpsecVpnConfig;

  /** Hosts and networks the proxy may reach; everything else is refused. */
  readonly destinations: readonly ProxyDestination[];

  /**
   * DNS servers inside the customer's networks that resolve destination host names.
   * @default - the VPC resolver
   */
  readonly dnsServers?: readonly string[];

  /**
   * EC2 instance type of the proxy.
   * @default "t3.small"
   */
  readonly instanceType?: string;

  /**
   * Whether the proxy needs a source address of its own, for a customer that
   * allowlists it: the proxy then runs in a public subnet with its own
   * Elastic IP, instead of in a private subnet behind the shared NAT gateways.
   * @default false
   */
  readonly fixedSourceAddress?: boolean;
}

/** A group in a Cloudflare Access identity provider whose members count as internal users. */
export interface IdentityProviderGroup {
  /** Kind of identity provider. */
  readonly provider: 'okta' | 'azureAD' | 'gsuite';

  /** ID of the identity provider in Cloudflare Zero Trust (a UUID). */
  readonly identityProviderId: string;

  /** Group: the Okta group name, the Azure AD group object ID, or the Google group email. */
  readonly group: string;
}

/** Access rules of the session viewer, enforced by Cloudflare Zero Trust Access. */
export interface AccessConfig {
  /** Cloudflare account ID (32 hexadecimal digits) that owns the Zero Trust organization. */
  readonly cloudflareAccountId: string;

  /** Email domains of internal users, for example `legionsecurity.ai`. */
  readonly allowedEmailDomains: readonly string[];

  /**
   * Identity provider groups whose members are also internal users.
   * @default - email domains only
   */
  readonly identityProviderGroups?: readonly IdentityProviderGroup[];

  /**
   * How long an Access session lasts before the user signs in again, as a
   * number and a unit, `m` or `h` (`8h`), at most `730h`.
   * @default "8h"
   */
  readonly sessionDuration?: string;

  /**
   * Path guarded on every subdomain; everything outside it stays public.
   * @default "/session"
   */
  readonly protectedPath?: string;
}

/** The MongoDB Atlas organization and project of an environment. */
export interface AtlasConfig {
  /** Atlas organization ID (24 hexadecimal digits). */
  readonly orgId: string;

  /**
   * Name of a project this environment creates, in the global stack.
   * Set exactly one of `projectName` and `projectId`.
   */
  readonly projectName?: string;

  /**
   * ID of an existing project (24 hexadecimal digits) to use.
   * Set exactly one of `projectName` and `projectId`.
   */
  readonly projectId?: string;

  /** Database the services use; their users' roles apply to it. */
  readonly databaseName: string;

  /**
   * Environment variable that carries the connection string into the services.
   * @default "MONGODB_URI"
   */
  readonly connectionStringVariable?: string;
}

/** One deployment environment: a domain, its state bucket and its regions. */
export interface EnvironmentConfig {
  /** Environment name used in resource names and tags, as a DNS label (`production`). */
  readonly name: string;

  /** AWS account ID (12 digits) of the environment; its ECR registry contains the images. */
  readonly accountId: string;

  /** Domain served through Cloudflare, for example `legionsecurity.ai`. */
  readonly domain: string;

  readonly state: StateConfig;

  /** Regions the backend runs in; at least one, each at most once. */
  readonly regions: readonly RegionConfig[];

  readonly services: ServicesConfig;

  /** @default - no Atlas clusters */
  readonly atlas?: AtlasConfig;

  readonly access: AccessConfig;

  /**
   * Customers with self-hosted tools, each with a proxy in its region.
   * @default - none
   */
  readonly customers?: readonly CustomerConfig[];

  /**
   * Request header that Cloudflare adds to every request to the origin, with a
   * secret value, and that the ALB requires before forwarding.
   * @default "X-Origin-Verify"
   */
  readonly originHeaderName?: string;
}
