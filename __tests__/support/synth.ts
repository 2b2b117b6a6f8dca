import { Construct } from 'constructs';
import { App, Testing, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../../config/types';
import { validateEnvironment } from '../../config/validate';
import { TEST_ENVIRONMENT } from './test-environment';

/** Synthesized Terraform JSON of one stack. */
export interface StackJson {
  readonly terraform?: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly resource?: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
  readonly locals?: Record<string, any>;
  readonly variable?: Record<string, any>;
}

/** Synthesizes a stack and parses the result. */
export function synthStack(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Synthesizes constructs built in a fresh test stack and parses the result. */
export function synthConstructs(build: (scope: Construct) => void): StackJson {
  return JSON.parse(Testing.synthScope(build)) as StackJson;
}

/** Returns the resources of one Terraform type by logical id, or an empty object when there are none. */
export function resources(json: StackJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** Returns the resources of one Terraform type as a list, in logical id order. */
export function resourceList(json: StackJson, type: string): any[] {
  const byId = resources(json, type);
  return Object.keys(byId)
    .sort()
    .map((id) => byId[id]);
}

/**
 * Returns the logical id of the one resource of a type whose construct path
 * ends with `pathSuffix` (for example `Network/PrivateSubnetA`). Logical ids
 * are the construct path joined with underscores, plus a hash.
 */
export function logicalIdAt(json: StackJson, type: string, pathSuffix: string): string {
  // cdktf drops a path part that ends its parent's id: LoadBalancer/LoadBalancer
  // becomes LoadBalancer, and BlobBucket/Bucket becomes BlobBucket.
  const parts: string[] = [];
  for (const part of pathSuffix.split('/')) {
    if (parts.length === 0 || !parts[parts.length - 1].endsWith(part)) {
      parts.push(part);
    }
  }
  const suffix = parts.join('_');
  const matches = Object.keys(resources(json, type)).filter((id) => {
    const withoutHash = id.replace(/_[0-9A-F]{8}$/, '');
    return withoutHash === suffix || withoutHash.endsWith(`_${suffix}`);
  });
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} at a path ending with "${pathSuffix}", found ${matches.length}`);
  }
  return matches[0];
}

/** Returns the one resource of a type whose construct path ends with `pathSuffix`. */
export function resourceAt(json: StackJson, type: string, pathSuffix: string): any {
  return resources(json, type)[logicalIdAt(json, type, pathSuffix)];
}

/** Returns the Terraform reference `${type.logicalId.attribute}` to the resource at a path. */
export function referenceTo(json: StackJson, type: string, pathSuffix: string, attribute: string): string {
  return `\${${type}.${logicalIdAt(json, type, pathSuffix)}.${attribute}}`;
}

/** Returns a deep copy of the test configuration, which a test may change. */
export function testConfig(): any {
  return JSON.parse(JSON.stringify(TEST_ENVIRONMENT));
}

/** A region that the test configuration does not have, for tests that add one. */
export const EXTRA_REGION = {
  region: 'ap-southeast-2',
  cidr: '10.30.0.0/16',
  availabilityZones: ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  subdomains: ['au'],
  database: { tier: 'M30', mongoDbMajorVersion: '8.0', diskSizeGb: 100 },
};

/** Atlas project ID that tests pass to region stacks in place of the global stack's project. */
export const TEST_ATLAS_PROJECT_ID = '0123456789abcdef01234567';

/** Validates a configuration object, as the app does at load. */
export function validConfig(config: unknown = testConfig()): EnvironmentConfig {
  return validateEnvironment(config);
}

/** Creates a test app whose output goes to a temporary folder. */
export function testApp(): App {
  return Testing.app();
}
