import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { serviceScalableTarget } from './service-scalable-target';

/** Properties of a {@link RequestScaling}. */
export interface RequestScalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minTasks: number;
  readonly maxTasks: number;

  /** Average CPU utilization, in percent, to keep. */
  readonly cpuTargetPercent: number;

  /** ALB requests per target per minute to keep. */
  readonly requestsPerTarget: number;

  /** `<load balancer ARN suffix>/<target group ARN suffix>`, the metric's resource label. */
  readonly requestCountResourceLabel: string;
}

/**
 * Target tracking for a service behind an ALB: one policy on average CPU and
 * one on requests per target. The task count follows whichever needs more tasks.
 */
export class RequestScaling extends Construct {
  readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: RequestScalingProps) {
    super(scope, id);

    this.target = serviceScalableTarget(this, props);

    new AppautoscalingPolicy(this, 'Cpu', {
      name: `${props.serviceName}-cpu`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: this.target.serviceNamespace,
      scalableDimension: this.target.scalableDimension,
      resourceId: this.target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.cpuTargetPercent,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      },
    });

    new AppautoscalingPolicy(this, 'Requests', {
      name: `${props.serviceName}-requests`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: this.target.serviceNamespace,
      scalableDimension: this.target.scalableDimension,
      resourceId: this.target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.requestsPerTarget,
        predefinedMetricSpecification: {
          predefinedMetricType: 'ALBRequestCountPerTarget',
          resourceLabel: props.requestCountResourceLabel,
        },
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      },
    });
  }
}
