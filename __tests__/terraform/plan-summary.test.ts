import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { renderSummary, summarizePlans } from '../../lib/plan-summary';
import { WorkQueue } from '../../modules/data/work-queue';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { makeOffline, OFFLINE_AWS_PROVIDER } from '../support/offline-stacks';
import { validConfig } from '../support/synth';
import { OfflineTerraform } from '../support/terraform';

jest.setTimeout(10 * 60 * 1000);

const terraform = new OfflineTerraform();
const QUEUE_ADDRESS = 'aws_sqs_queue.Work_Queue_62201182';

/** Plans a stack with one work queue whose state records another queue name, so the plan replaces the queue. */
function replacingQueuePlan(): any {
  let queueAddress = '';
  const dir = terraform.synth((app) => {
    const stack = new TerraformStack(app, 'queue-rename');
    new AwsProvider(stack, 'aws', { region: 'us-east-1', ...OFFLINE_AWS_PROVIDER });
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    const work = new WorkQueue(stack, 'Work', { queueName: 'production-investigations-v2' });
    queueAddress = `aws_sqs_queue.${work.queue.friendlyUniqueId}`;
    return stack;
  });
  expect(queueAddress).toBe(QUEUE_ADDRESS);

  const [, name] = QUEUE_ADDRESS.split('.');
  const url = 'https://sqs.us-east-1.amazonaws.com/111122223333/production-investigations';
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '3f0c7c8e-1b2a-4c5d-9e8f-0a1b2c3d4e5f',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_sqs_queue',
        name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              id: url,
              url,
              name: 'production-investigations',
              arn: 'arn:aws:sqs:us-east-1:111122223333:production-investigations',
              sqs_managed_sse_enabled: true,
              fifo_queue: false,
              tags: {},
              tags_all: {},
            },
          },
        ],
      },
    ],
  };
  writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
  terraform.initAndValidate(dir);
  return terraform.planJson(dir, { refresh: false });
}

describe('plan summary on real plans', () => {
  const environment = validConfig();
  let createPlan: any;
  let replacePlan: any;

  beforeAll(() => {
    const dir = terraform.synth((app) => {
      const stack = new BootstrapStack(app, 'production-bootstrap', { environment });
      makeOffline(stack, path.join('state', 'terraform.tfstate'));
      return stack;
    });
    terraform.initAndValidate(dir);
    createPlan = terraform.planJson(dir);
    replacePlan = replacingQueuePlan();
  });

  test('counts a clean create', () => {
    const summary = summarizePlans([{ stack: 'production-bootstrap', plan: createPlan }]);
    expect(summary.counts.get('production-bootstrap')).toEqual({ create: 7, update: 0, replace: 0, destroy: 0, forget: 0 });
    expect(summary.dataLoss).toEqual([]);
    expect(renderSummary(summary)).toContain('No stateful resource is replaced or destroyed.');
  });

  test('flags a replaced queue as a data-loss risk', () => {
    const summary = summarizePlans([{ stack: 'production-us-east-1', plan: replacePlan }]);
    expect(summary.dataLoss).toEqual([
      expect.objectContaining({ stack: 'production-us-east-1', address: QUEUE_ADDRESS, type: 'aws_sqs_queue', kind: 'replace' }),
    ]);
    expect(summary.dataLoss[0].changedArguments).toContain('`name`: "production-investigations" → "production-investigations-v2"');
    const markdown = renderSummary(summary);
    expect(markdown.indexOf('Data-loss risk')).toBeLessThan(markdown.indexOf('| stack |'));
    expect(markdown).toContain(`- \`production-us-east-1\` replace \`${QUEUE_ADDRESS}\``);
  });

  describe('command', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-summary-'));
    const script = path.resolve(__dirname, '..', '..', 'dist', 'scripts', 'plan-summary.js');

    function run(args: string[]) {
      if (!existsSync(script)) {
        throw new Error(`${script} is missing; run "npm run build" (npm test does) before jest`);
      }
      return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    }

    test('exits 2 when stateful data would be lost', () => {
      const file = path.join(dir, 'replace.json');
      writeFileSync(file, JSON.stringify(replacePlan));
      const result = run([`production-us-east-1=${file}`]);
      expect(result.status).toBe(2);
      expect(result.stdout).toContain('Data-loss risk: 1 stateful resource(s) would be replaced or destroyed.');
      expect(result.stderr).toContain('pass --allow-data-loss once a reviewer has agreed');
    });

    test('exits 0 when the pull request allows the loss', () => {
      const file = path.join(dir, 'replace.json');
      writeFileSync(file, JSON.stringify(replacePlan));
      expect(run(['--allow-data-loss', `production-us-east-1=${file}`]).status).toBe(0);
    });

    test('writes the summary to a file and names a stack after its folder', () => {
      const stackDir = path.join(dir, 'production-bootstrap');
      mkdirSync(stackDir, { recursive: true });
      const file = path.join(stackDir, 'plan.json');
      writeFileSync(file, JSON.stringify(createPlan));
      const output = path.join(dir, 'summary.md');
      const result = run(['--output', output, file]);
      expect(result.status).toBe(0);
      expect(readFileSync(output, 'utf8')).toContain('| production-bootstrap | 7 | 0 | 0 | 0 | 0 |');
    });

    test('rejects a file that is not a plan', () => {
      const result = run([path.join(dir, 'missing.json')]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Cannot read plan');
    });
  });
});
