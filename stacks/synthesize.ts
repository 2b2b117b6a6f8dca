import * as path from 'path';
import { App } from 'cdktf';
import { ConfigError, loadEnvironment } from '../config';
import { blockingFindings, checkStack, formatFinding } from '../policy/check';
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

  /** Receives configuration errors. */
  readonly stderr: (text: string) => void;
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

  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  const stacks = stackList(addEnvironmentStacks(app, environment));

  // The policy runs on every stack before anything is written, so a blocking finding leaves no output.
  const findings = stacks.flatMap((stack) => checkStack(stack));
  const blocking = blockingFindings(findings);
  const reported = findings.filter((finding) => finding.severity === 'warning' || finding.exemption !== undefined || blocking.includes(finding));
  if (reported.length > 0) {
    options.stderr(`Policy findings (${blocking.length} blocking):\n${reported.map((finding) => `  ${formatFinding(finding)}`).join('\n')}\n`);
  }
  if (blocking.length > 0) {
    options.stderr('Synth stopped: fix the blocking findings above, or exempt a construct with a rule id and a reason.\n');
    return 1;
  }

  app.synth();

  const stacksDir = path.relative(process.cwd(), path.join(app.outdir, 'stacks')) || '.';
  const lines = [`Synthesized environment "${environment.name}": ${stacks.length} stacks in ${stacksDir}/`];
  for (const stack of stacks) {
    lines.push(`  ${stack.node.id}`);
  }
  options.stdout(`${lines.join('\n')}\n`);
  return 0;
}
