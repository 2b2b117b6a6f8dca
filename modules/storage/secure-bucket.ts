import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

/** Properties of a {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;

  /**
   * Days a replaced or deleted object version is kept before S3 deletes it.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;

  /**
   * Default encryption: `aws:kms` (the AWS managed key) or `AES256` (SSE-S3),
   * which is what ALB access log delivery supports.
   * @default "aws:kms"
   */
  readonly encryption?: 'aws:kms' | 'AES256';

  /**
   * Statements added to the bucket policy beside the TLS-only denial, for
   * example a log delivery grant. Use `${BUCKET_ARN}` for the bucket's ARN.
   * @default - none
   */
  readonly extraPolicyStatements?: readonly Record<string, unknown>[];
}

/** Placeholder for the bucket ARN in {@link SecureBucketProps.extraPolicyStatements}. */
export const BUCKET_ARN = '@@BUCKET_ARN@@';

/**
 * An S3 bucket for data that must not leak or be lost.
 *
 * Versioned so an earlier version can be restored, encrypted by default with
 * KMS, closed to the public and to ACLs, reachable over TLS only, and
 * protected from `terraform destroy` (prevent_destroy). Noncurrent versions
 * expire after a retention period and incomplete multipart uploads after 7 days.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);

    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: true },
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'OwnershipControls', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: props.encryption ?? 'aws:kms' },
          bucketKeyEnabled: (props.encryption ?? 'aws:kms') === 'aws:kms',
        },
      ],
    });

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionRetentionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          ...(props.extraPolicyStatements ?? []).map((statement) =>
            JSON.parse(JSON.stringify(statement).split(BUCKET_ARN).join(this.bucket.arn)),
          ),
        ],
      }),
      // S3 rejects a policy change while the public access block is still being written.
      dependsOn: [publicAccessBlock],
    });
  }
}
