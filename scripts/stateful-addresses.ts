/**
 * Writes the reviewed list of stateful Terraform addresses of the default
 * environment (__tests__/stateful-addresses.json). Run it only after a
 * reviewer has agreed that every removed address is really meant to be
 * destroyed, or has been moved with a moved block.
 *
 * Usage: npm run stateful:update
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { loadEnvironment } from '../config';
import { statefulAddresses } from '../policy/stateful';
import { addEnvironmentStacks, stackList } from '../stacks/app';

const projectRoot = path.resolve(__dirname, '..', '..');
const file = path.join(projectRoot, '__tests__', 'stateful-addresses.json');

const app = new App({ outdir: path.join(projectRoot, 'dist', 'stateful-addresses-app') });
const stacks = stackList(addEnvironmentStacks(app, loadEnvironment({})));
const addresses = Object.fromEntries(stacks.map((stack) => [stack.node.id, statefulAddresses(stack)]));
writeFileSync(file, `${JSON.stringify(addresses, null, 2)}\n`);
process.stdout.write(`Wrote ${Object.values(addresses).flat().length} stateful addresses to ${path.relative(process.cwd(), file)}\n`);
