/**
 * Plans every synthesized stack in deploy order and writes each plan as
 * `cdktf.out/stacks/<stack>/plan.json` for `npm run plan:summary`.
 * Run `npm run synth` first. Credentials come from the environment.
 *
 * Usage: node dist/scripts/plan-stacks.js [--skip-bootstrap]
 */
import { spawnSync } from 'child_process';
import { App } from 'cdktf';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { loadEnvironment } from '../config';
import { terraformEnvironment } from '../lib/terraform-cli';
import { addEnvironmentStacks, stackList } from '../stacks/app';

const projectRoot = path.resolve(__dirname, '..', '..');
const { env } = terraformEnvironment({ workDir: path.join(projectRoot, '.terraform-cli') });
const skipBootstrap = process.argv.includes('--skip-bootstrap');

const app = new App({ outdir: path.join(__dirname, 'plan-stacks-app') });
const names = stackList(addEnvironmentStacks(app, loadEnvironment()))
  .map((stack) => stack.node.id)
  .filter((name) => !(skipBootstrap && name.endsWith('-bootstrap')));

function terraform(dir: string, args: string[]): string {
  const result = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(`terraform ${args[0]} failed in ${dir}:\n${result.stdout}\n${result.stderr}\n`);
    process.exit(1);
  }
  return result.stdout;
}

for (const name of names) {
  const dir = path.join(projectRoot, 'cdktf.out', 'stacks', name);
  process.stdout.write(`Planning ${name}\n`);
  terraform(dir, ['init', '-input=false', '-no-color']);
  terraform(dir, ['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-out=plan.tfplan']);
  writeFileSync(path.join(dir, 'plan.json'), terraform(dir, ['show', '-json', 'plan.tfplan']));
}
