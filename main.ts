import * as path from 'path';
import { staleSources } from './lib/stale-build';
import { synthesize } from './stacks/synthesize';

// Entry point of `cdktf synth` (see cdktf.json): exits 1 on an invalid
// configuration or when the sources changed since the last build.
function main(): number {
  const compiledDir = __dirname;
  const projectRoot = path.resolve(compiledDir, '..');
  if (path.basename(compiledDir) === 'dist') {
    const stale = staleSources(projectRoot, compiledDir);
    if (stale.length > 0) {
      process.stderr.write(
        `The compiled app in ${path.relative(process.cwd(), compiledDir) || '.'}/ is out of date; ` +
          `changed since the last build: ${stale.join(', ')}.\n` +
          'Run "npm run build" and synth again ("npm run synth" does both).\n',
      );
      return 1;
    }
  }

  return synthesize({
    variables: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

process.exitCode = main();
