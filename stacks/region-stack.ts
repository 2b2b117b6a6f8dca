import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DataCloudflareIpRanges } from '@cdktf/provider-cloudflare/lib/data-cloudflare-ip-ranges';
import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { EnvironmentConfig, RegionConfig } from '../config/types';
import { EmailRecords } from '../modules/cloudflare/email-records';
import { SubdomainRecords } from '../modules/cloudflare/subdomain-records';
import { ValidationRecords } from '../modules/cloudflare/validation-records';
import { RegionInfrastructure } from '../modules/region/region-infrastructure';
import { awsProvider } from './providers';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { ATLAS_DEFAULTS } from '../config/validate-atlas';
import { ATLAS_AWS_REGIONS } from '../lib/atlas';
import { dependencyOf } from '../lib/dependency';
import { regionCode } from '../lib/naming';
import { AtlasCluster } from '../modules/database/atlas-cluster';
import { AtlasDatabaseUsers } from '../modules/database/atlas-database-users';
import { AtlasPrivateLink } from '../modules/database/atlas-private-link';
import { originSecretsVariable } from './origin-secrets';
import { useS3Backend } from './state-backend';

/** Public SSM parameter with the ID of the current Amazon Linux 2023 image for x86_64. */
export const PROXY_IMAGE_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

/** The Atlas side of a region's database. */
export interface RegionDatabase {
  readonly privateLink: AtlasPrivateLink;
  readonly cluster: AtlasCluster;
}

/** Properties of a {@link RegionStack}. */
export interface RegionStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: RegionConfig;

  /**
   * ID of the environment's Atlas project: a reference to the global stack's
   * project, or the configured `atlas.projectId`.
   * @default - no Atlas resources
   */
  readonly atlasProjectId?: string;
}

/**
 * Everything one region owns: its AWS infrastructure and the Cloudflare records
 * that point its subdomains at it, validate its certificate and authorize its mail.
 *
 * Cloudflare's published IP ranges are read at plan time, so a change to
 * Cloudflare's list shows up in the next plan as added or removed ingress rules.
 */
export class RegionStack extends TerraformStack {
  readonly infrastructure: RegionInfrastructure;
  readonly database?: RegionDatabase;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id);

    const { environment, region } = props;
    awsProvider(this, environment.name, region.region);
    // Reads CLOUDFLARE_API_TOKEN from the environment.
    new CloudflareProvider(this, 'cloudflare', {});
    useS3Backend(this, environment.state);

    const zone = new DataCloudflareZone(this, 'Zone', {
      filter: { name: environment.domain },
    });
    const cloudflareRanges = new DataCloudflareIpRanges(this, 'CloudflareIpRanges', {});
    const database = this.createDatabase(props);
    this.database = database;

    this.infrastructure = new RegionInfrastructure(this, 'Region', {
      environment,
      region,
      cloudflareIpv4Cidrs: cloudflareRanges.ipv4Cidrs,
      cloudflareIpv6Cidrs: cloudflareRanges.ipv6Cidrs,
      originSecrets: originSecretsVariable(this).listValue,
      proxyImageId: this.proxyImageId(props),
      database: database
        ? {
            endpointServiceName: database.privateLink.endpointServiceName,
            connectionString: database.cluster.privateSrvConnectionString,
          }
        : undefined,
    });
    if (database) {
      this.connectDatabase(props, database);
    }

    const validationRecords = new ValidationRecords(this, 'CertificateValidationRecords', {
      zoneId: zone.id,
      validationOptions: this.infrastructure.certificate.validationOptions,
    });
    // ACM polls until the records resolve, so create them before the wait starts.
    this.infrastructure.certificate.validation.dependsOn = [dependencyOf(validationRecords.records)];

    new SubdomainRecords(this, 'SubdomainRecords', {
      zoneId: zone.id,
      domain: environment.domain,
      subdomains: region.subdomains,
      target: this.infrastructure.loadBalancer.loadBalancer.dnsName,
    });

    new EmailRecords(this, 'EmailRecords', {
      zoneId: zone.id,
      identity: this.infrastructure.services.email,
    });

    new TerraformOutput(this, 'nat_public_ips', {
      description: 'Outbound IPv4 addresses of the region (one per NAT gateway); third parties allowlist these',
      value: this.infrastructure.network.natPublicIps,
    });
    new TerraformOutput(this, 'load_balancer_dns_name', {
      description: 'DNS name of the internet-facing ALB that the Cloudflare records point at',
      value: this.infrastructure.loadBalancer.loadBalancer.dnsName,
    });
    new TerraformOutput(this, 'hostnames', {
      description: 'Host names this region serves',
      value: this.infrastructure.hostnames,
    });

    const services = this.infrastructure.services;
    new TerraformOutput(this, 'ecs_cluster_name', {
      description: 'ECS cluster that runs the services of the region',
      value: services.cluster.cluster.name,
    });
    new TerraformOutput(this, 'blob_bucket', {
      description: 'S3 bucket for blobs',
      value: services.blobBucket.bucket.bucket,
    });
    new TerraformOutput(this, 'queue_urls', {
      description: 'Work queue URLs by configured queue name',
      value: Object.fromEntries([...services.queues].map(([name, queue]) => [name, queue.queue.url])),
    });
    new TerraformOutput(this, 'customer_proxies', {
      description: 'Per customer proxy: instance ID (for Session Manager), private IP and the source address the customer sees',
      value: Object.fromEntries(
        [...services.proxies].map(([name, proxy]) => [
          name,
          {
            instance_id: proxy.instance.id,
            private_ip: proxy.instance.privateIp,
            dns_name: proxy.dnsRecord.fqdn,
            source_addresses: proxy.address ? [proxy.address.publicIp] : this.infrastructure.network.natPublicIps,
          },
        ]),
      ),
    });
    new TerraformOutput(this, 'secret_names', {
      description: 'Secrets Manager secrets whose values operators set out of band',
      value: [...services.secrets.secrets.values()].map((secret) => secret.name),
    });
  }

  /** Creates the Atlas private endpoint and cluster, which the AWS side needs first. */
  private createDatabase(props: RegionStackProps): RegionDatabase | undefined {
    const { environment, region, atlasProjectId } = props;
    if (!environment.atlas || !region.database || atlasProjectId === undefined) {
      return undefined;
    }
    // Reads MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (or the API key pair) from the environment.
    new MongodbatlasProvider(this, 'mongodbatlas', {});

    const atlasRegion = ATLAS_AWS_REGIONS.get(region.region);
    if (atlasRegion === undefined) {
      throw new Error(`RegionStack: no Atlas region for ${region.region}; validation should have rejected it`);
    }
    const privateLink = new AtlasPrivateLink(this, 'AtlasPrivateLink', { projectId: atlasProjectId, atlasRegion });
    const cluster = new AtlasCluster(this, 'AtlasCluster', {
      projectId: atlasProjectId,
      clusterName: `${environment.name}-${regionCode(region.region)}`,
      atlasRegion,
      tier: region.database.tier,
      mongoDbMajorVersion: region.database.mongoDbMajorVersion,
      diskSizeGb: region.database.diskSizeGb,
      restoreWindowDays: region.database.restoreWindowDays ?? ATLAS_DEFAULTS.restoreWindowDays,
    });
    return { privateLink, cluster };
  }

  /** Links the AWS endpoint to Atlas and creates a database user per service. */
  private connectDatabase(props: RegionStackProps, database: RegionDatabase): void {
    const services = this.infrastructure.services;
    const awsEndpoint = services.atlasEndpoint;
    if (awsEndpoint) {
      const link = database.privateLink.connect(awsEndpoint.endpoint.id);
      // The cluster reports its private-endpoint connection string once the link exists.
      database.cluster.cluster.dependsOn = [dependencyOf(link)];
    }

    new AtlasDatabaseUsers(this, 'AtlasDatabaseUsers', {
      projectId: props.atlasProjectId as string,
      clusterName: database.cluster.cluster.name,
      databaseName: props.environment.atlas?.databaseName as string,
      users: services.databaseServices.map(({ serviceName, service, role }) => ({
        serviceName,
        taskRoleArn: service.taskRole.arn,
        role,
      })),
    });
  }

  /**
   * Returns the current Amazon Linux 2023 image from its public SSM parameter,
   * when the region has customer proxies. The proxies ignore later image
   * changes, so a new image never replaces one at an unplanned time.
   */
  private proxyImageId(props: RegionStackProps): string | undefined {
    const hasCustomers = (props.environment.customers ?? []).some((customer) => customer.region === props.region.region);
    if (!hasCustomers) {
      return undefined;
    }
    return new DataAwsSsmParameter(this, 'ProxyImage', { name: PROXY_IMAGE_PARAMETER }).value;
  }
}
