import { Construct } from 'constructs';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';

/** The task count of an ECS service and its bounds. */
export interface ServiceScalableTargetProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minTasks: number;
  readonly maxTasks: number;
}

/** Registers an ECS service's task count with Application Auto Scaling, between the bounds. */
export function serviceScalableTarget(scope: Construct, props: ServiceScalableTargetProps): AppautoscalingTarget {
  return new AppautoscalingTarget(scope, 'Target', {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    resourceId: `service/${props.clusterName}/${props.serviceName}`,
    minCapacity: props.minTasks,
    maxCapacity: props.maxTasks,
  });
}
