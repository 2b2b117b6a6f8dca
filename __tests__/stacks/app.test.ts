import { Testing } from 'cdktf';
import { addEnvironmentStacks, stackList } from '../../stacks/app';
import { testConfig, EXTRA_REGION, synthStack, validConfig } from '../support/synth';

describe('addEnvironmentStacks', () => {
  test('creates bootstrap, global and one stack per region', () => {
    const stacks = stackList(addEnvironmentStacks(Testing.app(), validConfig()));
    expect(stacks.map((stack) => stack.node.id)).toEqual([
      'production-bootstrap',
      'production-global',
      'production-us-east-1',
      'production-eu-central-1',
    ]);
  });

  test('adds a region stack for a region added to the configuration', () => {
    const config = testConfig();
    config.regions.push(EXTRA_REGION);
    const stacks = addEnvironmentStacks(Testing.app(), validConfig(config));
    const json = synthStack(stacks.regions[2]);
    expect(stacks.regions[2].node.id).toBe('production-ap-southeast-2');
    expect(json.provider?.aws[0].region).toBe('ap-southeast-2');
    expect(Object.keys(json.resource?.aws_subnet ?? {})).toHaveLength(6);
  });

  test('gives each stack its own state key', () => {
    const stacks = stackList(addEnvironmentStacks(Testing.app(), validConfig({ ...testConfig(), state: { ...testConfig().state, bootstrapBackend: 's3' } })));
    const keys = stacks.map((stack) => synthStack(stack).terraform?.backend.s3.key);
    expect(new Set(keys).size).toBe(stacks.length);
  });
});
