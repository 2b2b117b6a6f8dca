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
import { useS3Backend } from './state-backend';

/** Properties of a {@link RegionStack}. */
export interface RegionStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: RegionConfig;
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

    this.infrastructure = new RegionInfrastructure(this, 'Region', {
      environment,
      region,
      cloudflareIpv4Cidrs: cloudflareRanges.ipv4Cidrs,
      cloudflareIpv6Cidrs: cloudflareRanges.ipv6Cidrs,
    });

    const validationRecords = new ValidationRecords(this, 'CertificateValidationRecords', {
      zoneId: zone.id,
      validationOptions: this.infrastructure.certificate.validationOptions,
    });
    // ACM polls until the records resolve, so create them before the wait starts.
    this.infrastructure.certificate.validation.dependsOn = [validationRecords.records.fqn];

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
      description: 'ECS cluster that runs the backend, worker and poller',
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
    new TerraformOutput(this, 'secret_names', {
      description: 'Secrets Manager secrets whose values operators set out of band',
      value: [...services.secrets.secrets.values()].map((secret) => secret.name),
    });
  }
}
