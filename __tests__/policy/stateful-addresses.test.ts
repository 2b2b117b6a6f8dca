import { readFileSync } from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { loadEnvironment } from '../../config';
import { statefulAddresses, STATEFUL_TYPES } from '../../policy/stateful';
import { addEnvironmentStacks, stackList } from '../../stacks/app';

const REVIEWED_FILE = path.join(__dirname, '..', 'stateful-addresses.json');
const reviewed: Record<string, string[]> = JSON.parse(readFileSync(REVIEWED_FILE, 'utf8'));
const current = Object.fromEntries(
  stackList(addEnvironmentStacks(Testing.app(), loadEnvironment({}))).map((stack) => [stack.node.id, statefulAddresses(stack)]),
);

/** Explains how to keep a stateful resource when its address changes. */
function howToMove(stack: string, address: string): string {
  return (
    `${stack}: ${address} would be destroyed. If it was renamed, keep its data with a moved block: call ` +
    `moveFromId("${address}") on the resource at its new address (or moveToId on the old one) and deploy that first. ` +
    'If the destroy is intended, have it reviewed and run "npm run stateful:update".'
  );
}

describe('stateful addresses', () => {
  test.each(Object.keys(reviewed).map((stack) => [stack]))('%s keeps every reviewed address', (stack) => {
    const present = new Set(current[stack] ?? []);
    const removed = reviewed[stack].filter((address) => !present.has(address));
    expect(removed.map((address) => howToMove(stack, address))).toEqual([]);
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
    expect(howToMove('production-us-east-1', 'aws_s3_bucket.Old_1234ABCD')).toContain('moveFromId("aws_s3_bucket.Old_1234ABCD")');
  });
});
