import { AWS_REGIONS } from '../lib/aws-regions';
import { Ipv4Cidr, cidrContains, cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr, planSubnets } from '../lib/cidr';
import { ConfigIssue, DNS_LABEL, IssueList, checkInteger, checkKnownKeys, describe, isRecord } from './checks';
import { EnvironmentConfig } from './types';
import { checkAccess } from './validate-access';
import { checkAtlas } from './validate-atlas';
import { checkCustomers } from './validate-customers';
import { checkServices } from './validate-services';

export type { ConfigIssue } from './checks';

/** Defaults applied where the configuration leaves a setting out. */
export const DEFAULTS = {
  publicPrefixLength: 24,
  privatePrefixLength: 20,
  deletionProtection: true,
  idleTimeoutSeconds: 60,
  healthCheckPath: '/health',
} as const;

/** Minimum number of availability zones per region, so one zone can fail and two still serve. */
export const MIN_AVAILABILITY_ZONES = 3;

/**
 * Most subdomains one region may serve. ACM issues a certificate for at most
 * 10 domain names unless the account's quota was raised:
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html
 */
export const MAX_SUBDOMAINS_PER_REGION = 10;

/** Raised when a configuration has one or more problems; lists all of them. */
export class ConfigError extends Error {
  /**
   * @param source what was loaded, for example `environment "production"` or `file "/path/staging.json"`
   * @param issues every problem found
   */
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`Invalid configuration in ${source} (${count}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_ENVIRONMENT_NAME_LENGTH = 16;

const ENVIRONMENT_KEYS = [
  'name',
  'accountId',
  'domain',
  'state',
  'regions',
  'services',
  'atlas',
  'access',
  'originHeaderName',
  'customers',
];
const STATE_KEYS = ['bucket', 'region', 'bootstrapBackend'];
const REGION_KEYS = ['region', 'cidr', 'availabilityZones', 'subdomains', 'subnetLayout', 'loadBalancer', 'database'];
const LAYOUT_KEYS = ['publicPrefixLength', 'privatePrefixLength'];
const LOAD_BALANCER_KEYS = ['deletionProtection', 'idleTimeoutSeconds', 'healthCheckPath'];

/**
 * Checks a whole environment configuration and returns it typed.
 * Collects every problem before raising, so one run shows them all.
 *
 * @param input the configuration, typed or parsed from JSON
 * @param source what the configuration came from, for the error message
 *   (default: `environment "<name>"`)
 * @throws ConfigError naming each invalid setting by its path
 */
export function validateEnvironment(input: unknown, source?: string): EnvironmentConfig {
  const issues = new IssueList();
  const name = isRecord(input) && typeof input.name === 'string' ? input.name : '(unnamed)';
  source = source ?? `environment "${name}"`;

  if (!isRecord(input)) {
    issues.add('(root)', `must be an object with ${ENVIRONMENT_KEYS.join(', ')}; got ${describe(input)}`);
    throw new ConfigError(source, issues.items);
  }

  checkKnownKeys(issues, '', input, ENVIRONMENT_KEYS);
  checkEnvironmentName(issues, input.name);
  checkAccountId(issues, input.accountId);
  checkDomain(issues, input.domain);
  checkState(issues, input.state);
  checkRegions(issues, input.regions);
  checkServices(issues, input.services);
  checkAtlas(issues, input);
  checkAccess(issues, input.access, input.originHeaderName);
  checkCustomers(issues, input.customers, input.regions);

  if (issues.items.length > 0) {
    throw new ConfigError(source, issues.items);
  }
  return input as unknown as EnvironmentConfig;
}

function checkEnvironmentName(issues: IssueList, value: unknown): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > MAX_ENVIRONMENT_NAME_LENGTH) {
    issues.add(
      'name',
      `${describe(value)} is not a valid environment name; use 1 to ${MAX_ENVIRONMENT_NAME_LENGTH} ` +
        'lowercase letters, digits and hyphens, starting and ending with a letter or digit, for example "production"',
    );
  }
}

function checkAccountId(issues: IssueList, value: unknown): void {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    issues.add('accountId', `${describe(value)} is not an AWS account ID; use the 12 digits as a string, for example "111122223333"`);
  }
}

function checkDomain(issues: IssueList, value: unknown): void {
  const labels = typeof value === 'string' ? value.split('.') : [];
  const valid =
    typeof value === 'string' &&
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => DNS_LABEL.test(label));
  if (!valid) {
    issues.add(
      'domain',
      `${describe(value)} is not a valid domain; use a lowercase DNS name with at least two labels, ` +
        'for example "legionsecurity.ai"',
    );
  }
}

function checkState(issues: IssueList, value: unknown): void {
  if (!isRecord(value)) {
    issues.add('state', `must be an object with bucket and region; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, 'state.', value, STATE_KEYS);

  const bucket = value.bucket;
  const looksLikeIp = typeof bucket === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(bucket);
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket) || bucket.includes('..') || looksLikeIp) {
    issues.add(
      'state.bucket',
      `${describe(bucket)} is not a valid S3 bucket name; use 3 to 63 lowercase letters, digits, ` +
        'dots and hyphens, starting and ending with a letter or digit',
    );
  }
  checkRegionName(issues, 'state.region', value.region);

  const backend = value.bootstrapBackend;
  if (backend !== undefined && backend !== 'local' && backend !== 's3') {
    issues.add('state.bootstrapBackend', `must be "local" or "s3"; got ${describe(backend)}`);
  }
}

function checkRegions(issues: IssueList, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add('regions', `must list at least one region; got ${describe(value)}`);
    return;
  }

  const firstPathOfRegion = new Map<string, string>();
  const firstPathOfSubdomain = new Map<string, string>();
  const vpcBlocks: { path: string; block: Ipv4Cidr }[] = [];

  value.forEach((region: unknown, index: number) => {
    const path = `regions[${index}]`;
    if (!isRecord(region)) {
      issues.add(path, `must be an object with ${REGION_KEYS.slice(0, 4).join(', ')}; got ${describe(region)}`);
      return;
    }
    checkKnownKeys(issues, `${path}.`, region, REGION_KEYS);

    const regionName = checkRegionName(issues, `${path}.region`, region.region);
    if (regionName !== undefined) {
      const earlier = firstPathOfRegion.get(regionName);
      if (earlier) {
        issues.add(`${path}.region`, `"${regionName}" is already configured at ${earlier}; list each region once`);
      } else {
        firstPathOfRegion.set(regionName, path);
      }
    }

    const block = checkVpcCidr(issues, `${path}.cidr`, region.cidr);
    if (block) {
      for (const other of vpcBlocks) {
        if (cidrsOverlap(block, other.block)) {
          issues.add(
            `${path}.cidr`,
            `"${formatIpv4Cidr(block)}" overlaps ${other.path} "${formatIpv4Cidr(other.block)}"; ` +
              'give each region a separate block so the VPCs can be peered or routed later',
          );
        }
      }
      vpcBlocks.push({ path: `${path}.cidr`, block });
    }

    const zoneCount = checkAvailabilityZones(issues, `${path}.availabilityZones`, region.availabilityZones, regionName);
    checkSubdomains(issues, `${path}.subdomains`, region.subdomains, firstPathOfSubdomain);
    checkSubnetLayout(issues, `${path}.subnetLayout`, region.subnetLayout, block, zoneCount);
    checkLoadBalancer(issues, `${path}.loadBalancer`, region.loadBalancer);
  });
}

function checkRegionName(issues: IssueList, path: string, value: unknown): string | undefined {
  if (typeof value === 'string' && AWS_REGIONS.has(value)) {
    return value;
  }
  issues.add(
    path,
    `${describe(value)} is not a known AWS region; use a region name such as "us-east-1" ` +
      '(the accepted list is in lib/aws-regions.ts)',
  );
  return undefined;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((text) => parseIpv4Cidr(text) as Ipv4Cidr);

function checkVpcCidr(issues: IssueList, path: string, value: unknown): Ipv4Cidr | undefined {
  if (typeof value !== 'string') {
    issues.add(path, `must be an IPv4 CIDR block such as "10.10.0.0/16"; got ${describe(value)}`);
    return undefined;
  }
  const parsed = parseIpv4Cidr(value);
  if (typeof parsed === 'string') {
    issues.add(path, `"${value}" ${parsed}`);
    return undefined;
  }

  // AWS accepts VPC blocks from /16 to /28; below /24 three AZs no longer fit.
  if (parsed.prefixLength < 16 || parsed.prefixLength > 24) {
    issues.add(path, `"${value}" has prefix length /${parsed.prefixLength}; a VPC CIDR must be /16 to /24`);
    return undefined;
  }
  if (!PRIVATE_RANGES.some((range) => cidrContains(range, parsed))) {
    issues.add(
      path,
      `"${value}" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
    );
    return undefined;
  }
  return parsed;
}

function checkAvailabilityZones(
  issues: IssueList,
  path: string,
  value: unknown,
  region: string | undefined,
): number | undefined {
  if (!Array.isArray(value) || value.length < MIN_AVAILABILITY_ZONES) {
    issues.add(
      path,
      `must list at least ${MIN_AVAILABILITY_ZONES} availability zones by name ` +
        `(for example "${region ?? 'us-east-1'}a"); got ${describe(value)}`,
    );
    return undefined;
  }

  const seen = new Set<string>();
  let valid = true;
  value.forEach((zone: unknown, index: number) => {
    const zonePath = `${path}[${index}]`;
    if (typeof zone !== 'string' || !/^[a-z]{2}-[a-z]+-\d[a-z]$/.test(zone)) {
      issues.add(zonePath, `${describe(zone)} is not an availability zone name; use the form "us-east-1a"`);
      valid = false;
    } else if (region !== undefined && zone.slice(0, -1) !== region) {
      issues.add(zonePath, `"${zone}" is not in region ${region}; use a zone of ${region}, such as "${region}a"`);
      valid = false;
    } else if (seen.has(zone)) {
      issues.add(zonePath, `"${zone}" is listed twice; list each availability zone once`);
      valid = false;
    }
    if (typeof zone === 'string') {
      seen.add(zone);
    }
  });
  return valid ? value.length : undefined;
}

function checkSubdomains(
  issues: IssueList,
  path: string,
  value: unknown,
  firstPathOfSubdomain: Map<string, string>,
): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, `must list at least one subdomain, for example ["api"]; got ${describe(value)}`);
    return;
  }
  if (value.length > MAX_SUBDOMAINS_PER_REGION) {
    issues.add(
      path,
      `lists ${value.length} subdomains, but one certificate covers at most ${MAX_SUBDOMAINS_PER_REGION} ` +
        '(the ACM default quota); move some subdomains to another region or raise the quota first',
    );
  }

  value.forEach((subdomain: unknown, index: number) => {
    const subdomainPath = `${path}[${index}]`;
    if (typeof subdomain !== 'string' || !DNS_LABEL.test(subdomain)) {
      issues.add(
        subdomainPath,
        `${describe(subdomain)} is not a valid DNS label; use 1 to 63 lowercase letters, digits and hyphens, ` +
          'starting and ending with a letter or digit, for example "api"',
      );
      return;
    }
    const earlier = firstPathOfSubdomain.get(subdomain);
    if (earlier) {
      issues.add(subdomainPath, `"${subdomain}" is already served by ${earlier}; a subdomain is served by one region`);
      return;
    }
    firstPathOfSubdomain.set(subdomain, subdomainPath);
  });
}

function checkSubnetLayout(
  issues: IssueList,
  path: string,
  value: unknown,
  vpc: Ipv4Cidr | undefined,
  zoneCount: number | undefined,
): void {
  if (value !== undefined && !isRecord(value)) {
    issues.add(path, `must be an object with ${LAYOUT_KEYS.join(', ')}; got ${describe(value)}`);
    return;
  }
  const layout = value ?? {};
  checkKnownKeys(issues, `${path}.`, layout, LAYOUT_KEYS);

  // ALB subnets need at least /27; AWS subnets are at most /28.
  const publicLength = checkInteger(issues, `${path}.publicPrefixLength`, layout.publicPrefixLength, 16, 27, DEFAULTS.publicPrefixLength);
  const privateLength = checkInteger(issues, `${path}.privatePrefixLength`, layout.privatePrefixLength, 16, 28, DEFAULTS.privatePrefixLength);
  if (vpc === undefined || zoneCount === undefined || publicLength === undefined || privateLength === undefined) {
    return;
  }

  const plan = planSubnets(vpc, zoneCount, privateLength, publicLength);
  if (typeof plan === 'string') {
    const cidrPath = path.replace(/\.subnetLayout$/, '.cidr');
    const suggestion = fittingLayout(vpc, zoneCount);
    const fix = suggestion
      ? `set ${path} to { privatePrefixLength: ${suggestion.privatePrefixLength}, ` +
        `publicPrefixLength: ${suggestion.publicPrefixLength} } or use a larger VPC CIDR`
      : 'use a larger VPC CIDR';
    if (value === undefined) {
      issues.add(
        cidrPath,
        `"${formatIpv4Cidr(vpc)}" is too small for the default subnet layout, which ${plan}; ${fix}`,
      );
    } else {
      issues.add(path, `does not fit the VPC CIDR: the layout ${plan}; ${fix}`);
    }
  }
}

/**
 * Returns the layout with the largest private subnets that fits the VPC.
 * Public subnets are a quarter of the private size, and at most /27, the
 * smallest an ALB accepts. Returns undefined when no layout fits.
 */
function fittingLayout(
  vpc: Ipv4Cidr,
  zoneCount: number,
): { privatePrefixLength: number; publicPrefixLength: number } | undefined {
  for (let privateLength = Math.max(vpc.prefixLength + 1, 16); privateLength <= 28; privateLength++) {
    const publicLength = Math.min(privateLength + 2, 27);
    if (typeof planSubnets(vpc, zoneCount, privateLength, publicLength) !== 'string') {
      return { privatePrefixLength: privateLength, publicPrefixLength: publicLength };
    }
  }
  return undefined;
}

function checkLoadBalancer(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined) {
    return;
  }
  if (!isRecord(value)) {
    issues.add(path, `must be an object with ${LOAD_BALANCER_KEYS.join(', ')}; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, LOAD_BALANCER_KEYS);

  if (value.deletionProtection !== undefined && typeof value.deletionProtection !== 'boolean') {
    issues.add(`${path}.deletionProtection`, `must be true or false; got ${describe(value.deletionProtection)}`);
  }
  checkInteger(issues, `${path}.idleTimeoutSeconds`, value.idleTimeoutSeconds, 1, 4000, DEFAULTS.idleTimeoutSeconds);

  const healthPath = value.healthCheckPath;
  if (healthPath !== undefined && (typeof healthPath !== 'string' || !/^\/[\x21-\x7e]{0,1023}$/.test(healthPath))) {
    issues.add(
      `${path}.healthCheckPath`,
      `${describe(healthPath)} is not a valid health check path; use a path that starts with "/", ` +
        'has no spaces and is at most 1024 characters, for example "/health"',
    );
  }
}
