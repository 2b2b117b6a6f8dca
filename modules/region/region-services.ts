import { Construct } from 'constructs';
import { CustomerConfig, EnvironmentConfig, QueueServiceConfig, RegionConfig } from '../../config/types';
import { SERVICE_DEFAULTS } from '../../config/validate-services';
import { regionCode } from '../../lib/naming';
import { EcsCluster } from '../compute/ecs-cluster';
import { FargateService } from '../compute/fargate-service';
import { QueueScaling } from '../compute/queue-scaling';
import { RequestScaling } from '../compute/request-scaling';
import { EmailIdentity } from '../data/email-identity';
import { AtlasEndpointAws } from '../database/atlas-endpoint-aws';
import { ATLAS_DEFAULTS } from '../../config/validate-atlas';
import { SecretContainers } from '../data/secret-containers';
import { WorkQueue } from '../data/work-queue';
import { PublicLoadBalancer } from '../edge/public-load-balancer';
import { PrivateEndpoints } from '../network/private-endpoints';
import { CustomerProxy } from '../proxy/customer-proxy';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { VpcNetwork } from '../network/vpc-network';
import { SecureBucket } from '../storage/secure-bucket';

/** Values the services need to reach the region's Atlas cluster. */
export interface RegionDatabaseEndpoint {
  /** Endpoint service name that Atlas returns for the project and region. */
  readonly endpointServiceName: string;

  /** Private-endpoint connection string of the cluster, without credentials. */
  readonly connectionString: string;
}

/** Properties of a {@link RegionServices}. */
export interface RegionServicesProps {
  readonly environment: EnvironmentConfig;
  readonly region: RegionConfig;
  readonly network: VpcNetwork;
  readonly loadBalancer: PublicLoadBalancer;

  /** @default - no database: services with database access are rejected */
  readonly database?: RegionDatabaseEndpoint;

  /**
   * Image of the customer proxies (Amazon Linux 2023, x86_64). In the region
   * stack it comes from the public SSM parameter, and it is a plain ID in an
   * AWS-only composition.
   * @default - no image: a region with customers is rejected
   */
  readonly proxyImageId?: string;
}

/** A service that connects to the database, with its role on it. */
export interface DatabaseService {
  readonly serviceName: string;
  readonly service: FargateService;
  readonly role: 'read' | 'readWrite';
}

/**
 * The services of one region and everything they use: the ECS cluster, the
 * backend, worker and poller, the blob bucket, the work queues, the secrets,
 * the SES identity and the private endpoints that keep their AWS calls inside
 * the VPC.
 */
export class RegionServices extends Construct {
  readonly endpoints: PrivateEndpoints;
  readonly blobBucket: SecureBucket;
  readonly queues: ReadonlyMap<string, WorkQueue>;
  readonly secrets: SecretContainers;
  readonly email: EmailIdentity;
  readonly cluster: EcsCluster;
  readonly backend: FargateService;
  readonly worker: FargateService;
  readonly poller?: FargateService;

  /** AWS side of the Atlas PrivateLink connection, when the region has a database. */
  readonly atlasEndpoint?: AtlasEndpointAws;

  /** Services that connect to the database. */
  readonly databaseServices: readonly DatabaseService[];

  /** Customer proxies of the region, by customer name. */
  readonly proxies: ReadonlyMap<string, CustomerProxy>;

  constructor(scope: Construct, id: string, props: RegionServicesProps) {
    super(scope, id);

    const { environment, region, network, loadBalancer } = props;
    const services = environment.services;
    const namePrefix = `${environment.name}-${regionCode(region.region)}`;

    const customers = (environment.customers ?? []).filter((customer) => customer.region === region.region);
    const proxyZoneName = `proxies.${environment.name}.internal`;

    this.endpoints = new PrivateEndpoints(this, 'Endpoints', {
      namePrefix,
      region: region.region,
      vpcId: network.vpc.id,
      vpcCidr: region.cidr,
      privateSubnetIds: network.privateSubnetIds,
      privateRouteTableIds: network.privateRouteTableIds,
      // Proxies with a fixed address run in public subnets and install packages from S3.
      publicRouteTableIds: customers.some((customer) => customer.fixedSourceAddress) ? [network.publicRouteTable.id] : [],
      sessionManager: customers.length > 0,
    });

    // The account ID makes the name globally unique; 16 + 15 + 7 + 12 characters at most, within S3's 63.
    this.blobBucket = new SecureBucket(this, 'BlobBucket', {
      bucketName: `${environment.name}-${region.region}-blobs-${environment.accountId}`,
    });

    const queues = new Map<string, WorkQueue>();
    for (const queue of services.queues) {
      queues.set(
        queue.name,
        new WorkQueue(this, `Queue-${queue.name}`, {
          queueName: `${environment.name}-${queue.name}`,
          visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds ?? SERVICE_DEFAULTS.visibilityTimeoutSeconds,
          maxReceiveCount: queue.maxReceiveCount ?? SERVICE_DEFAULTS.maxReceiveCount,
        }),
      );
    }
    this.queues = queues;

    this.secrets = new SecretContainers(this, 'Secrets', { namePrefix: environment.name, names: services.secrets });
    this.email = new EmailIdentity(this, 'Email', { domain: environment.domain });
    this.cluster = new EcsCluster(this, 'Cluster', { clusterName: namePrefix });

    const connection = this.databaseVariables(environment, props.database);
    const needsDatabase = [services.backend, services.worker, services.poller].some((service) => service?.database);
    if (needsDatabase && connection === undefined) {
      throw new Error(
        'RegionServices: a service has database access, but the region has no database endpoint; ' +
          'pass the database property (the region stack does when atlas is configured)',
      );
    }

    const shared = {
      namePrefix,
      environment: environment.name,
      accountId: environment.accountId,
      region: region.region,
      clusterArn: this.cluster.cluster.arn,
      secretArns: new Map([...this.secrets.secrets].map(([name, secret]) => [name, secret.arn])),
      secretsKeyArn: this.secrets.key.arn,
      vpcId: network.vpc.id,
      vpcCidr: region.cidr,
      privateSubnetIds: network.privateSubnetIds,
      logRetentionDays: services.logRetentionDays ?? SERVICE_DEFAULTS.logRetentionDays,
    };

    const backend = services.backend;
    this.backend = new FargateService(this, 'Backend', {
      ...shared,
      serviceName: 'backend',
      container: backend,
      access: this.accessOf(backend),
      derivedEnvironment: backend.database ? connection : undefined,
      initialTaskCount: backend.scaling.minTasks,
      loadBalancing: {
        port: backend.port ?? SERVICE_DEFAULTS.backendPort,
        targetGroupArn: loadBalancer.targetGroup.arn,
        loadBalancerSecurityGroupId: loadBalancer.securityGroup.id,
        dependsOn: [loadBalancer.httpsListener, ...loadBalancer.forwardRules],
        healthCheckGracePeriodSeconds: backend.healthCheckGracePeriodSeconds ?? SERVICE_DEFAULTS.healthCheckGracePeriodSeconds,
      },
    });
    new RequestScaling(this, 'BackendScaling', {
      clusterName: this.cluster.cluster.name,
      serviceName: this.backend.service.name,
      minTasks: backend.scaling.minTasks,
      maxTasks: backend.scaling.maxTasks,
      cpuTargetPercent: backend.scaling.cpuTargetPercent ?? SERVICE_DEFAULTS.cpuTargetPercent,
      requestsPerTarget: backend.scaling.requestsPerTarget ?? SERVICE_DEFAULTS.requestsPerTarget,
      requestCountResourceLabel: `${loadBalancer.loadBalancer.arnSuffix}/${loadBalancer.targetGroup.arnSuffix}`,
    });

    // Stable names, known before the instances exist, so replacing a proxy does not redeploy the services.
    const proxyUrls: Record<string, string> = {};
    for (const customer of customers) {
      proxyUrls[customer.name] = CustomerProxy.urlOf(`${customer.name}.${proxyZoneName}`);
    }
    const proxyVariables: Record<string, string> =
      customers.length > 0 ? { CUSTOMER_PROXIES: JSON.stringify(proxyUrls) } : {};

    this.worker = this.queueService('Worker', 'worker', services.worker, { ...shared, connection, extra: proxyVariables });
    if (services.poller) {
      this.poller = this.queueService('Poller', 'poller', services.poller, { ...shared, connection, extra: proxyVariables });
    }

    const candidates: [string, FargateService | undefined, EnvironmentConfig['services']['backend'] | QueueServiceConfig | undefined][] = [
      ['backend', this.backend, services.backend],
      ['worker', this.worker, services.worker],
      ['poller', this.poller, services.poller],
    ];
    this.databaseServices = candidates.flatMap(([serviceName, service, config]) =>
      service && config?.database ? [{ serviceName, service, role: config.database }] : [],
    );

    this.proxies = this.createProxies(props, customers, proxyZoneName, namePrefix);

    if (props.database && this.databaseServices.length > 0) {
      this.atlasEndpoint = new AtlasEndpointAws(this, 'AtlasEndpoint', {
        namePrefix,
        vpcId: network.vpc.id,
        privateSubnetIds: network.privateSubnetIds,
        endpointServiceName: props.database.endpointServiceName,
        clients: this.databaseServices.map(({ serviceName, service }) => ({
          name: serviceName,
          securityGroupId: service.securityGroup.id,
        })),
      });
    }
  }

  private createProxies(
    props: RegionServicesProps,
    customers: readonly CustomerConfig[],
    zoneName: string,
    namePrefix: string,
  ): Map<string, CustomerProxy> {
    const proxies = new Map<string, CustomerProxy>();
    if (customers.length === 0) {
      return proxies;
    }
    if (props.proxyImageId === undefined) {
      throw new Error('RegionServices: the region has customers, but no proxyImageId was given');
    }

    const { environment, region, network } = props;
    const hostedZone = new Route53Zone(this, 'ProxyZone', {
      name: zoneName,
      comment: 'Stable names of the customer proxies',
      vpc: [{ vpcId: network.vpc.id }],
    });
    const clients = [
      { name: 'worker', securityGroupId: this.worker.securityGroup.id },
      ...(this.poller ? [{ name: 'poller', securityGroupId: this.poller.securityGroup.id }] : []),
    ];

    for (const customer of customers) {
      const networkZone = network.zones[zoneIndexOf(customer.name, network.zones.length)];
      proxies.set(
        customer.name,
        new CustomerProxy(this, `Proxy-${customer.name}`, {
          customer,
          environment: environment.name,
          namePrefix,
          region: region.region,
          vpcId: network.vpc.id,
          vpcCidr: region.cidr,
          subnetId: customer.fixedSourceAddress ? networkZone.publicSubnet.id : networkZone.privateSubnet.id,
          imageId: props.proxyImageId,
          secretsKeyArn: this.secrets.key.arn,
          clients,
          s3PrefixListId: this.endpoints.s3Gateway.prefixListId,
          dnsZoneId: hostedZone.zoneId,
          dnsName: `${customer.name}.${zoneName}`,
          ipsecLocalId: `@${customer.name}-proxy.${environment.domain}`,
        }),
      );
    }
    return proxies;
  }

  /**
   * Returns the variables that carry the connection string, which names the
   * database and requests AWS IAM authentication, so it contains no credentials.
   */
  private databaseVariables(
    environment: EnvironmentConfig,
    database: RegionDatabaseEndpoint | undefined,
  ): Record<string, string> | undefined {
    const atlas = environment.atlas;
    if (!atlas || !database) {
      return undefined;
    }
    const variable = atlas.connectionStringVariable ?? ATLAS_DEFAULTS.connectionStringVariable;
    const options = 'authSource=%24external&authMechanism=MONGODB-AWS&retryWrites=true&w=majority';
    return { [variable]: `${database.connectionString}/${atlas.databaseName}?${options}` };
  }

  private queueService(
    id: string,
    serviceName: string,
    config: QueueServiceConfig,
    shared: Omit<
      ConstructorParameters<typeof FargateService>[2],
      'serviceName' | 'container' | 'access' | 'initialTaskCount'
    > & { connection?: Record<string, string>; extra: Record<string, string> },
  ): FargateService {
    const { connection, extra, ...serviceProps } = shared;
    const service = new FargateService(this, id, {
      ...serviceProps,
      serviceName,
      container: config,
      access: this.accessOf(config),
      initialTaskCount: config.scaling.minTasks,
      derivedEnvironment: { ...(config.database ? connection : {}), ...extra },
    });
    new QueueScaling(this, `${id}Scaling`, {
      clusterName: this.cluster.cluster.name,
      serviceName: service.service.name,
      minTasks: config.scaling.minTasks,
      maxTasks: config.scaling.maxTasks,
      queueName: this.queue(config.scaling.queue).queue.name,
      backlogPerTask: config.scaling.backlogPerTask ?? SERVICE_DEFAULTS.backlogPerTask,
    });
    return service;
  }

  private accessOf(config: QueueServiceConfig | EnvironmentConfig['services']['backend']) {
    return {
      blobBucketArn: (config.usesBlobs ?? true) ? this.blobBucket.bucket.arn : undefined,
      queueArns: (config.queues ?? []).map((name) => this.queue(name).queue.arn),
      emailIdentityArn: (config.sendsEmail ?? true) ? this.email.identity.arn : undefined,
    };
  }

  private queue(name: string): WorkQueue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new Error(`RegionServices: no queue named "${name}"; declare it in services.queues`);
    }
    return queue;
  }
}

/**
 * Picks an availability zone for a customer's proxy from its name, so proxies
 * spread over the zones and each keeps its zone from one synth to the next.
 * NOTE: adding a zone to the region moves some proxies, which replaces them.
 */
function zoneIndexOf(customerName: string, zoneCount: number): number {
  let hash = 0;
  for (const character of customerName) {
    hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  }
  return hash % zoneCount;
}
