import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ContainerSettings } from '../../config/types';
import { PolicyStatement, assumeRolePolicy, policyDocument } from '../../lib/iam';
import { exempt } from '../../policy/exemptions';
import { SES_SMTP_PORTS } from '../network/private-endpoints';

/** The load balancer side of a service that receives traffic. */
export interface ServiceLoadBalancing {
  /** Container port the target group forwards to. */
  readonly port: number;

  readonly targetGroupArn: string;

  /** Security group of the ALB: the only source the tasks admit. */
  readonly loadBalancerSecurityGroupId: string;

  /**
   * Resources the service must wait for: the listener and listener rules
   * that forward to the target group. ECS rejects a service whose target group
   * has no load balancer yet.
   */
  readonly dependsOn: readonly ITerraformDependable[];

  /** Seconds after a task starts during which failed health checks do not stop it. */
  readonly healthCheckGracePeriodSeconds: number;
}

/** Resources the running service may use; each becomes a statement of the task role. */
export interface ServiceAccess {
  /** ARN of the blob bucket the service reads and writes, if it uses one. */
  readonly blobBucketArn?: string;

  /** ARNs of the queues the service sends to and receives from. */
  readonly queueArns: readonly string[];

  /** ARN of the SES identity the service sends mail as, if it sends mail. */
  readonly emailIdentityArn?: string;
}

/** Properties of a {@link FargateService}. */
export interface FargateServiceProps {
  /** Short service name: the container, ECS service and log stream prefix (`backend`). */
  readonly serviceName: string;

  /** Prefix of role, family and security group names (`production-use1`). */
  readonly namePrefix: string;

  /** Environment name, for the log group name. */
  readonly environment: string;

  readonly accountId: string;
  readonly region: string;

  readonly clusterArn: string;
  readonly container: ContainerSettings;

  /** ARNs of the secrets the container reads, by secret name; every name the container references must be here. */
  readonly secretArns: ReadonlyMap<string, string>;

  /** ARN of the KMS key that encrypts the secrets. */
  readonly secretsKeyArn: string;

  readonly access: ServiceAccess;

  /**
   * Plain variables that the construct's caller derives, such as the database
   * connection string; they join the configured ones.
   * @default - none
   */
  readonly derivedEnvironment?: Readonly<Record<string, string>>;

  readonly vpcId: string;
  readonly vpcCidr: string;

  /** Private subnets the tasks are spread over. */
  readonly privateSubnetIds: readonly string[];

  /** Days CloudWatch keeps the container's logs. */
  readonly logRetentionDays: number;

  /** Task count of the first deploy; afterwards the autoscaler owns it. */
  readonly initialTaskCount: number;

  /** @default - the service receives no traffic and has no port */
  readonly loadBalancing?: ServiceLoadBalancing;
}

/**
 * A Fargate service with one container, its task definition, its log group,
 * its security group and its two IAM roles.
 *
 * - The execution role lets ECS start the task: pull the image from its ECR
 *   repository, write the log group, and read and decrypt exactly the secrets
 *   the container references.
 * - The task role is what the code may do while running: the blob bucket,
 *   its queues and SES, as `access` grants.
 * - Tasks run in every private subnet without a public IP. They accept the
 *   container port from the ALB only, and connect out on HTTPS (AWS endpoints,
 *   and the internet through the NAT gateway of their zone) and on the SES
 *   submission ports inside the VPC.
 * - Deployments keep every running task until its replacement is healthy, and
 *   the circuit breaker rolls back a deployment whose tasks keep failing.
 */
export class FargateService extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly securityGroup: SecurityGroup;
  readonly service: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);

    const name = `${props.namePrefix}-${props.serviceName}`;
    const container = props.container;
    const secretArns = referencedSecretArns(props);

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/ecs/${props.environment}/${props.serviceName}`,
      retentionInDays: props.logRetentionDays,
    });

    // ECS assumes both roles on behalf of tasks in this account only (confused deputy protection).
    const trustPolicy = assumeRolePolicy('ecs-tasks.amazonaws.com', {
      StringEquals: { 'aws:SourceAccount': props.accountId },
      ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${props.region}:${props.accountId}:*` },
    });

    this.executionRole = new IamRole(this, 'ExecutionRole', {
      name: `${name}-execution`,
      description: `Starts ${props.serviceName} tasks: image pull, logs, secrets`,
      assumeRolePolicy: trustPolicy,
    });
    new IamRolePolicy(this, 'ExecutionRolePolicy', {
      name: 'start-task',
      role: this.executionRole.id,
      policy: policyDocument(executionStatements(props, this.logGroup.arn, secretArns)),
    });

    this.taskRole = new IamRole(this, 'TaskRole', {
      name: `${name}-task`,
      description: `Runtime permissions of ${props.serviceName}`,
      assumeRolePolicy: trustPolicy,
    });
    const taskStatements = accessStatements(props.access);
    if (taskStatements.length > 0) {
      new IamRolePolicy(this, 'TaskRolePolicy', {
        name: 'runtime',
        role: this.taskRole.id,
        policy: policyDocument(taskStatements),
      });
    }

    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(container.cpu),
      memory: String(container.memory),
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      // A task volume without a host path lives on the task's ephemeral storage: the writable /tmp.
      volume: [{ name: TMP_VOLUME }],
      containerDefinitions: JSON.stringify([containerDefinition(props, this.logGroup.name, secretArns)]),
    });

    if (container.readOnlyRootFilesystem === false) {
      exempt(
        this.taskDefinition,
        'ECS_READONLY_ROOT',
        `the configuration sets services.${props.serviceName}.readOnlyRootFilesystem: false`,
      );
    }

    this.securityGroup = this.createSecurityGroup(name, props);

    const loadBalancing = props.loadBalancing;
    this.service = new EcsService(this, 'Service', {
      name: props.serviceName,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      desiredCount: props.initialTaskCount,
      networkConfiguration: {
        subnets: [...props.privateSubnetIds],
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: loadBalancing
        ? [{ targetGroupArn: loadBalancing.targetGroupArn, containerName: props.serviceName, containerPort: loadBalancing.port }]
        : undefined,
      healthCheckGracePeriodSeconds: loadBalancing?.healthCheckGracePeriodSeconds,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // Zero-downtime rollouts: start the new tasks beside the old ones, stop old ones only when new ones are healthy.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      availabilityZoneRebalancing: 'ENABLED',
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      // The autoscaler owns the task count after the first deploy.
      lifecycle: { ignoreChanges: ['desired_count'] },
      dependsOn: loadBalancing ? [...loadBalancing.dependsOn] : undefined,
    });
  }

  private createSecurityGroup(name: string, props: FargateServiceProps): SecurityGroup {
    const group = new SecurityGroup(this, 'SecurityGroup', {
      namePrefix: `${name}-tasks-`,
      description: `${props.serviceName} tasks`,
      vpcId: props.vpcId,
      tags: { Name: `${name}-tasks` },
      lifecycle: { createBeforeDestroy: true },
    });

    if (props.loadBalancing) {
      new VpcSecurityGroupIngressRule(this, 'IngressFromLoadBalancer', {
        securityGroupId: group.id,
        description: `Port ${props.loadBalancing.port} from the ALB`,
        ipProtocol: 'tcp',
        fromPort: props.loadBalancing.port,
        toPort: props.loadBalancing.port,
        referencedSecurityGroupId: props.loadBalancing.loadBalancerSecurityGroupId,
      });
    }

    new VpcSecurityGroupEgressRule(this, 'EgressHttps', {
      securityGroupId: group.id,
      description: 'HTTPS to AWS endpoints, and to internet APIs through the NAT gateway',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    if (props.access.emailIdentityArn !== undefined) {
      new VpcSecurityGroupEgressRule(this, 'EgressSmtp', {
        securityGroupId: group.id,
        description: 'SMTP submission to the SES endpoint inside the VPC',
        ipProtocol: 'tcp',
        fromPort: SES_SMTP_PORTS[0],
        toPort: SES_SMTP_PORTS[0],
        cidrIpv4: props.vpcCidr,
      });
    }
    return group;
  }
}

/** Name of the task volume mounted at /tmp. */
const TMP_VOLUME = 'tmp';

/** Returns the ARNs of the secrets the container references, by secret name. */
function referencedSecretArns(props: FargateServiceProps): Map<string, string> {
  const arns = new Map<string, string>();
  for (const secret of Object.values(props.container.secrets ?? {})) {
    const arn = props.secretArns.get(secret);
    if (arn === undefined) {
      throw new Error(`FargateService ${props.serviceName}: secret "${secret}" is referenced but was not created`);
    }
    arns.set(secret, arn);
  }
  return arns;
}

function imageUri(props: FargateServiceProps): string {
  const image = props.container.image;
  const registry = `${props.accountId}.dkr.ecr.${props.region}.amazonaws.com`;
  return image.digest ? `${registry}/${image.repository}@${image.digest}` : `${registry}/${image.repository}:${image.tag}`;
}

function containerDefinition(props: FargateServiceProps, logGroupName: string, secretArns: Map<string, string>) {
  const container = props.container;
  const environment = Object.entries({ ...container.environment, ...props.derivedEnvironment })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(container.secrets ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, secret]) => ({ name, valueFrom: secretArns.get(secret) }));

  return {
    name: props.serviceName,
    image: imageUri(props),
    essential: true,
    command: container.command ? [...container.command] : undefined,
    portMappings: props.loadBalancing ? [{ containerPort: props.loadBalancing.port, protocol: 'tcp' }] : [],
    environment,
    secrets,
    // An init process reaps zombie processes and forwards signals for a graceful stop.
    linuxParameters: { initProcessEnabled: true },
    privileged: false,
    readonlyRootFilesystem: container.readOnlyRootFilesystem ?? true,
    mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: '/tmp', readOnly: false }],
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': logGroupName,
        'awslogs-region': props.region,
        'awslogs-stream-prefix': props.serviceName,
      },
    },
  };
}

function executionStatements(
  props: FargateServiceProps,
  logGroupArn: string,
  secretArns: Map<string, string>,
): PolicyStatement[] {
  const repositoryArn = `arn:aws:ecr:${props.region}:${props.accountId}:repository/${props.container.image.repository}`;
  const statements: PolicyStatement[] = [
    // GetAuthorizationToken is account-wide: IAM accepts only "*" as its resource.
    { Sid: 'EcrAuthorization', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'PullImage',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: repositoryArn,
    },
    {
      Sid: 'WriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroupArn}:log-stream:*`,
    },
  ];

  if (secretArns.size > 0) {
    statements.push(
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [...secretArns.values()] },
      {
        Sid: 'DecryptSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.secretsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
      },
    );
  }
  return statements;
}

function accessStatements(access: ServiceAccess): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (access.blobBucketArn !== undefined) {
    statements.push(
      { Sid: 'ListBlobs', Effect: 'Allow', Action: 's3:ListBucket', Resource: access.blobBucketArn },
      {
        Sid: 'ReadWriteBlobs',
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: `${access.blobBucketArn}/*`,
      },
    );
  }
  if (access.queueArns.length > 0) {
    statements.push({
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
      Resource: [...access.queueArns],
    });
  }
  if (access.emailIdentityArn !== undefined) {
    statements.push({
      Sid: 'SendEmail',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: access.emailIdentityArn,
    });
  }
  return statements;
}
