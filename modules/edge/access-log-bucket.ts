import { Construct } from 'constructs';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { BUCKET_ARN, SecureBucket } from '../storage/secure-bucket';

/**
 * Regions opened before December 2021, where Elastic Load Balancing writes
 * access logs as a regional AWS account. Regions opened since then use the
 * log delivery service principal instead.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
const ELB_ACCOUNT_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

/** Key prefix of the access logs in the bucket. */
export const ACCESS_LOG_PREFIX = 'alb';

/** Properties of an {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * The bucket an ALB writes its access logs to: a {@link SecureBucket} with
 * SSE-S3 encryption, the only default encryption ALB log delivery supports,
 * and a policy that lets Elastic Load Balancing write under `alb/` only.
 */
export class AccessLogBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    // The ELB account of a region is a static lookup in the provider, so it needs no API call.
    const principal = ELB_ACCOUNT_REGIONS.has(props.region)
      ? { AWS: new DataAwsElbServiceAccount(scope, `${id}ElbAccount`, { region: props.region }).arn }
      : { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' };

    super(scope, id, {
      bucketName: props.bucketName,
      encryption: 'AES256',
      extraPolicyStatements: [
        {
          Sid: 'AllowLoadBalancerLogDelivery',
          Effect: 'Allow',
          Principal: principal,
          Action: 's3:PutObject',
          Resource: `${BUCKET_ARN}/${ACCESS_LOG_PREFIX}/AWSLogs/${props.accountId}/*`,
        },
      ],
    });
  }
}
