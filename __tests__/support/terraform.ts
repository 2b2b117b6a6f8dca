import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { DEFAULT_PROVIDER_MIRROR, terraformEnvironment } from '../../lib/terraform-cli';

/** Oldest Terraform that supports S3-native state locking (`use_lockfile`). */
export const MIN_TERRAFORM_VERSION = '1.10.0';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Maximum time one terraform command may take before the test fails. */
const COMMAND_TIMEOUT_MS = 5 * 60 * 1000;

/** A planned change, as `terraform show -json` reports it. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: string[]; readonly after: Record<string, any> | null };
}

/**
 * Runs real Terraform offline: providers come from the filesystem mirror where
 * one exists (else the public registry), credentials are fake and no AWS
 * variable of the caller's shell reaches the process.
 */
export class OfflineTerraform {
  readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.binary = process.env.TERRAFORM_BINARY || 'terraform';
    const base: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('AWS_') && !name.startsWith('TF_')) {
        base[name] = value;
      }
    }
    if (process.env.TF_PROVIDER_MIRROR) {
      base.TF_PROVIDER_MIRROR = process.env.TF_PROVIDER_MIRROR;
    }
    // The provider must never ask an instance metadata service for credentials.
    base.AWS_EC2_METADATA_DISABLED = 'true';
    base.TF_IN_AUTOMATION = '1';
    this.env = terraformEnvironment({ workDir: path.join(PROJECT_ROOT, '.terraform-cli'), baseEnvironment: base }).env;
    this.checkVersion();
  }

  /** Synthesizes one stack into a fresh temporary folder and returns the stack's folder. */
  synth(build: (app: App) => TerraformStack): string {
    const outdir = mkdtempSync(path.join(tmpdir(), 'offline-plan-'));
    const app = new App({ outdir });
    const stack = build(app);
    app.synth();
    return path.join(outdir, 'stacks', stack.node.id);
  }

  /** Runs `terraform init` and `terraform validate`; fails on any error. */
  initAndValidate(dir: string): void {
    this.run(dir, ['init', '-input=false', '-no-color']);
    const result = JSON.parse(this.run(dir, ['validate', '-json', '-no-color']));
    if (!result.valid) {
      throw new Error(`terraform validate failed in ${dir}:\n${JSON.stringify(result.diagnostics, null, 2)}`);
    }
  }

  /**
   * Runs `terraform init -backend=false` and returns the configuration errors
   * it reports. Terraform reads the whole configuration before it installs
   * providers, so this also checks stacks whose providers are not available
   * here (Cloudflare, Atlas). A provider that cannot be installed is not an error.
   * Providers come from the mirror only, so the check never reaches a registry.
   */
  configurationErrors(dir: string): string[] {
    const result = spawnSync(this.binary, ['init', '-backend=false', '-input=false', '-no-color'], {
      cwd: dir,
      env: { ...this.env, TF_CLI_CONFIG_FILE: this.mirrorOnlyConfig() },
      encoding: 'utf8',
      timeout: COMMAND_TIMEOUT_MS,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    return output
      .split(/\n(?=Error: )/)
      .filter((block) => block.startsWith('Error: '))
      .filter((block) => !/Failed to query available provider packages|Failed to install provider|provider registry|Incompatible provider version|no available releases/i.test(block))
      .filter((block) => !block.startsWith('Error: Terraform encountered problems during initialisation') || /on cdk\.tf\.json/.test(block));
  }

  /** Runs `terraform plan` and returns its resource changes from `terraform show -json`. */
  plan(dir: string): ResourceChange[] {
    return this.planJson(dir).resource_changes ?? [];
  }

  /**
   * Runs `terraform plan` and returns the whole `terraform show -json` output.
   * Without refresh, Terraform trusts the state file as it is, so a plan
   * against a hand-written state needs no API.
   */
  planJson(dir: string, options: { refresh?: boolean } = {}): any {
    const refresh = options.refresh ?? true ? [] : ['-refresh=false'];
    this.run(dir, ['plan', '-input=false', '-no-color', '-lock=false', ...refresh, '-out=plan.tfplan']);
    return JSON.parse(this.run(dir, ['show', '-json', 'plan.tfplan']));
  }

  /** Path of the file a stack's generated configuration lives in. */
  static configFile(dir: string): Record<string, any> {
    return JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  }

  /**
   * Writes a CLI configuration that installs providers from the filesystem
   * mirror only (an empty folder where there is no mirror), so reading the
   * configuration never reaches a registry.
   */
  private mirrorOnlyConfig(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'mirror-only-'));
    const mirror = process.env.TF_PROVIDER_MIRROR || (existsSync(DEFAULT_PROVIDER_MIRROR) ? DEFAULT_PROVIDER_MIRROR : dir);
    const file = path.join(dir, 'terraformrc');
    writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
    return file;
  }

  private checkVersion(): void {
    const result = spawnSync(this.binary, ['version', '-json'], { env: this.env, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new Error(
        `Cannot run "${this.binary}" (${result.error?.message ?? result.stderr}). The Terraform checks need ` +
          `terraform ${MIN_TERRAFORM_VERSION} or later on PATH, or its path in TERRAFORM_BINARY.`,
      );
    }
    const version: string = JSON.parse(result.stdout).terraform_version;
    if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
      throw new Error(`terraform ${version} is too old; the S3 backend's use_lockfile needs ${MIN_TERRAFORM_VERSION} or later`);
    }
  }

  private run(dir: string, args: string[]): string {
    const result = spawnSync(this.binary, args, {
      cwd: dir,
      env: this.env,
      encoding: 'utf8',
      timeout: COMMAND_TIMEOUT_MS,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error || result.status !== 0) {
      throw new Error(
        `terraform ${args[0]} failed in ${dir} (status ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n` +
          `${result.stdout}\n${result.stderr}`,
      );
    }
    return result.stdout;
  }
}

/** Counts planned changes by resource type. */
export function countByType(changes: readonly ResourceChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of changes) {
    counts[change.type] = (counts[change.type] ?? 0) + 1;
  }
  return counts;
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((left[i] ?? 0) !== (right[i] ?? 0)) {
      return (left[i] ?? 0) - (right[i] ?? 0);
    }
  }
  return 0;
}
