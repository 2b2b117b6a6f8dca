import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { synthesize } from '../../stacks/synthesize';
import { HTTPS_ENDPOINT_SERVICES, SES_SMTP_PORTS, SESSION_MANAGER_ENDPOINT_SERVICES } from '../../modules/network/private-endpoints';
import { CustomerConfig } from '../../config/types';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS } from '../support/cloudflare-ranges';
import { AwsOnlyRegionStack, makeOffline } from '../support/offline-stacks';
import { production } from '../../config/environments/production';
import { validateEnvironment } from '../../config/validate';
import { countByType, OfflineTerraform, ResourceChange } from '../support/terraform';

// Real terraform init, validate and plan: a few seconds per stack with the
// provider mirror, longer on the first run that downloads the provider.
jest.setTimeout(10 * 60 * 1000);

// The embedded default environment, whatever regions it has.
const environment = validateEnvironment(production);
const terraform = new OfflineTerraform();

/** Egress rules of one proxy: endpoints and S3, the VPN, each destination port per network, DNS over UDP and TCP. */
function proxyEgressRuleCount(customer: CustomerConfig): number {
  const vpnRules = customer.vpn.type === 'wireguard' ? 1 : 3;
  const destinationRules = customer.destinations.reduce(
    (sum, destination) => sum + destination.ports.length * (destination.cidr ? 1 : customer.vpn.customerCidrs.length),
    0,
  );
  return 2 + vpnRules + destinationRules + 2 * (customer.dnsServers?.length ?? 0);
}

function after(changes: readonly ResourceChange[], type: string): Record<string, any>[] {
  return changes.filter((change) => change.type === type).map((change) => change.change.after ?? {});
}

describe.each(environment.regions.map((region) => [region.region, region] as const))(
  'AWS side of region %s',
  (_name, region) => {
    let changes: ResourceChange[];

    beforeAll(() => {
      const dir = terraform.synth(
        (app) =>
          new AwsOnlyRegionStack(app, `offline-${region.region}`, {
            environment,
            region,
            statePath: path.join('state', 'terraform.tfstate'),
          }),
      );
      terraform.initAndValidate(dir);
      changes = terraform.plan(dir);
    });

    test('plan only creates resources', () => {
      expect(changes.length).toBeGreaterThan(0);
      for (const change of changes) {
        expect({ address: change.address, actions: change.change.actions }).toEqual({
          address: change.address,
          actions: ['create'],
        });
      }
    });

    test('plan has the expected resources', () => {
      const zones = region.availabilityZones.length;
      const ranges = CLOUDFLARE_IPV4_CIDRS.length + CLOUDFLARE_IPV6_CIDRS.length;
      const services = [environment.services.backend, environment.services.worker, environment.services.poller].filter(
        (service) => service !== undefined,
      );
      const mailSenders = services.filter((service) => service.sendsEmail ?? true).length;
      const databaseClients = services.filter((service) => service.database !== undefined).length;
      const atlasEndpoints = databaseClients > 0 ? 1 : 0;
      const customers = (environment.customers ?? []).filter((customer) => customer.region === region.region);
      const proxyClients = environment.services.poller ? 2 : 1;
      const proxyEgress = customers.reduce((sum, customer) => sum + proxyEgressRuleCount(customer), 0);
      const withCustomers = customers.length > 0 ? 1 : 0;
      const fixedAddresses = customers.filter((customer) => customer.fixedSourceAddress).length;
      const queues = environment.services.queues.length;
      const httpsEndpoints = Object.keys(HTTPS_ENDPOINT_SERVICES).length;

      expect(countByType(changes)).toEqual({
        // Network and edge

        aws_vpc: 1,
        aws_default_security_group: 1,
        aws_internet_gateway: 1,
        aws_subnet: 2 * zones,
        aws_eip: zones,
        aws_nat_gateway: zones,
        aws_route_table: 1 + zones,
        aws_route: 2 + zones,
        aws_route_table_association: 2 * zones,
        aws_acm_certificate: 1,
        aws_acm_certificate_validation: 1,
        aws_lb: 1,
        aws_lb_target_group: 1,
        aws_lb_listener: 2,
        aws_lb_listener_rule: 1,
        // Security groups: the ALB, the two endpoint groups, one per service, the Atlas endpoint, one per proxy
        aws_security_group: 3 + services.length + atlasEndpoints + customers.length,
        aws_vpc_security_group_ingress_rule:
          2 * ranges + 1 + SES_SMTP_PORTS.length + 1 + databaseClients + proxyClients * customers.length,
        aws_vpc_security_group_egress_rule:
          1 + services.length + mailSenders + databaseClients + proxyClients * customers.length + proxyEgress,
        // Private endpoints: the S3 gateway, the HTTPS services, SES SMTP, Atlas, and Session Manager for proxies
        aws_vpc_endpoint:
          1 + httpsEndpoints + 1 + atlasEndpoints + withCustomers * Object.keys(SESSION_MANAGER_ENDPOINT_SERVICES).length,
        // Blob bucket and ALB access log bucket
        aws_s3_bucket: 2,
        aws_s3_bucket_public_access_block: 2,
        aws_s3_bucket_ownership_controls: 2,
        aws_s3_bucket_versioning: 2,
        aws_s3_bucket_server_side_encryption_configuration: 2,
        aws_s3_bucket_lifecycle_configuration: 2,
        aws_s3_bucket_policy: 2,
        // VPC flow logs
        aws_flow_log: 1,
        // Queues with dead-letter queues, secrets, SES
        aws_sqs_queue: 2 * queues,
        aws_sqs_queue_policy: 2 * queues,
        aws_sqs_queue_redrive_allow_policy: queues,
        aws_kms_key: 1,
        aws_kms_alias: 1,
        aws_secretsmanager_secret: environment.services.secrets.length + customers.length,
        aws_ses_domain_identity: 1,
        aws_ses_domain_dkim: 1,
        // ECS
        aws_ecs_cluster: 1,
        aws_ecs_cluster_capacity_providers: 1,
        // Log groups, roles and inline policies: one set per service and proxy, one for flow logs
        aws_cloudwatch_log_group: services.length + customers.length + 1,
        aws_iam_role: 2 * services.length + customers.length + 1,
        aws_iam_role_policy: 2 * services.length + customers.length + 1,
        aws_ecs_task_definition: services.length,
        aws_ecs_service: services.length,
        aws_appautoscaling_target: services.length,
        aws_appautoscaling_policy: 2 + (services.length - 1),
        // Customer proxies: instance, profile, two recovery alarms, DNS name, an address where asked
        ...(customers.length > 0
          ? {
              aws_route53_zone: 1,
              aws_route53_record: customers.length,
              aws_instance: customers.length,
              aws_iam_instance_profile: customers.length,
              aws_cloudwatch_metric_alarm: 2 * customers.length,
            }
          : {}),
        ...(fixedAddresses > 0 ? { aws_eip: zones + fixedAddresses, aws_eip_association: fixedAddresses } : {}),
      });
    });

    test('subnets land in the configured zones', () => {
      const zones = after(changes, 'aws_subnet').map((subnet) => subnet.availability_zone);
      expect(zones.sort()).toEqual([...region.availabilityZones, ...region.availabilityZones].sort());
    });

    test('services run in private subnets without public IPs', () => {
      const services = after(changes, 'aws_ecs_service');
      expect(services.length).toBeGreaterThan(0);
      for (const service of services) {
        expect(service.launch_type).toBe('FARGATE');
        expect(service.network_configuration).toEqual([
          expect.objectContaining({ assign_public_ip: false }),
        ]);
      }
    });

    test('task definitions are Fargate tasks with awsvpc networking', () => {
      const definitions = after(changes, 'aws_ecs_task_definition');
      expect(definitions.length).toBeGreaterThan(0);
      for (const definition of definitions) {
        expect(definition.requires_compatibilities).toEqual(['FARGATE']);
        expect(definition.network_mode).toBe('awsvpc');
      }
    });

    test('ALB is internet-facing with a valid name', () => {
      const [alb] = after(changes, 'aws_lb');
      expect(alb.internal).toBe(false);
      expect(alb.name.length).toBeLessThanOrEqual(32);
    });

    test('default tags reach every taggable resource', () => {
      for (const change of changes) {
        const tagsAll = change.change.after?.tags_all;
        if (tagsAll !== undefined && tagsAll !== null) {
          expect({ address: change.address, tags: tagsAll }).toEqual({
            address: change.address,
            tags: expect.objectContaining({ environment: environment.name, region: region.region, 'managed-by': 'cdktf' }),
          });
        }
      }
    });
  },
);

describe('bootstrap stack', () => {
  let changes: ResourceChange[];

  beforeAll(() => {
    const dir = terraform.synth((app) => {
      const stack = new BootstrapStack(app, 'offline-bootstrap', { environment });
      makeOffline(stack, path.join('state', 'terraform.tfstate'));
      return stack;
    });
    terraform.initAndValidate(dir);
    changes = terraform.plan(dir);
  });

  test('plan creates the state bucket and its settings', () => {
    expect(countByType(changes)).toEqual({
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_policy: 1,
    });
    expect(after(changes, 'aws_s3_bucket')[0].bucket).toBe(environment.state.bucket);
  });
});

describe('every stack of the default environment', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'full-stacks-'));
  const status = synthesize({ variables: {}, outdir, stdout: () => undefined, stderr: () => undefined });
  const stackNames = status === 0 ? readdirSync(path.join(outdir, 'stacks')) : [];

  test('synthesizes', () => {
    expect(status).toBe(0);
    expect(stackNames.length).toBe(2 + environment.regions.length);
  });

  // Only the AWS provider can be installed offline, so these stacks are not planned;
  // Terraform still reads every expression, depends_on and validation in them.
  test.each(stackNames.map((name) => [name]))('%s has no configuration errors', (name) => {
    const dir = path.join(outdir, 'stacks', name);
    rmSync(path.join(dir, '.terraform'), { recursive: true, force: true });
    expect(terraform.configurationErrors(dir)).toEqual([]);
  });
});
