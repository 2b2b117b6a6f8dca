import { Testing } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { testConfig, resourceList, synthStack, validConfig } from '../support/synth';

function bootstrap(change: (config: any) => void = () => undefined) {
  const config = testConfig();
  change(config);
  return new BootstrapStack(Testing.app(), 'production-bootstrap', { environment: validConfig(config) });
}

describe('BootstrapStack', () => {
  const synthesized = Testing.synth(bootstrap());
  const json = synthStack(bootstrap());

  test('creates the state bucket protected from destroy', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'legionsecurity-production-tfstate',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('versions the bucket', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('encrypts the bucket by default', () => {
    const [encryption] = resourceList(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true },
    ]);
  });

  test('blocks every kind of public access', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('disables ACLs', () => {
    const [ownership] = resourceList(json, 'aws_s3_bucket_ownership_controls');
    expect(ownership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('denies requests without TLS', () => {
    const [policy] = resourceList(json, 'aws_s3_bucket_policy');
    const document = JSON.parse(policy.policy);
    expect(document.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    expect(document.Statement[0].Resource).toHaveLength(2);
  });

  test('starts on local state in the project root', () => {
    expect(json.terraform?.backend).toEqual({ local: { path: '../../../terraform.production-bootstrap.tfstate' } });
  });

  test('moves to the S3 backend once migrated', () => {
    const migrated = synthStack(bootstrap((c) => (c.state.bootstrapBackend = 's3')));
    expect(migrated.terraform?.backend).toEqual({
      s3: {
        bucket: 'legionsecurity-production-tfstate',
        key: 'production-bootstrap/terraform.tfstate',
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});
