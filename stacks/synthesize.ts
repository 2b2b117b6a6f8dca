import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { ConfigError, loadEnvironment } from '../config';
import { blockingFindings, checkStack, formatFinding } from '../policy/check';
import { PolicyRule } from '../policy/types';
import { addEnvironmentStacks, stackList } from './app';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /** Variables that select the configuration (INFRA_ENVIRONMENT, INFRA_CONFIG_FILE). */
  readonly variables: NodeJS.ProcessEnv;

  /**
   * Output folder.
   * @default - $CDKTF_OUTDIR as set by the cdktf CLI, else cdktf.out
   */
  readonly outdir?: string;

  /** Receives the summary of what was written. */
  readonly stdout: (text: string) => void;

  /** Receives configuration errors and policy findings. */
  readonly stderr: (text: string) => void;

  /**
   * Policy rules to apply.
   * @default - every rule in policy/rules.ts
   */
  readonly rules?: readonly PolicyRule[];
}

/**
 * Loads and validates the configuration, applies the policy rules to every
 * stack, then writes one Terraform JSON folder per stack. Returns the process
 * exit status: 0 on success, 1 when the configuration is invalid or a rule
 * finds an error without an exemption. Nothing is written then, because both
 * checks run before the app is synthesized.
 */
export function synthesize(options: SynthesizeOptions): number {
  let environment;
  try {
    environment = loadEnvironment(options.variables);
  } catch (error) {
    if (error instanceof ConfigError) {
      options.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  // The app writes into a staging folder that replaces the output folder only
  // when synth succeeds, so a failure leaves the previous output as it was.
  const outdir = path.resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // Stack traces on every construct cost about a tenth of synth time and are not needed in the output.
  let app: App;
  let stacks: ReturnType<typeof stackList>;
  try {
    app = new App({ outdir: staging, stackTraces: false });
    stacks = stackList(addEnvironmentStacks(app, environment));
    app.synth();
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  // The policy reads what the app wrote to the staging folder, so a blocking
  // finding never reaches the output folder.
  const findings = stacks.flatMap((stack) => {
    const file = path.join(staging, 'stacks', stack.node.id, 'cdk.tf.json');
    return checkStack(stack, options.rules, JSON.parse(readFileSync(file, 'utf8')));
  });
  const blocking = blockingFindings(findings);
  const reported = findings.filter((finding) => finding.severity === 'warning' || finding.exemption !== undefined || blocking.includes(finding));
  if (reported.length > 0) {
    options.stderr(`Policy findings (${blocking.length} blocking):\n${reported.map((finding) => `  ${formatFinding(finding)}`).join('\n')}\n`);
  }
  if (blocking.length > 0) {
    rmSync(staging, { recursive: true, force: true });
    options.stderr('Synth stopped: fix the blocking findings above, or exempt a construct with a rule id and a reason.\n');
    return 1;
  }

  keepTerraformWorkingFiles(outdir, staging);
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);

  const stacksDir = path.relative(process.cwd(), path.join(outdir, 'stacks')) || '.';
  const lines = [`Synthesized environment "${environment.name}": ${stacks.length} stacks in ${stacksDir}/`];
  for (const stack of stacks) {
    lines.push(`  ${stack.node.id}`);
  }
  options.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Moves what Terraform keeps in each stack folder (`.terraform` with the
 * backend it was initialized with, the lock file, local state) from the old
 * output into the new one. Without `.terraform`, a later
 * `terraform init -migrate-state` would not know the previous backend and
 * would copy no state.
 */
function keepTerraformWorkingFiles(outdir: string, staging: string): void {
  const oldStacks = path.join(outdir, 'stacks');
  if (!existsSync(oldStacks)) {
    return;
  }
  for (const stack of readdirSync(oldStacks)) {
    const target = path.join(staging, 'stacks', stack);
    if (!existsSync(target)) {
      continue;
    }
    for (const entry of readdirSync(path.join(oldStacks, stack))) {
      if (entry !== 'cdk.tf.json' && !existsSync(path.join(target, entry))) {
        renameSync(path.join(oldStacks, stack, entry), path.join(target, entry));
      }
    }
  }
}
