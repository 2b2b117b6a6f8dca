import * as path from 'path';
import { App } from 'cdktf';
import { ConfigError, loadEnvironment } from './config';
import { addEnvironmentStacks, stackList } from './stacks/app';

/**
 * Entry point of `cdktf synth`: loads and validates the configuration, then
 * writes one Terraform JSON directory per stack.
 *
 * Validation runs before any construct exists, so an invalid configuration
 * writes nothing and exits with status 1.
 */
function main(): void {
  let environment;
  try {
    environment = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = new App();
  const stacks = stackList(addEnvironmentStacks(app, environment));
  app.synth();

  const stacksDir = path.relative(process.cwd(), path.join(app.outdir, 'stacks')) || '.';
  process.stdout.write(`Synthesized environment "${environment.name}": ${stacks.length} stacks in ${stacksDir}/\n`);
  for (const stack of stacks) {
    process.stdout.write(`  ${stack.node.id}\n`);
  }
}

main();
