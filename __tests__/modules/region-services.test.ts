import { Testing } from 'cdktf';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { RegionStack } from '../../stacks/region-stack';
import { logicalIdAt, referenceTo, resourceAt, resourceList, resources, synthStack, testConfig, validConfig, TEST_ATLAS_PROJECT_ID } from '../support/synth';

function regionStack(change: (config: any) => void = () => undefined) {
  const config = testConfig();
  change(config);
  const environment = validConfig(config);
  const stack = new RegionStack(Testing.app(), 'production-us-east-1', { environment, region: environment.regions[0], atlasProjectId: TEST_ATLAS_PROJECT_ID });
  return { stack, json: synthStack(stack), synthesized: Testing.synth(stack), environment };
}

function policyOf(json: any, pathSuffix: string): any {
  return JSON.parse(resourceAt(json, 'aws_iam_role_policy', pathSuffix).policy);
}

function containerOf(json: any, service: string): any {
  const [container] = JSON.parse(resourceAt(json, 'aws_ecs_task_definition', `${service}/TaskDefinition`).container_definitions);
  return container;
}

describe('RegionServices', () => {
  const { json, synthesized, environment } = regionStack();

  describe('cluster and services', () => {
    test('cluster has Container Insights on', () => {
      expect(synthesized).toHaveResourceWithProperties(EcsCluster, {
        name: 'production-use1',
        setting: [{ name: 'containerInsights', value: 'enabled' }],
      });
    });

    test('runs backend, worker and poller', () => {
      expect(resourceList(json, 'aws_ecs_service').map((service) => service.name).sort()).toEqual([
        'backend',
        'poller',
        'worker',
      ]);
    });

    test('services spread over every private subnet without public IPs', () => {
      const subnets = ['A', 'B', 'C'].map((zone) => referenceTo(json, 'aws_subnet', `PrivateSubnet${zone}`, 'id'));
      for (const service of resourceList(json, 'aws_ecs_service')) {
        expect(service.launch_type).toBe('FARGATE');
        expect(service.network_configuration.subnets).toEqual(subnets);
        expect(service.network_configuration.assign_public_ip).toBe(false);
      }
    });

    test('deployments roll back and keep full capacity', () => {
      expect(synthesized).toHaveResourceWithProperties(EcsService, {
        name: 'backend',
        deployment_circuit_breaker: { enable: true, rollback: true },
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        health_check_grace_period_seconds: 60,
      });
    });

    test('leaves the task count to the autoscaler', () => {
      for (const service of resourceList(json, 'aws_ecs_service')) {
        expect(service.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
      }
      expect(resourceAt(json, 'aws_ecs_service', 'Backend/Service').desired_count).toBe(3);
    });

    test('backend waits for the HTTPS listener and its rules', () => {
      const backend = resourceAt(json, 'aws_ecs_service', 'Backend/Service');
      expect(backend.depends_on).toEqual([
        `aws_lb_listener.${logicalIdAt(json, 'aws_lb_listener', 'HttpsListener')}`,
        `aws_lb_listener_rule.${logicalIdAt(json, 'aws_lb_listener_rule', 'ForwardRule0')}`,
      ]);
    });

    test('backend registers its container port in the target group', () => {
      const backend = resourceAt(json, 'aws_ecs_service', 'Backend/Service');
      expect(backend.load_balancer).toEqual([
        {
          container_name: 'backend',
          container_port: 80,
          target_group_arn: referenceTo(json, 'aws_lb_target_group', 'TargetGroup', 'arn'),
        },
      ]);
    });

    test('queue consumers have no load balancer', () => {
      for (const service of ['Worker', 'Poller']) {
        expect(resourceAt(json, 'aws_ecs_service', `${service}/Service`).load_balancer).toBeUndefined();
        expect(containerOf(json, service).portMappings).toEqual([]);
      }
    });
  });

  describe('task definitions', () => {
    test('pin the image by immutable tag in the regional registry', () => {
      expect(containerOf(json, 'Backend').image).toBe(
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/legion/backend:2026.12.01-3f9c2ab',
      );
    });

    test('pin the image by digest when given one', () => {
      const digest = `sha256:${'b'.repeat(64)}`;
      const changed = regionStack((c) => (c.services.worker.image = { repository: 'legion/worker', digest }));
      expect(containerOf(changed.json, 'Worker').image).toBe(
        `111122223333.dkr.ecr.us-east-1.amazonaws.com/legion/worker@${digest}`,
      );
    });

    test('pass secrets as Secrets Manager references', () => {
      const secretArn = (name: string) => referenceTo(json, 'aws_secretsmanager_secret', `Secrets/${name}`, 'arn');
      expect(containerOf(json, 'Worker').secrets).toEqual([{ name: 'OPENAI_API_KEY', valueFrom: secretArn('openai-api-key') }]);
    });

    test('keep plain variables free of secrets', () => {
      const container = containerOf(json, 'Backend');
      const plain = container.environment.map((variable: { name: string }) => variable.name);
      expect(plain).toEqual(['LOG_LEVEL', 'MONGODB_URI', 'NODE_ENV']);
      for (const variable of container.environment) {
        expect(variable.value).not.toMatch(/secretsmanager|arn:aws|password/i);
      }
    });

    test('create no secret value', () => {
      expect(resources(json, 'aws_secretsmanager_secret_version')).toEqual({});
    });

    test('use Fargate sizes from the configuration', () => {
      const definition = resourceAt(json, 'aws_ecs_task_definition', 'Worker/TaskDefinition');
      expect(definition).toMatchObject({
        family: 'production-use1-worker',
        cpu: '1024',
        memory: '4096',
        network_mode: 'awsvpc',
        requires_compatibilities: ['FARGATE'],
      });
    });

    test('log to a group of their own with the configured retention', () => {
      const group = resourceAt(json, 'aws_cloudwatch_log_group', 'Poller/LogGroup');
      expect(group).toMatchObject({ name: '/ecs/production/poller', retention_in_days: 90 });
      expect(containerOf(json, 'Poller').logConfiguration.options).toEqual({
        'awslogs-group': '${aws_cloudwatch_log_group.' + logicalIdAt(json, 'aws_cloudwatch_log_group', 'Poller/LogGroup') + '.name}',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'poller',
      });
    });

    test('override the command where configured', () => {
      expect(containerOf(json, 'Poller').command).toEqual(['node', 'dist/poller.js']);
      expect(containerOf(json, 'Worker').command).toBeUndefined();
    });

    test('use distinct execution and task roles', () => {
      for (const service of ['Backend', 'Worker', 'Poller']) {
        const definition = resourceAt(json, 'aws_ecs_task_definition', `${service}/TaskDefinition`);
        expect(definition.execution_role_arn).toBe(referenceTo(json, 'aws_iam_role', `${service}/ExecutionRole`, 'arn'));
        expect(definition.task_role_arn).toBe(referenceTo(json, 'aws_iam_role', `${service}/TaskRole`, 'arn'));
      }
    });
  });

  describe('IAM', () => {
    const logGroupArn = (service: string) => referenceTo(json, 'aws_cloudwatch_log_group', `${service}/LogGroup`, 'arn');
    const secretArn = (name: string) => referenceTo(json, 'aws_secretsmanager_secret', `Secrets/${name}`, 'arn');
    const queueArn = (name: string) => referenceTo(json, 'aws_sqs_queue', `Queue-${name}/Queue`, 'arn');
    const bucketArn = referenceTo(json, 'aws_s3_bucket', 'BlobBucket/Bucket', 'arn');
    const identityArn = referenceTo(json, 'aws_ses_domain_identity', 'Email/Identity', 'arn');

    test('execution role can only start the task', () => {
      expect(policyOf(json, 'Worker/ExecutionRolePolicy').Statement).toEqual([
        { Sid: 'EcrAuthorization', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        {
          Sid: 'PullImage',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/legion/worker',
        },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroupArn('Worker')}:log-stream:*`,
        },
        {
          Sid: 'ReadSecrets',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: [secretArn('openai-api-key')],
        },
        {
          Sid: 'DecryptSecrets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: referenceTo(json, 'aws_kms_key', 'Secrets/Key', 'arn'),
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        },
      ]);
    });

    test('execution role reads exactly the secrets its task lists', () => {
      const readSecrets = (service: string) =>
        policyOf(json, `${service}/ExecutionRolePolicy`).Statement.find((s: any) => s.Sid === 'ReadSecrets').Resource;
      expect(readSecrets('Backend')).toEqual([secretArn('openai-api-key'), secretArn('session-signing-key')]);
      expect(readSecrets('Worker')).toEqual([secretArn('openai-api-key')]);
    });

    test('execution role without secrets gets no secret access', () => {
      const sids = policyOf(json, 'Poller/ExecutionRolePolicy').Statement.map((s: any) => s.Sid);
      expect(sids).toEqual(['EcrAuthorization', 'PullImage', 'WriteLogs']);
    });

    test('backend task role uses blobs, its queues and SES', () => {
      expect(policyOf(json, 'Backend/TaskRolePolicy').Statement).toEqual([
        { Sid: 'ListBlobs', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
        {
          Sid: 'ReadWriteBlobs',
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          Resource: `${bucketArn}/*`,
        },
        {
          Sid: 'UseQueues',
          Effect: 'Allow',
          Action: [
            'sqs:ChangeMessageVisibility',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
            'sqs:SendMessage',
          ],
          Resource: [queueArn('investigations'), queueArn('polling')],
        },
        { Sid: 'SendEmail', Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: identityArn },
      ]);
    });

    test('poller task role uses only its queues', () => {
      expect(policyOf(json, 'Poller/TaskRolePolicy').Statement.map((s: any) => [s.Sid, s.Resource])).toEqual([
        ['UseQueues', [queueArn('polling'), queueArn('investigations')]],
      ]);
    });

    test('no statement allows a wildcard action on a wildcard resource', () => {
      for (const policy of resourceList(json, 'aws_iam_role_policy')) {
        for (const statement of JSON.parse(policy.policy).Statement) {
          const actions = [statement.Action].flat();
          const resourcesOf = [statement.Resource].flat();
          expect({ actions, wildcard: actions.some((a: string) => a.includes('*')) && resourcesOf.includes('*') }).toEqual({
            actions,
            wildcard: false,
          });
        }
      }
    });

    test('only ECS tasks of this account assume the roles', () => {
      const trust = JSON.parse(resourceAt(json, 'aws_iam_role', 'Backend/TaskRole').assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:*' },
          },
        },
      ]);
    });
  });

  describe('task security groups', () => {
    test('backend admits its port from the ALB only', () => {
      const ingress = resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'Backend/IngressFromLoadBalancer');
      expect(ingress).toMatchObject({
        from_port: 80,
        to_port: 80,
        ip_protocol: 'tcp',
        referenced_security_group_id: referenceTo(json, 'aws_security_group', 'LoadBalancer/SecurityGroup', 'id'),
      });
      expect(ingress.cidr_ipv4).toBeUndefined();
    });

    test('queue consumers admit nothing', () => {
      const ids = Object.keys(resources(json, 'aws_vpc_security_group_ingress_rule'));
      expect(ids.filter((id) => id.includes('Worker') || id.includes('Poller'))).toEqual([]);
    });

    test('tasks connect out on HTTPS and SMTP submission only', () => {
      const egress = resourceList(json, 'aws_vpc_security_group_egress_rule').filter(
        (rule) => rule.security_group_id === referenceTo(json, 'aws_security_group', 'Backend/SecurityGroup', 'id'),
      );
      expect(egress.map((rule) => [rule.from_port, rule.to_port, rule.cidr_ipv4 ?? rule.referenced_security_group_id])).toEqual([
        [1024, 65535, referenceTo(json, 'aws_security_group', 'AtlasEndpoint/SecurityGroup', 'id')],
        [443, 443, '0.0.0.0/0'],
        [587, 587, '10.10.0.0/16'],
      ]);
    });
  });

  describe('scaling', () => {
    test('backend tracks CPU and requests per target', () => {
      const target = resourceAt(json, 'aws_appautoscaling_target', 'BackendScaling/Target');
      expect(target).toMatchObject({ min_capacity: 3, max_capacity: 12, scalable_dimension: 'ecs:service:DesiredCount' });

      const cpu = resourceAt(json, 'aws_appautoscaling_policy', 'BackendScaling/Cpu');
      expect(cpu.target_tracking_scaling_policy_configuration).toMatchObject({
        target_value: 60,
        predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
      });

      const requests = resourceAt(json, 'aws_appautoscaling_policy', 'BackendScaling/Requests');
      expect(requests.target_tracking_scaling_policy_configuration.target_value).toBe(1000);
      expect(requests.target_tracking_scaling_policy_configuration.predefined_metric_specification).toEqual({
        predefined_metric_type: 'ALBRequestCountPerTarget',
        resource_label: `${referenceTo(json, 'aws_lb', 'LoadBalancer/LoadBalancer', 'arn_suffix')}/${referenceTo(json, 'aws_lb_target_group', 'TargetGroup', 'arn_suffix')}`,
      });
    });

    test('worker tracks visible messages per running task', () => {
      const policy = resourceAt(json, 'aws_appautoscaling_policy', 'WorkerScaling/Backlog');
      const configuration = policy.target_tracking_scaling_policy_configuration;
      expect(configuration.target_value).toBe(20);

      const metrics = configuration.customized_metric_specification.metrics;
      expect(metrics.map((metric: any) => [metric.id, metric.return_data])).toEqual([
        ['visible', false],
        ['tasks', false],
        ['backlog', true],
      ]);
      expect(metrics[0].metric_stat.metric).toMatchObject({
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        dimensions: [{ name: 'QueueName', value: referenceTo(json, 'aws_sqs_queue', 'Queue-investigations/Queue', 'name') }],
      });
      expect(metrics[1].metric_stat.metric).toMatchObject({ namespace: 'ECS/ContainerInsights', metric_name: 'RunningTaskCount' });
      expect(metrics[2].expression).toBe('visible / tasks');
    });

    test('poller scales on its own queue', () => {
      const policy = resourceAt(json, 'aws_appautoscaling_policy', 'PollerScaling/Backlog');
      const [visible] = policy.target_tracking_scaling_policy_configuration.customized_metric_specification.metrics;
      expect(visible.metric_stat.metric.dimensions[0].value).toBe(
        referenceTo(json, 'aws_sqs_queue', 'Queue-polling/Queue', 'name'),
      );
    });

    test('without a poller there is no poller service or scaling', () => {
      const changed = regionStack((c) => delete c.services.poller);
      expect(resourceList(changed.json, 'aws_ecs_service')).toHaveLength(2);
      expect(resourceList(changed.json, 'aws_appautoscaling_target')).toHaveLength(2);
      expect(environment.services.poller).toBeDefined();
    });
  });
});
