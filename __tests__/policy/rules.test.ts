import { readFileSync } from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { Testing, TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { SecureBucket } from '../../modules/storage/secure-bucket';
import { checkStack, RULES } from '../../policy';

/** Returns the ids of the rules that fire on a stack built by `build`. */
function firedRules(build: (scope: Construct) => void): string[] {
  const stack = new TerraformStack(Testing.app(), 'policy-test');
  build(stack);
  return [...new Set(checkStack(stack).filter((finding) => finding.exemption === undefined).map((finding) => finding.ruleId))].sort();
}

const container = (extra: Record<string, unknown> = {}) =>
  JSON.stringify([
    {
      name: 'app',
      image: 'app:1',
      readonlyRootFilesystem: true,
      logConfiguration: { logDriver: 'awslogs', options: {} },
      ...extra,
    },
  ]);

/** Per rule: a compliant and a non-compliant stack. */
const CASES: Record<string, { compliant: (scope: Construct) => void; violating: (scope: Construct) => void }> = {
  S3_PUBLIC_ACCESS_BLOCKED: {
    compliant: (scope) => new SecureBucket(scope, 'Bucket', { bucketName: 'compliant-bucket' }),
    violating: (scope) => new S3Bucket(scope, 'Bucket', { bucket: 'bare-bucket', lifecycle: { preventDestroy: true } }),
  },
  S3_ENCRYPTION: {
    compliant: (scope) => new SecureBucket(scope, 'Bucket', { bucketName: 'compliant-bucket', encryption: 'AES256' }),
    violating: (scope) => new S3Bucket(scope, 'Bucket', { bucket: 'bare-bucket', lifecycle: { preventDestroy: true } }),
  },
  S3_VERSIONING: {
    compliant: (scope) => new SecureBucket(scope, 'Bucket', { bucketName: 'compliant-bucket' }),
    violating: (scope) => new S3Bucket(scope, 'Bucket', { bucket: 'bare-bucket', lifecycle: { preventDestroy: true } }),
  },
  S3_TLS_ONLY: {
    compliant: (scope) => new SecureBucket(scope, 'Bucket', { bucketName: 'compliant-bucket' }),
    violating: (scope) => new S3Bucket(scope, 'Bucket', { bucket: 'bare-bucket', lifecycle: { preventDestroy: true } }),
  },
  SG_NO_OPEN_INGRESS: {
    compliant: (scope) => ingress(scope, { cidrIpv4: '10.0.0.0/16' }),
    violating: (scope) => ingress(scope, { cidrIpv6: '::/0' }),
  },
  SG_RULE_DESCRIPTION: {
    compliant: (scope) => ingress(scope, { cidrIpv4: '10.0.0.0/16' }),
    violating: (scope) => ingress(scope, { cidrIpv4: '10.0.0.0/16', description: '' }),
  },
  SG_NO_LEGACY_RULES: {
    compliant: (scope) => ingress(scope, { cidrIpv4: '10.0.0.0/16' }),
    violating: (scope) =>
      new SecurityGroupRule(scope, 'Legacy', {
        type: 'ingress',
        securityGroupId: 'sg-1',
        fromPort: 22,
        toPort: 22,
        protocol: 'tcp',
        cidrBlocks: ['10.0.0.0/8'],
        description: 'legacy',
      }),
  },
  SG_NO_INLINE_RULES: {
    compliant: (scope) => new SecurityGroup(scope, 'Group', { description: 'no rules' }),
    violating: (scope) =>
      new SecurityGroup(scope, 'Group', {
        description: 'inline',
        ingress: [{ description: 'x', fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['10.0.0.0/8'] }],
      }),
  },
  DEFAULT_SECURITY_GROUP_CLOSED: {
    compliant: (scope) => vpc(scope, { closedDefault: true }),
    violating: (scope) => vpc(scope, { closedDefault: false }),
  },
  VPC_FLOW_LOGS: {
    compliant: (scope) => vpc(scope, { closedDefault: true }),
    violating: (scope) => vpc(scope, { closedDefault: true, flowLogs: false }),
  },
  ALB_DROP_INVALID_HEADERS: {
    compliant: (scope) => loadBalancer(scope, {}),
    violating: (scope) => loadBalancer(scope, { dropInvalidHeaderFields: false }),
  },
  ALB_DELETION_PROTECTION: {
    compliant: (scope) => loadBalancer(scope, {}),
    violating: (scope) => loadBalancer(scope, { enableDeletionProtection: false }),
  },
  ALB_ACCESS_LOGS: {
    compliant: (scope) => loadBalancer(scope, {}),
    violating: (scope) => loadBalancer(scope, { accessLogs: { enabled: false, bucket: 'logs' } }),
  },
  ALB_MODERN_TLS: {
    compliant: (scope) => listener(scope, { protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
    violating: (scope) => listener(scope, { protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-2016-08' }),
  },
  ALB_HTTP_REDIRECT_ONLY: {
    compliant: (scope) =>
      listener(scope, { protocol: 'HTTP', defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }] }),
    violating: (scope) => listener(scope, { protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
  },
  EC2_IMDSV2: {
    compliant: (scope) => instance(scope, {}),
    violating: (scope) => instance(scope, { metadataOptions: { httpTokens: 'optional' } }),
  },
  EC2_ENCRYPTED_VOLUMES: {
    compliant: (scope) => instance(scope, {}),
    violating: (scope) => instance(scope, { rootBlockDevice: { encrypted: false } }),
  },
  EC2_NO_PUBLIC_IP: {
    compliant: (scope) => instance(scope, {}),
    violating: (scope) => {
      const server = instance(scope, {});
      new EipAssociation(scope, 'Association', { allocationId: new Eip(scope, 'Address', {}).allocationId, instanceId: server.id });
    },
  },
  ECS_NO_PRIVILEGED: {
    compliant: (scope) => taskDefinition(scope, container()),
    violating: (scope) => taskDefinition(scope, container({ privileged: true })),
  },
  ECS_READONLY_ROOT: {
    compliant: (scope) => taskDefinition(scope, container()),
    violating: (scope) => taskDefinition(scope, container({ readonlyRootFilesystem: false })),
  },
  ECS_LOGGING: {
    compliant: (scope) => taskDefinition(scope, container()),
    violating: (scope) => taskDefinition(scope, container({ logConfiguration: undefined })),
  },
  ECS_DISTINCT_ROLES: {
    compliant: (scope) => taskDefinition(scope, container()),
    violating: (scope) => taskDefinition(scope, container(), 'arn:aws:iam::111122223333:role/same'),
  },
  IAM_NO_ADMIN: {
    compliant: (scope) => rolePolicy(scope, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    violating: (scope) => rolePolicy(scope, { Effect: 'Allow', Action: '*', Resource: '*' }),
  },
  SQS_ENCRYPTION: {
    compliant: (scope) => queues(scope, { sqsManagedSseEnabled: true }),
    violating: (scope) => queues(scope, { sqsManagedSseEnabled: false }),
  },
  SQS_DEAD_LETTER_QUEUE: {
    compliant: (scope) => queues(scope, { sqsManagedSseEnabled: true }),
    violating: (scope) => new SqsQueue(scope, 'Lonely', { name: 'lonely', sqsManagedSseEnabled: true }),
  },
  LOG_RETENTION: {
    compliant: (scope) => new CloudwatchLogGroup(scope, 'Logs', { name: '/kept', retentionInDays: 90 }),
    violating: (scope) => new CloudwatchLogGroup(scope, 'Logs', { name: '/forever' }),
  },
  STATEFUL_PROTECTED: {
    compliant: (scope) => {
      new SecretsmanagerSecret(scope, 'Secret', { name: 'kept', recoveryWindowInDays: 30 });
      new KmsKey(scope, 'Key', { deletionWindowInDays: 30, enableKeyRotation: true });
    },
    violating: (scope) =>
      new AdvancedCluster(scope, 'Cluster', { projectId: 'p', name: 'c', clusterType: 'REPLICASET', replicationSpecs: [] }),
  },
};

describe('rule coverage beyond the compliant cases', () => {
  test('open ingress through aws_security_group_rule', () => {
    const fired = firedRules((scope) =>
      new SecurityGroupRule(scope, 'Ssh', {
        type: 'ingress',
        securityGroupId: 'sg-1',
        fromPort: 22,
        toPort: 22,
        protocol: 'tcp',
        cidrBlocks: ['0.0.0.0/0'],
      }),
    );
    expect(fired).toEqual(expect.arrayContaining(['SG_NO_OPEN_INGRESS', 'SG_RULE_DESCRIPTION', 'SG_NO_LEGACY_RULES']));
  });

  test.each([
    ['a policy document data source', (scope: Construct) => {
      const document = new DataAwsIamPolicyDocument(scope, 'Admin', { statement: [{ actions: ['*'], resources: ['*'] }] });
      const role = new IamRole(scope, 'Role', { assumeRolePolicy: '{}' });
      new IamRolePolicy(scope, 'Policy', { role: role.id, policy: document.json });
    }],
    ['an inline policy of a role', (scope: Construct) => {
      new IamRole(scope, 'Role', {
        assumeRolePolicy: '{}',
        inlinePolicy: [{ name: 'admin', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],
      });
    }],
    ['the *:* action', (scope: Construct) => rolePolicy(scope, { Effect: 'Allow', Action: '*:*', Resource: '*' })],
  ])('IAM admin through %s', (_name, build) => {
    expect(firedRules(build)).toContain('IAM_NO_ADMIN');
  });
});

describe('policy rules', () => {
  test('every rule has a compliant and a violating case', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  test.each(RULES.map((rule) => [rule.id]))('%s passes its compliant case', (id) => {
    expect(firedRules(CASES[id].compliant)).not.toContain(id);
  });

  test.each(RULES.map((rule) => [rule.id]))('%s fires on its violating case', (id) => {
    expect(firedRules(CASES[id].violating)).toContain(id);
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))('%s documents why and how to fix', (_id, rule) => {
    expect(rule.id).toMatch(/^[A-Z0-9_]+$/);
    expect(rule.description.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(10);
    expect(rule.fix.length).toBeGreaterThan(10);
  });
});

function ingress(scope: Construct, extra: Record<string, unknown>): void {
  const group = new SecurityGroup(scope, 'Group', { description: 'test group' });
  new VpcSecurityGroupIngressRule(scope, 'Rule', {
    securityGroupId: group.id,
    description: 'test rule',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    ...extra,
  });
}

function vpc(scope: Construct, options: { closedDefault: boolean; flowLogs?: boolean }): void {
  const network = new Vpc(scope, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  new DefaultSecurityGroup(scope, 'DefaultGroup', {
    vpcId: network.id,
    ingress: options.closedDefault ? undefined : [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['10.0.0.0/16'] }],
  });
  if (options.flowLogs ?? true) {
    new FlowLog(scope, 'FlowLog', { vpcId: network.id, trafficType: 'ALL', logDestination: 'arn:logs' });
  }
}

function loadBalancer(scope: Construct, overrides: Record<string, unknown>): void {
  new Lb(scope, 'Lb', {
    loadBalancerType: 'application',
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { enabled: true, bucket: 'logs' },
    ...overrides,
  });
}

function listener(scope: Construct, overrides: Record<string, unknown>): void {
  new LbListener(scope, 'Listener', {
    loadBalancerArn: 'arn:lb',
    port: 443,
    defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } }],
    ...overrides,
  });
}

function instance(scope: Construct, overrides: Record<string, unknown>): Instance {
  return new Instance(scope, 'Instance', {
    ami: 'ami-0123456789abcdef0',
    instanceType: 't3.small',
    associatePublicIpAddress: false,
    metadataOptions: { httpTokens: 'required' },
    rootBlockDevice: { encrypted: true },
    ...overrides,
  });
}

function taskDefinition(scope: Construct, containers: string, sharedRole?: string): void {
  new EcsTaskDefinition(scope, 'Task', {
    family: 'task',
    containerDefinitions: containers,
    executionRoleArn: sharedRole ?? 'arn:aws:iam::111122223333:role/execution',
    taskRoleArn: sharedRole ?? 'arn:aws:iam::111122223333:role/task',
  });
}

function rolePolicy(scope: Construct, statement: Record<string, unknown>): void {
  const role = new IamRole(scope, 'Role', { assumeRolePolicy: '{}' });
  new IamRolePolicy(scope, 'Policy', {
    role: role.id,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  });
}

function queues(scope: Construct, encryption: { sqsManagedSseEnabled: boolean }): void {
  const deadLetter = new SqsQueue(scope, 'DeadLetter', { name: 'dlq', ...encryption });
  new SqsQueue(scope, 'Queue', {
    name: 'work',
    ...encryption,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: 5 }),
  });
}

describe('policy documentation', () => {
  test('the README lists every rule with its severity', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const rule of RULES) {
      expect(readme).toContain(`| \`${rule.id}\` | ${rule.severity} | ${rule.description} |`);
    }
  });
});
