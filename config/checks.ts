/** One problem found in the configuration. */
export interface ConfigIssue {
  /** Path of the setting, for example `regions[1].availabilityZones[0]`. */
  readonly path: string;
  /** Description of the problem with the value, and of what is allowed. */
  readonly message: string;
}

/** Collects the problems of one validation run. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
}

/** Lowercase letters, digits and inner hyphens, 1 to 63 characters. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Reports every key of `value` that is not in `allowed`, so a misspelled setting is not ignored. */
export function checkKnownKeys(
  issues: IssueList,
  prefix: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      issues.add(`${prefix}${key}`, `is not a known setting; the settings here are ${allowed.join(', ')}`);
    }
  }
}

/**
 * Checks a whole number in `[min, max]`. Returns the number, the fallback
 * when the value is missing, or undefined when the value is invalid. Without
 * a fallback the setting is required.
 */
export function checkInteger(
  issues: IssueList,
  path: string,
  value: unknown,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  if (value === undefined && fallback !== undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(path, `must be a whole number from ${min} to ${max}; got ${describe(value)}`);
    return undefined;
  }
  return value;
}

/** Returns true for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Formats a value for an error message: JSON, or `nothing` when it is missing. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  return JSON.stringify(value);
}
