/**
 * Prints the stacks of the selected environment in deploy order, one per
 * line: bootstrap, global, then the regions. With --skip-bootstrap the
 * bootstrap stack is left out, for pipelines that deploy it by hand.
 *
 * Usage: node dist/scripts/stack-order.js [--skip-bootstrap]
 */
import { App } from 'cdktf';
import * as path from 'path';
import { loadEnvironment } from '../config';
import { addEnvironmentStacks, stackList } from '../stacks/app';

const skipBootstrap = process.argv.includes('--skip-bootstrap');
const app = new App({ outdir: path.join(__dirname, 'stack-order-app') });
const stacks = stackList(addEnvironmentStacks(app, loadEnvironment()));
const names = stacks.map((stack) => stack.node.id).filter((name) => !(skipBootstrap && name.endsWith('-bootstrap')));
process.stdout.write(`${names.join('\n')}\n`);
