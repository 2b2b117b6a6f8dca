/**
 * Measures synth and test times as whole processes and writes
 * docs/benchmark.md. Each case runs several times and the median is kept;
 * peak memory is the maximum resident set size that GNU time reports.
 *
 * Usage: npm run bench -- [--runs N] [--suite-runs N]
 *   --runs        runs per synth case (default 3)
 *   --suite-runs  runs of each test command (default 1; each takes about a minute)
 */
import { spawnSync } from 'child_process';
import { cpus, totalmem, tmpdir } from 'os';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { generatedEnvironment } from './bench-config';

const ROOT = path.resolve(__dirname, '..', '..');
const TIME = '/usr/bin/time';
const WORK = mkdtempSync(path.join(tmpdir(), 'bench-'));

interface Measurement {
  readonly seconds: number;
  readonly megabytes: number;
}

interface CaseResult extends Measurement {
  readonly name: string;
  readonly command: string;
  readonly runs: number;
  readonly resources?: number;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1; got ${process.argv[index + 1]}`);
  }
  return value;
}

/** Runs a command once under GNU time and returns its wall time and peak memory. */
function measure(command: string[], env: NodeJS.ProcessEnv, cwd: string): Measurement {
  const result = spawnSync(TIME, ['-f', '%e %M', ...command], { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kilobytes] = last.split(' ').map(Number);
  if (result.status !== 0 || Number.isNaN(seconds)) {
    throw new Error(`"${command.join(' ')}" failed (status ${result.status}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  return { seconds, megabytes: kilobytes / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runCase(name: string, command: string[], runs: number, env: NodeJS.ProcessEnv, cwd = ROOT, resources?: number): CaseResult {
  const measurements = Array.from({ length: runs }, () => measure(command, env, cwd));
  const result = {
    name,
    command: command.join(' '),
    runs,
    seconds: median(measurements.map((entry) => entry.seconds)),
    megabytes: median(measurements.map((entry) => entry.megabytes)),
    resources,
  };
  process.stdout.write(`${name}: ${result.seconds.toFixed(2)} s, ${result.megabytes.toFixed(0)} MB (median of ${runs})\n`);
  return result;
}

/** Counts the resources the app wrote for every stack in `outdir`. */
function countResources(outdir: string): number {
  let count = 0;
  for (const stack of readdirSync(path.join(outdir, 'stacks'))) {
    const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    for (const resources of Object.values(json.resource ?? {})) {
      count += Object.keys(resources as object).length;
    }
  }
  return count;
}

/** Writes an app with one empty stack, the floor of any cdktf synth. */
function emptyApp(): string {
  const dir = path.join(WORK, 'empty-app');
  mkdirSync(dir, { recursive: true });
  const cdktf = JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'));
  writeFileSync(
    path.join(dir, 'app.js'),
    `const { App, TerraformStack } = require(${cdktf});\nconst app = new App();\nnew TerraformStack(app, 'empty');\napp.synth();\n`,
  );
  writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', terraformProviders: [] }));
  return dir;
}

function main(): number {
  if (!existsSync(TIME)) {
    process.stderr.write(`${TIME} not found; install GNU time (Debian package "time") to measure peak memory.\n`);
    return 1;
  }
  const runs = option('--runs', 3);
  const suiteRuns = option('--suite-runs', 1);
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

  const sizes: [string, number, number][] = [
    ['6 regions, 50 proxies', 6, 50],
    ['12 regions, 300 proxies', 12, 300],
  ];
  const results: CaseResult[] = [];

  const defaultOut = path.join(WORK, 'default');
  results.push(runCase('app synth, default configuration', ['node', 'dist/main.js'], runs, { ...env, CDKTF_OUTDIR: defaultOut }));
  const defaultResources = countResources(defaultOut);
  results[results.length - 1] = { ...results[results.length - 1], resources: defaultResources };

  for (const [label, regions, customers] of sizes) {
    const file = path.join(WORK, `config-${regions}-${customers}.json`);
    writeFileSync(file, JSON.stringify(generatedEnvironment(regions, customers)));
    const outdir = path.join(WORK, `out-${regions}-${customers}`);
    const result = runCase(`app synth, ${label}`, ['node', 'dist/main.js'], runs, { ...env, INFRA_CONFIG_FILE: file, CDKTF_OUTDIR: outdir });
    results.push({ ...result, resources: countResources(outdir) });
  }

  const floor = runCase('cdktf synth, one empty stack (CLI floor)', [cli, 'synth', '--output', path.join(WORK, 'floor-out')], runs, env, emptyApp());
  results.push(floor);
  const endToEnd = runCase(
    'cdktf synth, default configuration',
    ['node', 'dist/scripts/cdktf.js', 'synth', '--output', path.join(WORK, 'cli-out')],
    runs,
    env,
  );
  results.push(endToEnd);
  const tsNode = runCase(
    'app through ts-node (cdktf init template)',
    [path.join(ROOT, 'node_modules', '.bin', 'ts-node'), 'main.ts'],
    runs,
    { ...env, CDKTF_OUTDIR: path.join(WORK, 'ts-node-out') },
  );
  results.push(tsNode);

  const suite = runCase('npm test (everything)', ['npm', 'test', '--silent'], suiteRuns, env);
  const unit = runCase('npm run test:unit', ['npm', 'run', 'test:unit', '--silent'], suiteRuns, env);
  results.push(suite, unit);

  const app = results[0];
  const medium = results[1];
  const large = results[2];
  // Marginal cost, so the fixed start-up time cannot hide a cost that grows faster than linear.
  const slope = (from: CaseResult, to: CaseResult) =>
    ((to.seconds - from.seconds) / ((to.resources ?? 0) - (from.resources ?? 0))) * 1000;
  const smallSlope = slope(app, medium);
  const largeSlope = slope(medium, large);
  const targets: [string, boolean][] = [
    [`app synth of the default configuration under 1 s and 300 MB (${app.seconds.toFixed(2)} s, ${app.megabytes.toFixed(0)} MB)`, app.seconds < 1 && app.megabytes < 300],
    [
      `cdktf synth within 1.5 times the CLI floor (${(endToEnd.seconds / floor.seconds).toFixed(2)} times)`,
      endToEnd.seconds <= 1.5 * floor.seconds,
    ],
    [
      `12 regions and 300 proxies under 10 s and 1 GB (${large.seconds.toFixed(2)} s, ${large.megabytes.toFixed(0)} MB)`,
      large.seconds < 10 && large.megabytes < 1024,
    ],
    [
      `cost no worse than linear: seconds per 1000 added resources from the medium to the largest size at most ` +
        `1.5 times that from the default to the medium size (${largeSlope.toFixed(3)} s against ${smallSlope.toFixed(3)} s)`,
      largeSlope <= 1.5 * smallSlope,
    ],
    [`whole test suite under 3 minutes (${suite.seconds.toFixed(0)} s)`, suite.seconds < 180],
    [`unit tests under 60 s (${unit.seconds.toFixed(0)} s)`, unit.seconds < 60],
  ];

  writeFileSync(path.join(ROOT, 'docs', 'benchmark.md'), renderPage(results, targets, runs, suiteRuns));
  rmSync(WORK, { recursive: true, force: true });
  for (const [target, met] of targets) {
    process.stdout.write(`${met ? 'met' : 'MISSED'}: ${target}\n`);
  }
  return targets.every(([, met]) => met) ? 0 : 1;
}

function commit(): string {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

function renderPage(results: CaseResult[], targets: [string, boolean][], runs: number, suiteRuns: number): string {
  const node = process.version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmark',
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} at commit ${commit()} with \`npm run bench -- --runs ${runs} --suite-runs ${suiteRuns}\`,`,
    `on ${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB of memory, Node.js ${node}.`,
    'Each case is a whole process under GNU time: wall time, and the peak resident memory of the largest single',
    'process in its tree (for cdktf synth and the test suites, the processes together use more). Time and memory',
    'are medians of the runs, taken separately. The test suites run after the synth cases, with warm caches;',
    'their Terraform checks install providers from the filesystem mirror only. "Resources" counts resource blocks',
    'in the synthesized stacks, a `for_each` block once.',
    '',
    '| case | resources | wall time | peak memory | runs |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map(
      (result) =>
        `| ${result.name} | ${result.resources ?? ''} | ${result.seconds.toFixed(2)} s | ${result.megabytes.toFixed(0)} MB | ${result.runs} |`,
    ),
    '',
    '## Targets',
    '',
    ...targets.map(([target, met]) => `- ${met ? 'met' : '**missed**'}: ${target}`),
    '',
    'Commands: `node dist/main.js` is the app command in `cdktf.json`; "cdktf synth" runs the cdktf CLI through',
    '`scripts/cdktf.ts`; the CLI floor is `cdktf synth` of an app with one empty stack; the ts-node case runs',
    '`ts-node main.ts`, as the `cdktf init` template runs apps. The generated configurations come from',
    '`scripts/bench-config.ts`.',
    '',
  ];
  return lines.join('\n');
}

process.exitCode = main();
