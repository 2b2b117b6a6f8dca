import { readFileSync } from 'fs';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { loadEnvironment } from '../../config';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { movedFromAddresses, statefulAddresses, STATEFUL_TYPES } from '../../policy/stateful';
import { addEnvironmentStacks, stackList } from '../../stacks/app';

const REVIEWED_FILE = path.join(__dirname, '..', 'stateful-addresses.json');
const reviewed: Record<string, string[]> = JSON.parse(readFileSync(REVIEWED_FILE, 'utf8'));
const stacks = stackList(addEnvironmentStacks(Testing.app(), loadEnvironment({})));
const current = Object.fromEntries(stacks.map((stack) => [stack.node.id, statefulAddresses(stack)]));
const moved = Object.fromEntries(stacks.map((stack) => [stack.node.id, movedFromAddresses(stack)]));

/** Explains how to keep a stateful resource when its address changes. */
function howToMove(stack: string, address: string): string {
  return (
    `${stack}: ${address} would be destroyed. If its construct was renamed or moved, keep the resource with a moved ` +
    `block: call moveFromId("${address}") on the resource at its new address, and do the same for every other ` +
    'resource of that construct (a renamed SecureBucket moves seven), then run "npm run stateful:update" to record ' +
    'the new address. If the destroy is intended, have it reviewed and run "npm run stateful:update".'
  );
}

describe('stateful addresses', () => {
  test.each(Object.keys(reviewed).map((stack) => [stack]))('%s keeps every reviewed address', (stack) => {
    const present = new Set([...(current[stack] ?? []), ...(moved[stack] ?? [])]);
    const removed = reviewed[stack].filter((address) => !present.has(address));
    expect(removed.map((address) => howToMove(stack, address))).toEqual([]);
  });

  test('a moved block keeps the old address covered', () => {
    const stack = new TerraformStack(Testing.app(), 'moved');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const queue = new SqsQueue(stack, 'NewName', { name: 'work' });
    queue.moveFromId('aws_sqs_queue.OldName');
    expect(movedFromAddresses(stack)).toEqual(['aws_sqs_queue.OldName']);
    expect(statefulAddresses(stack)).toEqual(['aws_sqs_queue.NewName']);
  });

  test('the reviewed list covers every stateful type it names', () => {
    for (const addresses of Object.values(reviewed)) {
      for (const address of addresses) {
        expect(STATEFUL_TYPES).toContain(address.split('.')[0]);
      }
    }
  });

  test('the reviewed list includes the state bucket and the Atlas clusters', () => {
    const all = Object.values(reviewed).flat();
    expect(all).toContain('aws_s3_bucket.StateBucket_3A0A90D0');
    expect(all.filter((address) => address.startsWith('mongodbatlas_advanced_cluster.')).length).toBeGreaterThan(0);
  });

  test('a renamed resource is reported with how to move it', () => {
    const message = howToMove('production-us-east-1', 'aws_s3_bucket.Old_1234ABCD');
    expect(message).toContain('moveFromId("aws_s3_bucket.Old_1234ABCD")');
    expect(message).toContain('every other resource of that construct');
  });
});
