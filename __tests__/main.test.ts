import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { production } from '../config/environments/production';
import { synthesize } from '../stacks/synthesize';
import { testConfig, EXTRA_REGION } from './support/synth';

function run(variables: NodeJS.ProcessEnv) {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'synth-')), 'cdktf.out');
  let stdout = '';
  let stderr = '';
  const status = synthesize({
    variables,
    outdir,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { status, stdout, stderr, outdir };
}

function configFile(config: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('synthesize', () => {
  const defaultStacks = [
    `${production.name}-bootstrap`,
    `${production.name}-global`,
    ...production.regions.map((region) => `${production.name}-${region.region}`),
  ];

  test('writes every stack of the default environment', () => {
    const result = run({});
    expect(result.status).toBe(0);
    for (const stack of defaultStacks) {
      expect(existsSync(path.join(result.outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    }
  });

  test('prints which stacks it wrote and where', () => {
    const result = run({});
    const stacksDir = path.relative(process.cwd(), path.join(result.outdir, 'stacks'));
    expect(result.stdout).toBe(
      `Synthesized environment "production": ${defaultStacks.length} stacks in ${stacksDir}/\n` +
        defaultStacks.map((stack) => `  ${stack}\n`).join(''),
    );
  });

  test('keeps Terraform working files of a stack across syntheses', () => {
    const first = run({});
    const stackDir = path.join(first.outdir, 'stacks', 'production-bootstrap');
    mkdirSync(path.join(stackDir, '.terraform'));
    writeFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), '{"backend":{"type":"local"}}');
    writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), '# lock');

    const status = synthesize({ variables: {}, outdir: first.outdir, stdout: () => undefined, stderr: () => undefined });
    expect(status).toBe(0);
    expect(readFileSync(path.join(stackDir, '.terraform', 'terraform.tfstate'), 'utf8')).toBe('{"backend":{"type":"local"}}');
    expect(existsSync(path.join(stackDir, '.terraform.lock.hcl'))).toBe(true);
    expect(existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(true);
  });

  test('writes nothing for an invalid configuration', () => {
    const config = testConfig();
    config.regions[0].cidr = '10.10.0.0/33';
    config.regions[1].subdomains = ['app'];
    const result = run({ INFRA_CONFIG_FILE: configFile(config) });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('(2 problems)');
    expect(result.stderr).toContain('regions[0].cidr: "10.10.0.0/33" is not an IPv4 CIDR block');
    expect(result.stderr).toContain('regions[1].subdomains[0]: "app" is already served by regions[0].subdomains[0]');
    expect(existsSync(result.outdir)).toBe(false);
  });

  test('synthesizes a third region from configuration alone', () => {
    const config = testConfig();
    config.regions.push(EXTRA_REGION);
    const result = run({ INFRA_CONFIG_FILE: configFile(config) });
    expect(result.status).toBe(0);

    const stack = JSON.parse(
      readFileSync(path.join(result.outdir, 'stacks', 'production-ap-southeast-2', 'cdk.tf.json'), 'utf8'),
    );
    expect(Object.values(stack.resource.cloudflare_dns_record).map((record: any) => record.name)).toContain(
      'au.legionsecurity.ai',
    );
  });
});

describe('compiled entry point', () => {
  const main = path.resolve(__dirname, '..', 'dist', 'main.js');

  test('exits 1 and writes nothing for an invalid configuration', () => {
    if (!existsSync(main)) {
      throw new Error(`${main} is missing; run "npm run build" (npm test does) before jest`);
    }
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'main-')), 'cdktf.out');
    const result = spawnSync(process.execPath, [main], {
      env: { ...process.env, CDKTF_OUTDIR: outdir, INFRA_CONFIG_FILE: configFile({ ...testConfig(), regions: [] }) },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('regions: must list at least one region; got []');
    expect(existsSync(outdir)).toBe(false);
  });
});
