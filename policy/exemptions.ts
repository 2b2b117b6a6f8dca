import { IConstruct } from 'constructs';

/** Metadata type under which exemptions are stored on a construct. */
export const EXEMPTION_METADATA = 'policy-exemption';

/** An exemption of a construct and everything below it from one rule. */
export interface Exemption {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Exempts `construct` and every resource below it from the rule `ruleId`.
 * The reason is printed with every finding it covers, so write why the rule
 * does not apply here. An empty reason is itself an error at synth.
 */
export function exempt(construct: IConstruct, ruleId: string, reason: string): void {
  construct.node.addMetadata(EXEMPTION_METADATA, { ruleId, reason } satisfies Exemption);
}

/** Returns the exemptions recorded on one construct. */
export function exemptionsOf(construct: IConstruct): Exemption[] {
  return construct.node.metadata
    .filter((entry) => entry.type === EXEMPTION_METADATA)
    .map((entry) => entry.data as Exemption);
}
