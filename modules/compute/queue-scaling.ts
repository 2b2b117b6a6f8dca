import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { serviceScalableTarget } from './service-scalable-target';

/** Properties of a {@link QueueScaling}. */
export interface QueueScalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minTasks: number;
  readonly maxTasks: number;

  /** Name of the queue whose backlog drives the task count. */
  readonly queueName: string;

  /** Visible messages per running task to keep. */
  readonly backlogPerTask: number;
}

/**
 * Target tracking on a queue's backlog per task: the visible messages divided
 * by the running tasks, so the task count grows with the work waiting.
 * Running tasks come from Container Insights.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
export class QueueScaling extends Construct {
  readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: QueueScalingProps) {
    super(scope, id);

    this.target = serviceScalableTarget(this, props);

    new AppautoscalingPolicy(this, 'Backlog', {
      name: `${props.serviceName}-backlog-per-task`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: this.target.serviceNamespace,
      scalableDimension: this.target.scalableDimension,
      resourceId: this.target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.backlogPerTask,
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              label: 'Visible messages',
              returnData: false,
              metricStat: {
                stat: 'Sum',
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: props.queueName }],
                },
              },
            },
            {
              id: 'tasks',
              label: 'Running tasks',
              returnData: false,
              metricStat: {
                stat: 'Average',
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: props.clusterName },
                    { name: 'ServiceName', value: props.serviceName },
                  ],
                },
              },
            },
            { id: 'backlog', label: 'Visible messages per running task', expression: 'visible / tasks', returnData: true },
          ],
        },
      },
    });
  }
}
