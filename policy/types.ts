/** Effect of a finding on synth: errors stop it, warnings are printed. */
export type Severity = 'error' | 'warning';

/** Terraform JSON of one stack, as `TerraformStack.toTerraform()` returns it. */
export interface StackTerraform {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

/** One resource of a stack, as rules read it. */
export interface ResourceView {
  /** Terraform type, for example `aws_s3_bucket`. */
  readonly type: string;
  /** Logical name in the stack. */
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Construct path, used to find exemptions. */
  readonly path: string;
  /** The resource's arguments. */
  readonly config: Record<string, any>;
}

/** A resource that breaks a rule. */
export interface Violation {
  readonly resource: ResourceView;
  /** Description of the problem with this resource. */
  readonly message: string;
}

/** A rule applied to every stack at synth time. */
export interface PolicyRule {
  /** Stable id, used in exemptions: upper case with underscores. */
  readonly id: string;
  readonly severity: Severity;
  /** Description of what the rule checks, in one sentence. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to comply. */
  readonly fix: string;
  /** Equivalent Checkov or cdk-nag checks, so reviewers can map findings. */
  readonly references: readonly string[];
  /** Returns the resources of the stack that break the rule. */
  check(stack: StackResources): Violation[];
}

/** Finding of a rule on one resource, after exemptions. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly address: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** Reason of the exemption that covers the finding, if one does. */
  readonly exemption?: string;
}

/** The resources of one stack, indexed for rules. */
export class StackResources {
  readonly all: readonly ResourceView[];
  private readonly byType = new Map<string, ResourceView[]>();

  /** Data sources, by Terraform type; their addresses start with `data.`. */
  readonly data: ReadonlyMap<string, readonly ResourceView[]>;

  constructor(terraform: StackTerraform) {
    const data = new Map<string, ResourceView[]>();
    for (const [type, sources] of Object.entries(terraform.data ?? {})) {
      data.set(
        type,
        Object.entries(sources).map(([name, config]) => ({
          type,
          name,
          address: `data.${type}.${name}`,
          path: (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '',
          config,
        })),
      );
    }
    this.data = data;

    const all: ResourceView[] = [];
    for (const [type, resources] of Object.entries(terraform.resource ?? {})) {
      for (const [name, config] of Object.entries(resources)) {
        const metadata = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
        const view = { type, name, address: `${type}.${name}`, path: metadata?.path ?? '', config };
        all.push(view);
        this.byType.set(type, [...(this.byType.get(type) ?? []), view]);
      }
    }
    this.all = all;
  }

  /** Returns the resources of one type. */
  ofType(type: string): readonly ResourceView[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * Returns the resources of `type` whose argument `attribute` references
   * `target` (`${target.address}.` anywhere in its value).
   */
  referencing(type: string, attribute: string, target: ResourceView): readonly ResourceView[] {
    const needle = `\${${target.address}.`;
    return this.ofType(type).filter((resource) => JSON.stringify(resource.config[attribute] ?? '').includes(needle));
  }
}
