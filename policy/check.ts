import { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { Exemption, exemptionsOf } from './exemptions';
import { RULES } from './rules';
import { Finding, PolicyRule, StackResources, StackTerraform } from './types';

/** Rule id of the finding for an exemption that gives no reason or names no known rule. */
export const INVALID_EXEMPTION_RULE = 'POLICY_EXEMPTION_INVALID';

/** Rule id of the warning for an exemption that covers no finding, which would hide a later one unseen. */
export const UNUSED_EXEMPTION_RULE = 'POLICY_EXEMPTION_UNUSED';

/**
 * Applies every rule to a stack and returns the findings, each marked with
 * the exemption that covers it, if any.
 *
 * @param terraform the stack's synthesized Terraform, when it was already
 *   written; otherwise the stack is resolved here, which costs a second synth
 */
export function checkStack(
  stack: TerraformStack,
  rules: readonly PolicyRule[] = RULES,
  terraform: StackTerraform = stack.toTerraform() as StackTerraform,
): Finding[] {
  const resources = new StackResources(terraform);
  const constructs = new Map<string, IConstruct>(stack.node.findAll().map((construct) => [construct.node.path, construct]));
  const findings = invalidExemptions(stack, rules);

  const used = new Set<Exemption>();
  for (const rule of rules) {
    for (const violation of rule.check(resources)) {
      const exemption = exemptionFor(constructs.get(violation.resource.path), rule.id, stack);
      if (exemption) {
        used.add(exemption);
      }
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        stack: stack.node.id,
        address: violation.resource.address,
        path: violation.resource.path,
        message: violation.message,
        fix: rule.fix,
        exemption: exemption?.reason,
      });
    }
  }
  findings.push(...unusedExemptions(stack, rules, used));
  return findings;
}

/** Returns the findings that block synth: errors without a valid exemption. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error' && finding.exemption === undefined);
}

/** Formats a finding as two lines: the rule, the address and the path, then the problem and the fix. */
export function formatFinding(finding: Finding): string {
  const label = finding.exemption !== undefined ? 'exempt' : finding.severity;
  const head = `${label} ${finding.ruleId} ${finding.address} (${finding.path})`;
  const detail = finding.exemption !== undefined ? `reason: ${finding.exemption}` : `${finding.message}. Fix: ${finding.fix}`;
  return `${head}\n    ${detail}`;
}

function unusedExemptions(stack: TerraformStack, rules: readonly PolicyRule[], used: Set<Exemption>): Finding[] {
  const known = new Set(rules.map((rule) => rule.id));
  return stack.node.findAll().flatMap((construct) =>
    exemptionsOf(construct)
      .filter((exemption) => known.has(exemption.ruleId) && exemption.reason.trim() !== '' && !used.has(exemption))
      .map((exemption) => ({
        ruleId: UNUSED_EXEMPTION_RULE,
        severity: 'warning' as const,
        stack: stack.node.id,
        address: '(exemption)',
        path: construct.node.path,
        message: `the exemption from ${exemption.ruleId} covers no finding`,
        fix: 'remove the exemption, so a later finding of that rule is not hidden',
      })),
  );
}

function exemptionFor(construct: IConstruct | undefined, ruleId: string, stack: TerraformStack): Exemption | undefined {
  for (let current = construct; current && current !== stack.node.scope; current = current.node.scope) {
    const exemption = exemptionsOf(current).find((entry) => entry.ruleId === ruleId && entry.reason.trim() !== '');
    if (exemption) {
      return exemption;
    }
  }
  return undefined;
}

function invalidExemptions(stack: TerraformStack, rules: readonly PolicyRule[]): Finding[] {
  const known = new Set(rules.map((rule) => rule.id));
  const findings: Finding[] = [];
  for (const construct of stack.node.findAll()) {
    for (const exemption of exemptionsOf(construct)) {
      let message: string | undefined;
      if (!known.has(exemption.ruleId)) {
        message = `the exemption names rule "${exemption.ruleId}", which does not exist`;
      } else if (typeof exemption.reason !== 'string' || exemption.reason.trim() === '') {
        message = `the exemption from ${exemption.ruleId} gives no reason`;
      }
      if (message) {
        findings.push({
          ruleId: INVALID_EXEMPTION_RULE,
          severity: 'error',
          stack: stack.node.id,
          address: '(exemption)',
          path: construct.node.path,
          message,
          fix: 'name an existing rule id and write why the rule does not apply to this construct',
        });
      }
    }
  }
  return findings;
}
