import { Testing } from 'cdktf';
import { DataCloudflareIpRanges } from '@cdktf/provider-cloudflare/lib/data-cloudflare-ip-ranges';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { RegionStack } from '../../stacks/region-stack';
import { logicalIdAt, referenceTo, resourceAt, resourceList, synthStack, validConfig, TEST_ATLAS_PROJECT_ID } from '../support/synth';

function regionStack(regionIndex = 0) {
  const environment = validConfig();
  const app = Testing.app();
  const region = environment.regions[regionIndex];
  const stack = new RegionStack(app, `${environment.name}-${region.region}`, { environment, region, atlasProjectId: TEST_ATLAS_PROJECT_ID });
  return { stack, json: synthStack(stack), region, environment };
}

describe('RegionStack', () => {
  test('reads Cloudflare ranges from the provider data source', () => {
    const { stack } = regionStack();
    expect(Testing.synth(stack)).toHaveDataSource(DataCloudflareIpRanges);
  });

  test('admits the live Cloudflare IPv4 and IPv6 lists on the ALB', () => {
    const { json } = regionStack();
    const sources = resourceList(json, 'aws_vpc_security_group_ingress_rule').map((rule) => rule.for_each);
    expect(sources.sort()).toEqual([
      '${toset(data.cloudflare_ip_ranges.CloudflareIpRanges.ipv4_cidrs)}',
      '${toset(data.cloudflare_ip_ranges.CloudflareIpRanges.ipv4_cidrs)}',
      '${toset(data.cloudflare_ip_ranges.CloudflareIpRanges.ipv6_cidrs)}',
      '${toset(data.cloudflare_ip_ranges.CloudflareIpRanges.ipv6_cidrs)}',
    ]);
  });

  test('points a proxied record per subdomain at the ALB', () => {
    const { stack, json, region, environment } = regionStack();
    const albDnsName = referenceTo(json, 'aws_lb', 'Region/LoadBalancer/LoadBalancer', 'dns_name');
    for (const subdomain of region.subdomains) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(DnsRecord, {
        name: `${subdomain}.${environment.domain}`,
        type: 'CNAME',
        content: albDnsName,
        proxied: true,
        ttl: 1,
        zone_id: '${data.cloudflare_zone.Zone.id}',
      });
    }
  });

  test('creates unproxied validation records from the certificate', () => {
    const { json } = regionStack();
    const records = resourceAt(json, 'cloudflare_dns_record', 'CertificateValidationRecords/Record');
    expect(records.proxied).toBe(false);
    expect(records.for_each).toContain('aws_acm_certificate.');
    expect(records.for_each).toContain('.domain_validation_options');
    expect(records.name).toBe('${trimsuffix(each.value.resource_record_name, ".")}');
  });

  test('validates the certificate only after the records exist', () => {
    const { json } = regionStack();
    const validation = resourceAt(json, 'aws_acm_certificate_validation', 'Certificate/Validation');
    const recordsId = logicalIdAt(json, 'cloudflare_dns_record', 'CertificateValidationRecords/Record');
    expect(validation.depends_on).toEqual([`cloudflare_dns_record.${recordsId}`]);
  });

  test('HTTPS listener uses the validated certificate', () => {
    const { json } = regionStack();
    const listener = resourceAt(json, 'aws_lb_listener', 'HttpsListener');
    expect(listener.certificate_arn).toBe(
      referenceTo(json, 'aws_acm_certificate_validation', 'Certificate/Validation', 'certificate_arn'),
    );
  });

  test('certificate covers every subdomain of the region', () => {
    const { json } = regionStack(1);
    const certificate = resourceAt(json, 'aws_acm_certificate', 'Certificate/Certificate');
    expect([certificate.domain_name, ...certificate.subject_alternative_names]).toEqual([
      'eu.legionsecurity.ai',
      'api-eu.legionsecurity.ai',
    ]);
  });

  test('forwards exactly the region subdomains', () => {
    const { json } = regionStack(1);
    const hosts = resourceList(json, 'aws_lb_listener_rule').flatMap((rule) => rule.condition[0].host_header.values);
    expect(hosts).toEqual(['eu.legionsecurity.ai', 'api-eu.legionsecurity.ai']);
  });

  test('tags every taggable AWS resource through default tags', () => {
    const { json } = regionStack(1);
    expect(json.provider?.aws).toEqual([
      expect.objectContaining({
        region: 'eu-central-1',
        default_tags: [{ tags: { environment: 'production', region: 'eu-central-1', 'managed-by': 'cdktf' } }],
      }),
    ]);
  });

  test('keeps state in the S3 backend with native locking', () => {
    const { json } = regionStack();
    expect(json.terraform?.backend).toEqual({
      s3: {
        bucket: 'legionsecurity-production-tfstate',
        key: 'production-us-east-1/terraform.tfstate',
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('outputs the NAT gateway public IPs', () => {
    const { json } = regionStack();
    const ips = json.output?.nat_public_ips.value;
    expect(ips).toEqual(['A', 'B', 'C'].map((zone) => referenceTo(json, 'aws_eip', `NatAddress${zone}`, 'public_ip')));
  });

  test('pins the provider versions', () => {
    const { json } = regionStack();
    expect(json.terraform?.required_providers).toEqual({
      aws: { source: 'aws', version: '5.100.0' },
      cloudflare: { source: 'cloudflare/cloudflare', version: '5.14.0' },
      mongodbatlas: { source: 'mongodb/mongodbatlas', version: '1.41.1' },
    });
  });
});
