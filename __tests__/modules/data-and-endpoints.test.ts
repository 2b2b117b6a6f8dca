import { Testing } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { HTTPS_ENDPOINT_SERVICES, SES_SMTP_PORTS, SESSION_MANAGER_ENDPOINT_SERVICES } from '../../modules/network/private-endpoints';
import { RegionStack } from '../../stacks/region-stack';
import { referenceTo, resourceAt, resourceList, synthStack, validConfig, TEST_ATLAS_PROJECT_ID } from '../support/synth';

const environment = validConfig();
const stack = new RegionStack(Testing.app(), 'production-us-east-1', { environment, region: environment.regions[0], atlasProjectId: TEST_ATLAS_PROJECT_ID });
const json = synthStack(stack);
const synthesized = Testing.synth(stack);

describe('blob bucket', () => {
  const bucket = resourceAt(json, 'aws_s3_bucket', 'BlobBucket/Bucket');

  test('has a unique name and is protected from destroy', () => {
    expect(bucket.bucket).toBe('production-us-east-1-blobs-111122223333');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('blocks public access and disables ACLs', () => {
    expect(resourceAt(json, 'aws_s3_bucket_public_access_block', 'BlobBucket/PublicAccessBlock')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(json, 'aws_s3_bucket_ownership_controls', 'BlobBucket/OwnershipControls').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  test('is encrypted and versioned', () => {
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'BlobBucket/Versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    const [rule] = resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'BlobBucket/Encryption').rule;
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
  });

  test('expires noncurrent versions and incomplete uploads', () => {
    const [rule] = resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'BlobBucket/Lifecycle').rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  test('accepts TLS requests only', () => {
    const policy = JSON.parse(resourceAt(json, 'aws_s3_bucket_policy', 'BlobBucket/Policy').policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});

describe('work queues', () => {
  test.each(environment.services.queues.map((queue) => [queue.name]))('%s has an encrypted dead-letter queue', (name) => {
    const queue = resourceAt(json, 'aws_sqs_queue', `Queue-${name}/Queue`);
    const deadLetter = resourceAt(json, 'aws_sqs_queue', `Queue-${name}/DeadLetterQueue`);
    expect(queue.name).toBe(`production-${name}`);
    expect(deadLetter.name).toBe(`production-${name}-dlq`);
    expect(queue.sqs_managed_sse_enabled).toBe(true);
    expect(deadLetter.sqs_managed_sse_enabled).toBe(true);
    expect(JSON.parse(queue.redrive_policy)).toEqual({
      deadLetterTargetArn: referenceTo(json, 'aws_sqs_queue', `Queue-${name}/DeadLetterQueue`, 'arn'),
      maxReceiveCount: 5,
    });
  });

  test('visibility timeout follows the configuration', () => {
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, { name: 'production-investigations', visibility_timeout_seconds: 900 });
  });

  test('dead-letter queue accepts only its source queue', () => {
    const allow = resourceAt(json, 'aws_sqs_queue_redrive_allow_policy', 'Queue-polling/DeadLetterRedriveAllow');
    expect(JSON.parse(allow.redrive_allow_policy)).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [referenceTo(json, 'aws_sqs_queue', 'Queue-polling/Queue', 'arn')],
    });
  });

  test('every queue denies requests without TLS', () => {
    const policies = resourceList(json, 'aws_sqs_queue_policy');
    expect(policies).toHaveLength(2 * environment.services.queues.length);
    for (const policy of policies) {
      expect(JSON.parse(policy.policy).Statement).toEqual([
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]);
    }
  });
});

describe('secrets', () => {
  test('are empty named containers under their own KMS key', () => {
    const secrets = resourceList(json, 'aws_secretsmanager_secret').filter((secret) => !secret.name.includes('/customers/'));
    expect(secrets.map((secret) => secret.name).sort()).toEqual([
      'production/openai-api-key',
      'production/session-signing-key',
    ]);
    for (const secret of secrets) {
      expect(secret.kms_key_id).toBe(referenceTo(json, 'aws_kms_key', 'Secrets/Key', 'arn'));
      expect(secret.secret_string).toBeUndefined();
    }
    expect(resourceAt(json, 'aws_kms_key', 'Secrets/Key').enable_key_rotation).toBe(true);
  });
});

describe('email', () => {
  test('verifies the domain in SES', () => {
    expect(resourceAt(json, 'aws_ses_domain_identity', 'Email/Identity').domain).toBe('legionsecurity.ai');
  });

  test('publishes verification and DKIM records unproxied', () => {
    const records = resourceList(json, 'cloudflare_dns_record').filter((record) => record.comment?.startsWith('SES'));
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record.proxied).toBe(false);
    }
    expect(synthesized).toHaveResourceWithProperties(DnsRecord, {
      type: 'TXT',
      name: `_amazonses.${referenceTo(json, 'aws_ses_domain_identity', 'Email/Identity', 'domain')}`,
      content: referenceTo(json, 'aws_ses_domain_identity', 'Email/Identity', 'verification_token'),
    });
    const dkim = records.filter((record) => record.type === 'CNAME');
    expect(dkim.map((record) => record.content)).toEqual([0, 1, 2].map((index) => expect.stringContaining(`, ${index})}.dkim.amazonses.com`)));
  });
});

describe('private endpoints', () => {
  const endpoints = resourceList(json, 'aws_vpc_endpoint');

  test('S3 is a gateway endpoint on every private route table', () => {
    expect(synthesized).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: 'com.amazonaws.us-east-1.s3',
      vpc_endpoint_type: 'Gateway',
      route_table_ids: ['A', 'B', 'C'].map((zone) => referenceTo(json, 'aws_route_table', `PrivateRouteTable${zone}`, 'id')),
    });
  });

  test('other services are interface endpoints with private DNS', () => {
    const interfaces = endpoints.filter(
      (endpoint) => endpoint.vpc_endpoint_type === 'Interface' && endpoint.service_name.startsWith('com.amazonaws.us-east-1.'),
    );
    expect(interfaces.map((endpoint) => endpoint.service_name).sort()).toEqual(
      [...Object.values(HTTPS_ENDPOINT_SERVICES), ...Object.values(SESSION_MANAGER_ENDPOINT_SERVICES), 'email-smtp']
        .map((service) => `com.amazonaws.us-east-1.${service}`)
        .sort(),
    );
    const subnets = ['A', 'B', 'C'].map((zone) => referenceTo(json, 'aws_subnet', `PrivateSubnet${zone}`, 'id'));
    for (const endpoint of interfaces) {
      expect(endpoint.private_dns_enabled).toBe(true);
      expect(endpoint.subnet_ids).toEqual(subnets);
    }
  });

  test('endpoint security groups admit their ports from the VPC only', () => {
    const rules = resourceList(json, 'aws_vpc_security_group_ingress_rule').filter((rule) =>
      String(rule.security_group_id).includes('Endpoints'),
    );
    expect(rules.map((rule) => rule.from_port).sort((a, b) => a - b)).toEqual([443, ...SES_SMTP_PORTS].sort((a, b) => a - b));
    for (const rule of rules) {
      expect(rule.cidr_ipv4).toBe('10.10.0.0/16');
      expect(rule.to_port).toBe(rule.from_port);
    }
  });

  test('SES SMTP endpoint uses the submission ports group', () => {
    const smtp = endpoints.find((endpoint) => endpoint.service_name.endsWith('.email-smtp'));
    expect(smtp.security_group_ids).toEqual([referenceTo(json, 'aws_security_group', 'Endpoints/SmtpSecurityGroup', 'id')]);
  });
});
