import { PolicyRule, ResourceView, StackResources, Violation } from './types';

/** Builds a rule that flags each resource of `type` for which `problem` returns a message. */
function perResource(
  rule: Omit<PolicyRule, 'check'>,
  type: string,
  problem: (resource: ResourceView, stack: StackResources) => string | undefined,
): PolicyRule {
  return {
    ...rule,
    check(stack: StackResources): Violation[] {
      return stack.ofType(type).flatMap((resource) => {
        const message = problem(resource, stack);
        return message ? [{ resource, message }] : [];
      });
    },
  };
}

/** Parses a policy document argument; returns undefined for one that is not literal JSON. */
function parsePolicy(value: unknown): { Statement?: unknown } | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function statementsOf(value: unknown): Record<string, any>[] {
  const statements = parsePolicy(value)?.Statement;
  if (Array.isArray(statements)) {
    return statements;
  }
  return statements && typeof statements === 'object' ? [statements as Record<string, any>] : [];
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value === undefined ? [] : [value];
}

/** Returns the first element of a block that the JSON renders as an object or a one-element list. */
function block(value: unknown): Record<string, any> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === 'object' ? (first as Record<string, any>) : undefined;
}

const MODERN_TLS_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
  'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
];

/** Resource types whose loss cannot be undone by Terraform or a recovery window. */
const IRREPLACEABLE_TYPES = ['aws_s3_bucket', 'mongodbatlas_advanced_cluster', 'mongodbatlas_project'];

/** Every rule applied to every stack. */
export const RULES: readonly PolicyRule[] = [
  // S3
  perResource(
    {
      id: 'S3_PUBLIC_ACCESS_BLOCKED',
      severity: 'error',
      description: 'Every S3 bucket has a public access block with all four settings on.',
      rationale: 'A bucket without one can be made public by a single ACL or policy change.',
      fix: 'Add aws_s3_bucket_public_access_block for the bucket with all four settings true (SecureBucket does).',
      references: ['Checkov CKV2_AWS_6'],
    },
    'aws_s3_bucket',
    (bucket, stack) => {
      const blocks = stack.referencing('aws_s3_bucket_public_access_block', 'bucket', bucket);
      const complete = blocks.some((entry) =>
        ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
          (setting) => entry.config[setting] === true,
        ),
      );
      return complete ? undefined : 'the bucket has no public access block with all four settings on';
    },
  ),
  perResource(
    {
      id: 'S3_ENCRYPTION',
      severity: 'error',
      description: 'Every S3 bucket has default encryption (SSE-KMS or SSE-S3).',
      rationale: 'Objects written without a header must still be encrypted at rest.',
      fix: 'Add aws_s3_bucket_server_side_encryption_configuration for the bucket (SecureBucket does).',
      references: ['Checkov CKV_AWS_145', 'Checkov CKV_AWS_19'],
    },
    'aws_s3_bucket',
    (bucket, stack) => {
      const configurations = stack.referencing('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket);
      const encrypted = configurations.some((entry) =>
        listOf(entry.config.rule).some((rule) =>
          ['aws:kms', 'aws:kms:dsse', 'AES256'].includes(block((rule as any).apply_server_side_encryption_by_default)?.sse_algorithm),
        ),
      );
      return encrypted ? undefined : 'the bucket has no default encryption';
    },
  ),
  perResource(
    {
      id: 'S3_VERSIONING',
      severity: 'error',
      description: 'Every S3 bucket keeps object versions.',
      rationale: 'Versions let an overwritten or deleted object be restored.',
      fix: 'Add aws_s3_bucket_versioning with status Enabled for the bucket (SecureBucket does).',
      references: ['Checkov CKV_AWS_21'],
    },
    'aws_s3_bucket',
    (bucket, stack) => {
      const versioning = stack.referencing('aws_s3_bucket_versioning', 'bucket', bucket);
      const enabled = versioning.some((entry) => block(entry.config.versioning_configuration)?.status === 'Enabled');
      return enabled ? undefined : 'the bucket does not keep object versions';
    },
  ),
  perResource(
    {
      id: 'S3_TLS_ONLY',
      severity: 'error',
      description: 'Every S3 bucket policy denies requests made without TLS.',
      rationale: 'Without the denial a client can read or write objects over plain HTTP.',
      fix: 'Add a bucket policy statement that denies s3:* when aws:SecureTransport is false (SecureBucket does).',
      references: ['cdk-nag AwsSolutions-S10'],
    },
    'aws_s3_bucket',
    (bucket, stack) => {
      const policies = stack.referencing('aws_s3_bucket_policy', 'bucket', bucket);
      const denies = policies.some((policy) =>
        statementsOf(policy.config.policy).some(
          (statement) => statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      );
      return denies ? undefined : 'no bucket policy denies requests without TLS';
    },
  ),

  // Security groups
  {
    id: 'SG_NO_OPEN_INGRESS',
    severity: 'error',
    description: 'No security group admits traffic from 0.0.0.0/0 or ::/0.',
    rationale: 'Every entry point is reached through Cloudflare, the ALB or another security group, never the whole internet.',
    fix: 'Admit a narrower source (a CIDR or a security group), or exempt the rule with the reason it must be open.',
    references: ['cdk-nag AwsSolutions-EC23', 'Checkov CKV_AWS_260', 'Checkov CKV_AWS_24', 'Checkov CKV_AWS_25'],
    check(stack: StackResources): Violation[] {
      const open = ['0.0.0.0/0', '::/0'];
      const violations: Violation[] = [];
      for (const rule of stack.ofType('aws_vpc_security_group_ingress_rule')) {
        if (open.includes(rule.config.cidr_ipv4) || open.includes(rule.config.cidr_ipv6)) {
          violations.push({ resource: rule, message: 'the rule admits the whole internet' });
        }
      }
      for (const rule of stack.ofType('aws_security_group_rule')) {
        const sources = [...listOf(rule.config.cidr_blocks), ...listOf(rule.config.ipv6_cidr_blocks)];
        if (rule.config.type === 'ingress' && sources.some((source) => open.includes(source as string))) {
          violations.push({ resource: rule, message: 'the rule admits the whole internet' });
        }
      }
      for (const group of stack.ofType('aws_security_group')) {
        for (const ingress of listOf(group.config.ingress)) {
          const sources = [...listOf((ingress as any).cidr_blocks), ...listOf((ingress as any).ipv6_cidr_blocks)];
          if (sources.some((source) => open.includes(source as string))) {
            violations.push({ resource: group, message: 'an inline ingress rule admits the whole internet' });
          }
        }
      }
      return violations;
    },
  },
  {
    id: 'SG_RULE_DESCRIPTION',
    severity: 'error',
    description: 'Every security group and every security group rule has a description.',
    rationale: 'A reviewer must see why each opening exists.',
    fix: 'Set description on the security group or rule.',
    references: ['Checkov CKV_AWS_23'],
    check(stack: StackResources): Violation[] {
      const types = [
        'aws_security_group',
        'aws_security_group_rule',
        'aws_vpc_security_group_ingress_rule',
        'aws_vpc_security_group_egress_rule',
      ];
      return types.flatMap((type) =>
        stack
          .ofType(type)
          .filter((resource) => typeof resource.config.description !== 'string' || resource.config.description.trim() === '')
          .map((resource) => ({ resource, message: 'it has no description' })),
      );
    },
  },
  perResource(
    {
      id: 'SG_NO_INLINE_RULES',
      severity: 'error',
      description: 'Security groups define no inline rules; each rule is its own resource.',
      rationale: 'Inline rules and separate rule resources fight over the same group, and a plan then hides changes.',
      fix: 'Move the rules to aws_vpc_security_group_ingress_rule and aws_vpc_security_group_egress_rule resources.',
      references: [],
    },
    'aws_security_group',
    (group) => (group.config.ingress !== undefined || group.config.egress !== undefined ? 'the group has inline rules' : undefined),
  ),
  perResource(
    {
      id: 'SG_NO_LEGACY_RULES',
      severity: 'error',
      description: 'Security group rules use the per-rule resources, not aws_security_group_rule.',
      rationale: 'aws_security_group_rule folds several sources into one rule and cannot carry a description per source or tags.',
      fix: 'Use aws_vpc_security_group_ingress_rule or aws_vpc_security_group_egress_rule, one resource per source.',
      references: [],
    },
    'aws_security_group_rule',
    () => 'the rule uses aws_security_group_rule',
  ),
  {
    id: 'DEFAULT_SECURITY_GROUP_CLOSED',
    severity: 'error',
    description: 'Every VPC has its default security group managed and closed.',
    rationale: 'Anything launched without a security group would otherwise get the default one, which allows traffic within it.',
    fix: 'Add aws_default_security_group for the VPC without ingress or egress rules (VpcNetwork does).',
    references: ['Checkov CKV2_AWS_12'],
    check(stack: StackResources): Violation[] {
      return stack.ofType('aws_vpc').flatMap((vpc) => {
        const groups = stack.referencing('aws_default_security_group', 'vpc_id', vpc);
        const closed = groups.some((group) => listOf(group.config.ingress).length === 0 && listOf(group.config.egress).length === 0);
        return closed ? [] : [{ resource: vpc, message: 'the default security group is not managed or not closed' }];
      });
    },
  },
  {
    id: 'VPC_FLOW_LOGS',
    severity: 'error',
    description: 'Every VPC records its traffic in flow logs.',
    rationale: 'Flow logs are the record an incident responder reads first.',
    fix: 'Add aws_flow_log for the VPC (VpcNetwork does).',
    references: ['Checkov CKV2_AWS_11', 'cdk-nag AwsSolutions-VPC7'],
    check(stack: StackResources): Violation[] {
      return stack
        .ofType('aws_vpc')
        .filter((vpc) => stack.referencing('aws_flow_log', 'vpc_id', vpc).length === 0)
        .map((vpc) => ({ resource: vpc, message: 'the VPC has no flow log' }));
    },
  },

  // Load balancers
  perResource(
    {
      id: 'ALB_DROP_INVALID_HEADERS',
      severity: 'error',
      description: 'Application load balancers drop invalid HTTP header fields.',
      rationale: 'Malformed headers are a request smuggling vector.',
      fix: 'Set drop_invalid_header_fields to true.',
      references: ['Checkov CKV_AWS_131'],
    },
    'aws_lb',
    (lb) => (lb.config.load_balancer_type !== 'network' && lb.config.drop_invalid_header_fields !== true ? 'invalid header fields are passed on' : undefined),
  ),
  perResource(
    {
      id: 'ALB_DELETION_PROTECTION',
      severity: 'error',
      description: 'Load balancers have deletion protection on.',
      rationale: 'Deleting the ALB takes every subdomain of the region offline.',
      fix: 'Set enable_deletion_protection to true, or set loadBalancer.deletionProtection: false in the configuration, which records an exemption.',
      references: ['Checkov CKV_AWS_150'],
    },
    'aws_lb',
    (lb) => (lb.config.enable_deletion_protection !== true ? 'deletion protection is off' : undefined),
  ),
  perResource(
    {
      id: 'ALB_ACCESS_LOGS',
      severity: 'error',
      description: 'Load balancers write access logs to an S3 bucket.',
      rationale: 'Access logs show who reached the origin and how.',
      fix: 'Enable access_logs with a bucket that uses SSE-S3 and grants Elastic Load Balancing write access (AccessLogBucket).',
      references: ['Checkov CKV_AWS_91'],
    },
    'aws_lb',
    (lb) => {
      const logs = block(lb.config.access_logs);
      return logs?.enabled === true && logs.bucket ? undefined : 'access logs are off';
    },
  ),
  perResource(
    {
      id: 'ALB_MODERN_TLS',
      severity: 'error',
      description: 'HTTPS and TLS listeners use a policy that allows TLS 1.2 and later only.',
      rationale: 'TLS 1.0 and 1.1 have known weaknesses.',
      fix: 'Set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy.',
      references: ['Checkov CKV_AWS_103'],
    },
    'aws_lb_listener',
    (listener) =>
      ['HTTPS', 'TLS'].includes(listener.config.protocol) && !MODERN_TLS_POLICIES.includes(listener.config.ssl_policy)
        ? `ssl_policy ${JSON.stringify(listener.config.ssl_policy)} allows TLS before 1.2`
        : undefined,
  ),
  perResource(
    {
      id: 'ALB_HTTP_REDIRECT_ONLY',
      severity: 'error',
      description: 'HTTP listeners only redirect to HTTPS.',
      rationale: 'Plain HTTP must never carry a request to a target.',
      fix: 'Give the HTTP listener one default action: redirect to HTTPS on port 443.',
      references: ['Checkov CKV2_AWS_20'],
    },
    'aws_lb_listener',
    (listener) => {
      if (listener.config.protocol !== 'HTTP') {
        return undefined;
      }
      const actions = listOf(listener.config.default_action) as Record<string, any>[];
      const redirects = actions.length === 1 && actions[0].type === 'redirect' && block(actions[0].redirect)?.protocol === 'HTTPS';
      return redirects ? undefined : 'the HTTP listener does something other than redirect to HTTPS';
    },
  ),

  // EC2
  perResource(
    {
      id: 'EC2_IMDSV2',
      severity: 'error',
      description: 'Instances require IMDSv2.',
      rationale: 'IMDSv1 lets a server-side request forgery read the instance role credentials.',
      fix: 'Set metadata_options.http_tokens to "required".',
      references: ['Checkov CKV_AWS_79'],
    },
    'aws_instance',
    (instance) => (block(instance.config.metadata_options)?.http_tokens === 'required' ? undefined : 'IMDSv2 is not required'),
  ),
  perResource(
    {
      id: 'EC2_ENCRYPTED_VOLUMES',
      severity: 'error',
      description: 'Instance volumes are encrypted.',
      rationale: 'A snapshot or detached volume must not expose data.',
      fix: 'Set encrypted = true on root_block_device and every ebs_block_device.',
      references: ['Checkov CKV_AWS_8'],
    },
    'aws_instance',
    (instance) => {
      const devices = [block(instance.config.root_block_device), ...listOf(instance.config.ebs_block_device)];
      return devices.every((device) => device && (device as any).encrypted === true) ? undefined : 'a volume is not encrypted';
    },
  ),
  {
    id: 'EC2_NO_PUBLIC_IP',
    severity: 'error',
    description: 'Instances get no public IP unless the configuration asks for one.',
    rationale: 'A public address is reachable from the internet whenever a security group allows it.',
    fix: 'Set associate_public_ip_address = false, or exempt the address with the reason the configuration asked for it.',
    references: ['Checkov CKV_AWS_88'],
    check(stack: StackResources): Violation[] {
      const violations: Violation[] = stack
        .ofType('aws_instance')
        .filter((instance) => instance.config.associate_public_ip_address === true)
        .map((instance) => ({ resource: instance, message: 'the instance gets a public IP at launch' }));
      for (const association of stack.ofType('aws_eip_association')) {
        violations.push({ resource: association, message: 'an Elastic IP is attached to an instance' });
      }
      return violations;
    },
  },

  // ECS
  perResource(
    {
      id: 'ECS_NO_PRIVILEGED',
      severity: 'error',
      description: 'No container runs privileged.',
      rationale: 'A privileged container controls its host.',
      fix: 'Remove privileged: true from the container definition.',
      references: [],
    },
    'aws_ecs_task_definition',
    (definition) => (containersOf(definition).some((container) => container.privileged === true) ? 'a container runs privileged' : undefined),
  ),
  perResource(
    {
      id: 'ECS_READONLY_ROOT',
      severity: 'warning',
      description: 'Containers have a read-only root filesystem.',
      rationale: 'An attacker who gets code execution cannot change the image files.',
      fix: 'Set readonlyRootFilesystem: true and give the container writable volumes where it needs them (FargateService mounts /tmp).',
      references: ['Checkov CKV_AWS_336'],
    },
    'aws_ecs_task_definition',
    (definition) => (containersOf(definition).some((container) => container.readonlyRootFilesystem !== true) ? 'a container can write its root filesystem' : undefined),
  ),
  perResource(
    {
      id: 'ECS_LOGGING',
      severity: 'error',
      description: 'Every container sends its output to a log driver.',
      rationale: 'Without logs, a failing task leaves no trace.',
      fix: 'Set logConfiguration with the awslogs driver and a log group.',
      references: [],
    },
    'aws_ecs_task_definition',
    (definition) => (containersOf(definition).some((container) => !container.logConfiguration?.logDriver) ? 'a container has no log configuration' : undefined),
  ),
  perResource(
    {
      id: 'ECS_DISTINCT_ROLES',
      severity: 'error',
      description: 'Task definitions have an execution role and a different task role.',
      rationale: 'Start-up permissions (secrets, image pull) must not be available to the running code.',
      fix: 'Give the task definition its own execution_role_arn and task_role_arn (FargateService does).',
      references: [],
    },
    'aws_ecs_task_definition',
    (definition) => {
      const { execution_role_arn: execution, task_role_arn: task } = definition.config;
      if (!execution || !task) {
        return 'the execution role or the task role is missing';
      }
      return execution === task ? 'the execution role is also the task role' : undefined;
    },
  ),

  // IAM
  {
    id: 'IAM_NO_ADMIN',
    severity: 'error',
    description: 'No IAM policy allows every action on every resource, and no role gets AdministratorAccess.',
    rationale: 'An administrator role turns any compromise of its holder into a compromise of the account.',
    fix: 'List the exact actions and resources the role needs.',
    references: ['Checkov CKV_AWS_1', 'Checkov CKV_AWS_62', 'cdk-nag AwsSolutions-IAM5'],
    check(stack: StackResources): Violation[] {
      const violations: Violation[] = [];
      const isAdmin = (statements: Record<string, any>[]) =>
        statements.some(
          (statement) =>
            (statement.Effect ?? statement.effect ?? 'Allow') === 'Allow' &&
            listOf(statement.Action ?? statement.actions).some((action) => action === '*' || action === '*:*') &&
            listOf(statement.Resource ?? statement.resources).includes('*'),
        );
      for (const type of ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']) {
        for (const policy of stack.ofType(type)) {
          if (isAdmin(statementsOf(policy.config.policy))) {
            violations.push({ resource: policy, message: 'the policy allows every action on every resource' });
          }
        }
      }
      for (const role of stack.ofType('aws_iam_role')) {
        if (listOf(role.config.inline_policy).some((inline) => isAdmin(statementsOf((inline as any).policy)))) {
          violations.push({ resource: role, message: 'an inline policy of the role allows every action on every resource' });
        }
      }
      for (const document of stack.data.get('aws_iam_policy_document') ?? []) {
        if (isAdmin(listOf(document.config.statement) as Record<string, any>[])) {
          violations.push({ resource: document, message: 'the policy document allows every action on every resource' });
        }
      }
      const attachments = [...stack.ofType('aws_iam_role_policy_attachment'), ...stack.ofType('aws_iam_role')];
      for (const resource of attachments) {
        const arns = [...listOf(resource.config.policy_arn), ...listOf(resource.config.managed_policy_arns)];
        if (arns.some((arn) => String(arn).endsWith(':policy/AdministratorAccess'))) {
          violations.push({ resource, message: 'the role gets AdministratorAccess' });
        }
      }
      return violations;
    },
  },

  // SQS
  perResource(
    {
      id: 'SQS_ENCRYPTION',
      severity: 'error',
      description: 'Queues encrypt messages at rest.',
      rationale: 'Messages carry customer data.',
      fix: 'Set sqs_managed_sse_enabled = true or a kms_master_key_id.',
      references: ['Checkov CKV_AWS_27'],
    },
    'aws_sqs_queue',
    (queue) => (queue.config.sqs_managed_sse_enabled === true || queue.config.kms_master_key_id ? undefined : 'messages are not encrypted at rest'),
  ),
  {
    id: 'SQS_DEAD_LETTER_QUEUE',
    severity: 'error',
    description: 'Every queue that is not itself a dead-letter queue has one.',
    rationale: 'A message that always fails would otherwise be retried until it expires, and then be lost.',
    fix: 'Set redrive_policy with a deadLetterTargetArn (WorkQueue does).',
    references: ['cdk-nag AwsSolutions-SQS3'],
    check(stack: StackResources): Violation[] {
      const queues = stack.ofType('aws_sqs_queue');
      const targets = new Set(
        queues.flatMap((queue) => {
          const text = String(queue.config.redrive_policy ?? '');
          return queues.filter((other) => text.includes(`\${${other.address}.arn}`)).map((other) => other.address);
        }),
      );
      return queues
        .filter((queue) => !targets.has(queue.address) && !queue.config.redrive_policy)
        .map((queue) => ({ resource: queue, message: 'the queue has no dead-letter queue' }));
    },
  },

  // Logs
  perResource(
    {
      id: 'LOG_RETENTION',
      severity: 'error',
      description: 'Every CloudWatch log group sets a retention period.',
      rationale: 'Without one, logs are kept and paid for forever, and personal data in them is never removed.',
      fix: 'Set retention_in_days.',
      references: ['Checkov CKV_AWS_66'],
    },
    'aws_cloudwatch_log_group',
    (group) => (typeof group.config.retention_in_days === 'number' && group.config.retention_in_days > 0 ? undefined : 'the log group keeps logs forever'),
  ),

  // Stateful resources
  {
    id: 'STATEFUL_PROTECTED',
    severity: 'error',
    description: 'Stateful resources are protected from destroy.',
    rationale: 'A rename or a mistaken destroy must not delete data that cannot be recreated.',
    fix: 'Set lifecycle.prevent_destroy on buckets and Atlas clusters and projects; give secrets and KMS keys a recovery window of at least 7 days.',
    references: [],
    check(stack: StackResources): Violation[] {
      const violations: Violation[] = [];
      for (const type of IRREPLACEABLE_TYPES) {
        for (const resource of stack.ofType(type)) {
          if (resource.config.lifecycle?.prevent_destroy !== true) {
            violations.push({ resource, message: 'the resource can be destroyed by Terraform' });
          }
        }
      }
      for (const secret of stack.ofType('aws_secretsmanager_secret')) {
        if (secret.config.recovery_window_in_days !== undefined && secret.config.recovery_window_in_days < 7) {
          violations.push({ resource: secret, message: 'a deleted secret cannot be recovered for 7 days' });
        }
      }
      for (const key of stack.ofType('aws_kms_key')) {
        if (key.config.deletion_window_in_days !== undefined && key.config.deletion_window_in_days < 7) {
          violations.push({ resource: key, message: 'a deleted key cannot be recovered for 7 days' });
        }
      }
      return violations;
    },
  },
];

function containersOf(definition: ResourceView): Record<string, any>[] {
  try {
    const containers = JSON.parse(String(definition.config.container_definitions));
    return Array.isArray(containers) ? containers : [];
  } catch {
    return [];
  }
}
