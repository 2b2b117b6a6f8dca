/**
 * Writes a Markdown summary of `terraform show -json` plan files.
 *
 * Usage: npm run plan:summary -- [--allow-data-loss] [--output FILE] <stack>=<plan.json>... | <plan.json>...
 *
 * A plan given without `<stack>=` is named after its folder. Exits 2 when a
 * stateful resource would be replaced or destroyed, unless --allow-data-loss
 * is given (the pull request workflow passes it for the "allow-data-loss" label).
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { renderSummary, StackPlan, summarizePlans } from '../lib/plan-summary';

function main(args: string[]): number {
  let allowDataLoss = false;
  let output: string | undefined;
  const plans: StackPlan[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--allow-data-loss') {
      allowDataLoss = true;
    } else if (arg === '--output') {
      output = args[++i];
      if (!output || output.startsWith('--')) {
        process.stderr.write('--output needs a file name, for example --output plan-summary.md\n');
        return 1;
      }
    } else {
      const [stack, file] = arg.includes('=') ? arg.split('=', 2) : [path.basename(path.dirname(path.resolve(arg))), arg];
      try {
        plans.push({ stack, plan: JSON.parse(readFileSync(file, 'utf8')) });
      } catch (error) {
        process.stderr.write(`Cannot read plan "${file}": ${(error as Error).message}. Pass the output of terraform show -json.\n`);
        return 1;
      }
    }
  }
  if (plans.length === 0) {
    process.stderr.write('No plan given. Usage: npm run plan:summary -- [--allow-data-loss] [--output FILE] <plan.json>...\n');
    return 1;
  }

  let summary;
  try {
    summary = summarizePlans(plans);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const markdown = renderSummary(summary);
  if (output) {
    writeFileSync(output, markdown);
  } else {
    process.stdout.write(markdown);
  }

  if (summary.dataLoss.length > 0 && !allowDataLoss) {
    process.stderr.write(
      `${summary.dataLoss.length} stateful resource(s) would be replaced or destroyed. ` +
        'Move them with a moved block, or pass --allow-data-loss once a reviewer has agreed.\n',
    );
    return 2;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
