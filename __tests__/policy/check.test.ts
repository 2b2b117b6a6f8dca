import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { blockingFindings, checkStack, exempt, formatFinding, INVALID_EXEMPTION_RULE, PolicyRule } from '../../policy';
import { addEnvironmentStacks, stackList } from '../../stacks/app';
import { synthesize } from '../../stacks/synthesize';
import { testConfig, validConfig } from '../support/synth';

function stackWithLogGroup(exemptWith?: [string, string]) {
  const stack = new TerraformStack(Testing.app(), 'exemptions');
  const group = new CloudwatchLogGroup(stack, 'Logs', { name: '/forever' });
  if (exemptWith) {
    exempt(group, ...exemptWith);
  }
  return stack;
}

describe('exemptions', () => {
  test('an error without an exemption blocks synth', () => {
    const findings = checkStack(stackWithLogGroup());
    expect(blockingFindings(findings).map((finding) => finding.ruleId)).toEqual(['LOG_RETENTION']);
  });

  test('an exemption with a reason covers the finding', () => {
    const findings = checkStack(stackWithLogGroup(['LOG_RETENTION', 'audit logs are kept forever by law']));
    expect(blockingFindings(findings)).toEqual([]);
    expect(findings[0].exemption).toBe('audit logs are kept forever by law');
  });

  test('an exemption without a reason is itself an error', () => {
    const findings = checkStack(stackWithLogGroup(['LOG_RETENTION', ' ']));
    expect(blockingFindings(findings).map((finding) => [finding.ruleId, finding.message])).toEqual([
      [INVALID_EXEMPTION_RULE, 'the exemption from LOG_RETENTION gives no reason'],
      ['LOG_RETENTION', 'the log group keeps logs forever'],
    ]);
  });

  test('an exemption naming an unknown rule is an error', () => {
    const findings = checkStack(stackWithLogGroup(['LOG_RETENTON', 'typo']));
    expect(findings.map((finding) => finding.message)).toContain('the exemption names rule "LOG_RETENTON", which does not exist');
  });

  test('an exemption covers the resources below its construct', () => {
    const stack = new TerraformStack(Testing.app(), 'parent');
    exempt(stack, 'LOG_RETENTION', 'the whole stack is a sandbox');
    new CloudwatchLogGroup(stack, 'Logs', { name: '/forever' });
    expect(blockingFindings(checkStack(stack))).toEqual([]);
  });

  test('an exemption that covers nothing is a warning', () => {
    const stack = new TerraformStack(Testing.app(), 'unused');
    const group = new CloudwatchLogGroup(stack, 'Logs', { name: '/kept', retentionInDays: 30 });
    exempt(group, 'LOG_RETENTION', 'kept by contract');
    const findings = checkStack(stack);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.message])).toEqual([
      ['POLICY_EXEMPTION_UNUSED', 'warning', 'the exemption from LOG_RETENTION covers no finding'],
    ]);
    expect(blockingFindings(findings)).toEqual([]);
  });

  test('a finding names the rule, the address, the path and the fix', () => {
    const [finding] = checkStack(stackWithLogGroup());
    expect(formatFinding(finding)).toMatch(
      /^error LOG_RETENTION aws_cloudwatch_log_group\.Logs \(exemptions\/Logs\)\n {4}the log group keeps logs forever\. Fix: Set retention_in_days\.$/,
    );
  });
});

describe('policy on the environments', () => {
  test('the test environment has no blocking finding', () => {
    const stacks = stackList(addEnvironmentStacks(Testing.app(), validConfig()));
    const findings = stacks.flatMap((stack) => checkStack(stack));
    expect(blockingFindings(findings).map(formatFinding)).toEqual([]);
  });

  test('every remaining finding is explained by an exemption', () => {
    const stacks = stackList(addEnvironmentStacks(Testing.app(), validConfig()));
    const unexplained = stacks
      .flatMap((stack) => checkStack(stack))
      .filter((finding) => finding.exemption === undefined)
      .map(formatFinding);
    expect(unexplained).toEqual([]);
  });

  test('configuration that turns a protection off is reported as an exemption', () => {
    const config = testConfig();
    config.regions[0].loadBalancer = { deletionProtection: false };
    config.services.worker.readOnlyRootFilesystem = false;
    const stacks = stackList(addEnvironmentStacks(Testing.app(), validConfig(config)));
    const exempted = stacks
      .flatMap((stack) => checkStack(stack))
      .filter((finding) => finding.exemption !== undefined)
      .map((finding) => [finding.ruleId, finding.exemption]);
    expect(exempted).toEqual(
      expect.arrayContaining([
        ['ALB_DELETION_PROTECTION', 'the configuration sets loadBalancer.deletionProtection: false'],
        ['ECS_READONLY_ROOT', 'the configuration sets services.worker.readOnlyRootFilesystem: false'],
        ['EC2_NO_PUBLIC_IP', 'customers entry "globex" sets fixedSourceAddress: the customer allowlists this address'],
      ]),
    );
  });

  test('a blocking finding stops synth before anything is written', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'out');
    let stderr = '';
    const alwaysFires: PolicyRule = {
      id: 'TEST_ALWAYS_FIRES',
      severity: 'error',
      description: 'Fires on every VPC, to test how synth handles errors.',
      rationale: 'Only a test uses it.',
      fix: 'Nothing to fix.',
      references: [],
      check: (stack) => stack.ofType('aws_vpc').map((resource) => ({ resource, message: 'test finding' })),
    };
    const status = synthesize({
      variables: {},
      outdir,
      rules: [alwaysFires],
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
    });
    expect(status).toBe(1);
    expect(stderr).toContain('error TEST_ALWAYS_FIRES aws_vpc.Region_Network_Vpc_');
    expect(stderr).toContain('Synth stopped: fix the blocking findings above');
    expect(existsSync(outdir)).toBe(false);
  });

  test('synth prints exemptions and still writes the stacks', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'config.json');
    const config = testConfig();
    config.regions[0].loadBalancer = { deletionProtection: false };
    writeFileSync(file, JSON.stringify(config));
    const outdir = path.join(path.dirname(file), 'out');
    let stderr = '';
    const status = synthesize({ variables: { INFRA_CONFIG_FILE: file }, outdir, stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(status).toBe(0);
    expect(stderr).toContain('Policy findings (0 blocking):');
    expect(stderr).toContain('exempt ALB_DELETION_PROTECTION aws_lb.');
    expect(existsSync(path.join(outdir, 'stacks', 'production-us-east-1', 'cdk.tf.json'))).toBe(true);
  });
});
