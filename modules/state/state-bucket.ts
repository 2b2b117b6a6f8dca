import { Construct } from 'constructs';
import { SecureBucket } from '../storage/secure-bucket';

/** Properties of a {@link StateBucket}. */
export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
}

/**
 * The S3 bucket for the Terraform state of every stack of an environment:
 * a {@link SecureBucket} that keeps replaced state versions for 90 days, so
 * an earlier state can be restored.
 */
export class StateBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id, { bucketName: props.bucketName, noncurrentVersionRetentionDays: 90 });
  }
}
