import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { denyInsecureTransport, policyDocument } from '../../lib/iam';

/** Seconds SQS keeps a message in the dead-letter queue: 14 days, the SQS maximum. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Properties of a {@link WorkQueue}. */
export interface WorkQueueProps {
  /** Queue name; the dead-letter queue is `<name>-dlq`. */
  readonly queueName: string;

  /**
   * Seconds a received message stays hidden from other consumers.
   * @default 300
   */
  readonly visibilityTimeoutSeconds?: number;

  /**
   * Receives after which a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * An SQS queue with a dead-letter queue, both encrypted with SQS-managed keys
 * and reachable over TLS only.
 *
 * A message that fails `maxReceiveCount` times moves to the dead-letter queue,
 * which keeps it for 14 days and accepts messages from this queue only.
 */
export class WorkQueue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);

    this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
      name: `${props.queueName}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });

    this.queue = new SqsQueue(this, 'Queue', {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 300,
      // Long polling: a receive waits up to 20 s for a message instead of returning empty at once.
      receiveWaitTimeSeconds: 20,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
    });

    new SqsQueueRedriveAllowPolicy(this, 'DeadLetterRedriveAllow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });

    for (const [policyId, target] of [
      ['QueuePolicy', this.queue],
      ['DeadLetterQueuePolicy', this.deadLetterQueue],
    ] as const) {
      new SqsQueuePolicy(this, policyId, {
        queueUrl: target.url,
        policy: policyDocument([denyInsecureTransport('sqs:*', [target.arn])]),
      });
    }
  }
}
