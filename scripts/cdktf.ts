/**
 * Runs the cdktf CLI with this project's Terraform settings: a CLI
 * configuration that installs providers from the filesystem mirror where one
 * exists (see lib/terraform-cli.ts) and no calls home.
 *
 * Usage: node dist/scripts/cdktf.js <cdktf arguments>
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { terraformEnvironment } from '../lib/terraform-cli';

const projectRoot = path.resolve(__dirname, '..', '..');
const { env } = terraformEnvironment({ workDir: path.join(projectRoot, '.terraform-cli') });
const cli = path.join(projectRoot, 'node_modules', '.bin', 'cdktf');

const result = spawnSync(cli, process.argv.slice(2), { cwd: projectRoot, env, stdio: 'inherit' });
if (result.error) {
  process.stderr.write(`Failed to start ${cli}: ${result.error.message}. Run "npm ci" first.\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
