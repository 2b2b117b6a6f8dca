import { Construct } from 'constructs';
import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';

/** Properties of an {@link EcsCluster}. */
export interface EcsClusterProps {
  readonly clusterName: string;
}

/**
 * An ECS cluster for Fargate services with Container Insights on, which also
 * publishes the running task counts that queue-based scaling divides by.
 */
export class EcsCluster extends Construct {
  readonly cluster: EcsClusterResource;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);

    this.cluster = new EcsClusterResource(this, 'Cluster', {
      name: props.clusterName,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });

    new EcsClusterCapacityProviders(this, 'CapacityProviders', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    });
  }
}
