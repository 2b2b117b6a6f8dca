import { STATEFUL_TYPES } from '../policy/stateful';

/** The parts of `terraform show -json` output that the summary reads. */
export interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: Record<string, unknown> | null;
      readonly after?: Record<string, unknown> | null;
    };
  }[];
}

/** A plan and the stack it belongs to. */
export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

/** Effect of a planned change on its resource. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'destroy' | 'forget';

/** One planned change that the summary lists. */
export interface ListedChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Arguments whose values change, with the value before and after, for updates and replacements. */
  readonly changedArguments?: readonly string[];
}

/** The summary of one or more plans. */
export interface PlanSummary {
  readonly counts: ReadonlyMap<string, Record<ChangeKind, number>>;
  /** Replaced or destroyed stateful resources: the data-loss risks. */
  readonly dataLoss: readonly ListedChange[];
  /** Every replace or destroy. */
  readonly removals: readonly ListedChange[];
  /** Changes to security groups and their rules, IAM, and listeners and listener rules. */
  readonly securityChanges: readonly ListedChange[];
}

/** Resource types a security reviewer reads first: network openings, IAM, listeners, Access, the origin rule, bucket policies. */
export const SECURITY_TYPES: readonly string[] = [
  'aws_s3_bucket_policy',
  'cloudflare_ruleset',
  'cloudflare_zero_trust_access_application',
  'cloudflare_zero_trust_access_policy',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_lb_listener',
  'aws_lb_listener_rule',
];

/** Returns what a change's actions do: create, update, replace, destroy, or nothing. */
export function changeKind(actions: readonly string[]): ChangeKind | undefined {
  const set = new Set(actions);
  if (set.has('forget')) {
    return 'forget';
  }
  if (set.has('delete') && set.has('create')) {
    return 'replace';
  }
  if (set.has('delete')) {
    return 'destroy';
  }
  if (set.has('create')) {
    return 'create';
  }
  if (set.has('update')) {
    return 'update';
  }
  return undefined;
}

/** Summarizes plans per stack, with data-loss risks and security-relevant changes. */
export function summarizePlans(plans: readonly StackPlan[]): PlanSummary {
  const counts = new Map<string, Record<ChangeKind, number>>();
  const dataLoss: ListedChange[] = [];
  const removals: ListedChange[] = [];
  const securityChanges: ListedChange[] = [];

  for (const { stack, plan } of plans) {
    if (!Array.isArray(plan.resource_changes) && !('planned_values' in (plan as object))) {
      throw new Error(`the plan of ${stack} has no resource_changes or planned_values; pass the output of terraform show -json <plan file>`);
    }
    const stackCounts = { create: 0, update: 0, replace: 0, destroy: 0, forget: 0 };
    for (const change of plan.resource_changes ?? []) {
      const kind = changeKind(change.change.actions);
      if (kind === undefined) {
        continue;
      }
      stackCounts[kind] += 1;
      const listed: ListedChange = {
        stack,
        address: change.address,
        type: change.type,
        kind,
        changedArguments: kind === 'update' || kind === 'replace' ? changedArguments(change.change.before, change.change.after) : undefined,
      };
      if (kind === 'replace' || kind === 'destroy' || kind === 'forget') {
        removals.push(listed);
        if (STATEFUL_TYPES.includes(change.type)) {
          dataLoss.push(listed);
        }
      }
      if (SECURITY_TYPES.includes(change.type)) {
        securityChanges.push(listed);
      }
    }
    counts.set(stack, stackCounts);
  }
  return { counts, dataLoss, removals, securityChanges };
}

/** Renders a summary as Markdown for a pull request comment. */
export function renderSummary(summary: PlanSummary): string {
  const lines: string[] = ['## Terraform plan summary', ''];

  if (summary.dataLoss.length > 0) {
    lines.push(
      `> **Data-loss risk: ${summary.dataLoss.length} stateful resource(s) would be replaced or destroyed.**`,
      '',
      ...summary.dataLoss.map((change) => `- \`${change.stack}\` ${change.kind} \`${change.address}\``),
      '',
    );
  } else {
    lines.push('No stateful resource is replaced or destroyed.', '');
  }

  lines.push('| stack | create | update | replace | destroy | forget |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [stack, count] of summary.counts) {
    lines.push(`| ${stack} | ${count.create} | ${count.update} | ${count.replace} | ${count.destroy} | ${count.forget} |`);
  }
  lines.push('');

  lines.push('### Replaced, destroyed or forgotten', '');
  lines.push(...listOrNone(summary.removals));
  lines.push('### Security groups, IAM, listener rules, Access, the origin rule and bucket policies', '');
  lines.push(...listOrNone(summary.securityChanges, true));
  return `${lines.join('\n')}\n`;
}

function listOrNone(changes: readonly ListedChange[], withArguments = false): string[] {
  if (changes.length === 0) {
    return ['None.', ''];
  }
  const lines: string[] = [];
  for (const change of changes) {
    lines.push(`- \`${change.stack}\` ${change.kind} \`${change.address}\``);
    if (withArguments) {
      lines.push(...(change.changedArguments ?? []).map((argument) => `  - ${argument}`));
    }
  }
  return [...lines, ''];
}

/** Returns `name: before → after` for each top-level argument whose value changes; values are cut at 120 characters. */
function changedArguments(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const show = (value: unknown) => {
    const text = value === undefined ? '(unset)' : JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  };
  return [...names]
    .filter((name) => name !== 'tags_all' && JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]))
    .sort()
    .map((name) => `\`${name}\`: ${show(before?.[name])} → ${show(after?.[name])}`);
}
