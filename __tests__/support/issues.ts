import { ConfigError, ConfigIssue, validateEnvironment } from '../../config/validate';
import { testConfig } from './synth';

/** Options of {@link issuesAfter}. */
export interface IssuesAfterOptions {
  /** Removes the customers first, for checks that change regions the customers refer to. */
  readonly withoutCustomers?: boolean;
}

/**
 * Applies `change` to a copy of the test configuration, validates it and
 * returns the issues; fails the test when the configuration is accepted.
 */
export function issuesAfter(change: (config: any) => void, options: IssuesAfterOptions = {}): ConfigIssue[] {
  const config = testConfig();
  if (options.withoutCustomers) {
    delete config.customers;
  }
  change(config);
  return issuesOf(config);
}

/** Validates `config` and returns the issues; fails the test when the configuration is accepted. */
export function issuesOf(config: unknown): ConfigIssue[] {
  try {
    validateEnvironment(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected the configuration to be rejected');
}
