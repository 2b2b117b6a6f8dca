import { production } from '../../config/environments/production';
import { validateEnvironment } from '../../config/validate';
import { issuesAfter, issuesOf } from '../support/issues';
import { testConfig, EXTRA_REGION } from '../support/synth';

/** Returns the test configuration without customers (their checks have tests of their own), changed by `change`. */
function withChange(change: (config: any) => void): any {
  const config = testConfig();
  delete config.customers;
  change(config);
  return config;
}

describe('validateEnvironment', () => {
  test('accepts the embedded production configuration', () => {
    expect(validateEnvironment(production).name).toBe('production');
  });

  test('accepts the test configuration', () => {
    expect(validateEnvironment(testConfig()).regions).toHaveLength(2);
  });

  test('production has two regions of three zones', () => {
    const config = validateEnvironment(production);
    expect(config.regions.length).toBeGreaterThanOrEqual(2);
    for (const region of config.regions) {
      expect(region.availabilityZones.length).toBeGreaterThanOrEqual(3);
    }
  });

  const invalidCases: [string, (config: any) => void, string, string][] = [
    [
      'malformed CIDR',
      (c) => (c.regions[0].cidr = '10.10.0/16'),
      'regions[0].cidr',
      '"10.10.0/16" is not an IPv4 CIDR block; write it as a.b.c.d/n, for example "10.10.0.0/16"',
    ],
    [
      'CIDR with an octet over 255',
      (c) => (c.regions[0].cidr = '10.300.0.0/16'),
      'regions[0].cidr',
      '"10.300.0.0/16" is not an IPv4 CIDR block: each octet is 0 to 255 and the prefix length 0 to 32',
    ],
    [
      'CIDR with host bits set',
      (c) => (c.regions[0].cidr = '10.10.1.0/16'),
      'regions[0].cidr',
      '"10.10.1.0/16" has host bits set; the network address of that block is "10.10.0.0/16"',
    ],
    [
      'CIDR too large for a VPC',
      (c) => (c.regions[0].cidr = '10.0.0.0/8'),
      'regions[0].cidr',
      '"10.0.0.0/8" has prefix length /8; a VPC CIDR must be /16 to /24',
    ],
    [
      'public CIDR',
      (c) => (c.regions[0].cidr = '52.10.0.0/16'),
      'regions[0].cidr',
      '"52.10.0.0/16" is not a private (RFC 1918) range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
    ],
    [
      'overlapping CIDRs',
      (c) => (c.regions[1].cidr = '10.10.128.0/17'),
      'regions[1].cidr',
      '"10.10.128.0/17" overlaps regions[0].cidr "10.10.0.0/16"; give each region a separate block so the VPCs can be peered or routed later',
    ],
    [
      'VPC too small for the default layout',
      (c) => (c.regions[0].cidr = '10.10.0.0/22'),
      'regions[0].cidr',
      '"10.10.0.0/22" is too small for the default subnet layout, which needs 13056 addresses for 3 private /20 ' +
        'and 3 public /24 subnets, but 10.10.0.0/22 has 1024; set regions[0].subnetLayout to ' +
        '{ privatePrefixLength: 24, publicPrefixLength: 26 } or use a larger VPC CIDR',
    ],
    [
      'explicit subnet layout larger than the VPC',
      (c) => (c.regions[0].subnetLayout = { privatePrefixLength: 17 }),
      'regions[0].subnetLayout',
      'does not fit the VPC CIDR: the layout needs 99072 addresses for 3 private /17 and 3 public /24 subnets, ' +
        'but 10.10.0.0/16 has 65536; set regions[0].subnetLayout to ' +
        '{ privatePrefixLength: 18, publicPrefixLength: 20 } or use a larger VPC CIDR',
    ],
    [
      'VPC too small for any layout',
      (c) => {
        c.regions[0].cidr = '10.10.0.0/24';
        c.regions[0].availabilityZones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f', 'us-east-1g', 'us-east-1h', 'us-east-1i'];
      },
      'regions[0].cidr',
      '"10.10.0.0/24" is too small for the default subnet layout, which needs 39168 addresses for 9 private /20 ' +
        'and 9 public /24 subnets, but 10.10.0.0/24 has 256; use a larger VPC CIDR',
    ],
    [
      'subnet prefix length out of range',
      (c) => (c.regions[0].subnetLayout = { publicPrefixLength: 28 }),
      'regions[0].subnetLayout.publicPrefixLength',
      'must be a whole number from 16 to 27; got 28',
    ],
    [
      'availability zone of another region',
      (c) => (c.regions[1].availabilityZones[0] = 'us-east-1a'),
      'regions[1].availabilityZones[0]',
      '"us-east-1a" is not in region eu-central-1; use a zone of eu-central-1, such as "eu-central-1a"',
    ],
    [
      'malformed availability zone',
      (c) => (c.regions[0].availabilityZones[2] = 'use1-az1'),
      'regions[0].availabilityZones[2]',
      '"use1-az1" is not an availability zone name; use the form "us-east-1a"',
    ],
    [
      'availability zone listed twice',
      (c) => (c.regions[0].availabilityZones[2] = 'us-east-1a'),
      'regions[0].availabilityZones[2]',
      '"us-east-1a" is listed twice; list each availability zone once',
    ],
    [
      'fewer than three availability zones',
      (c) => (c.regions[0].availabilityZones = ['us-east-1a', 'us-east-1b']),
      'regions[0].availabilityZones',
      'must list at least 3 availability zones by name (for example "us-east-1a"); got ["us-east-1a","us-east-1b"]',
    ],
    [
      'duplicate region',
      (c) =>
        (c.regions[1] = {
          ...c.regions[1],
          region: 'us-east-1',
          availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        }),
      'regions[1].region',
      '"us-east-1" is already configured at regions[0]; list each region once',
    ],
    [
      'unknown region',
      (c) => (c.regions[0].region = 'us-east-9'),
      'regions[0].region',
      '"us-east-9" is not a known AWS region; use a region name such as "us-east-1" (the accepted list is in lib/aws-regions.ts)',
    ],
    [
      'subdomain that is not a DNS label',
      (c) => (c.regions[0].subdomains[1] = 'API_v2'),
      'regions[0].subdomains[1]',
      '"API_v2" is not a valid DNS label; use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, for example "api"',
    ],
    [
      'subdomain with a dot',
      (c) => (c.regions[0].subdomains[0] = 'app.eu'),
      'regions[0].subdomains[0]',
      '"app.eu" is not a valid DNS label; use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, for example "api"',
    ],
    [
      'subdomain served by two regions',
      (c) => (c.regions[1].subdomains = ['eu', 'api']),
      'regions[1].subdomains[1]',
      '"api" is already served by regions[0].subdomains[1]; a subdomain is served by one region',
    ],
    [
      'region without subdomains',
      (c) => (c.regions[0].subdomains = []),
      'regions[0].subdomains',
      'must list at least one subdomain, for example ["api"]; got []',
    ],
    [
      'more subdomains than a certificate covers',
      (c) => (c.regions[0].subdomains = Array.from({ length: 11 }, (_, i) => `s${i}`)),
      'regions[0].subdomains',
      'lists 11 subdomains, but one certificate covers at most 10 (the ACM default quota); move some subdomains to another region or raise the quota first',
    ],
    ['empty region list', (c) => (c.regions = []), 'regions', 'must list at least one region; got []'],
    ['missing region list', (c) => delete c.regions, 'regions', 'must list at least one region; got nothing'],
    [
      'invalid environment name',
      (c) => (c.name = 'Prod_1'),
      'name',
      '"Prod_1" is not a valid environment name; use 1 to 16 lowercase letters, digits and hyphens, starting and ending with a letter or digit, for example "production"',
    ],
    [
      'invalid domain',
      (c) => (c.domain = 'localhost'),
      'domain',
      '"localhost" is not a valid domain; use a lowercase DNS name with at least two labels, for example "legionsecurity.ai"',
    ],
    [
      'invalid state bucket name',
      (c) => (c.state.bucket = 'Legion_State'),
      'state.bucket',
      '"Legion_State" is not a valid S3 bucket name; use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    ],
    [
      'invalid bootstrap backend',
      (c) => (c.state.bootstrapBackend = 'dynamodb'),
      'state.bootstrapBackend',
      'must be "local" or "s3"; got "dynamodb"',
    ],
    [
      'misspelled setting',
      (c) => (c.regions[0].subdomain = ['api']),
      'regions[0].subdomain',
      'is not a known setting; the settings here are region, cidr, availabilityZones, subdomains, subnetLayout, loadBalancer, database',
    ],
    [
      'idle timeout out of range',
      (c) => (c.regions[0].loadBalancer = { idleTimeoutSeconds: 0 }),
      'regions[0].loadBalancer.idleTimeoutSeconds',
      'must be a whole number from 1 to 4000; got 0',
    ],
    [
      'health check path without a slash',
      (c) => (c.regions[0].loadBalancer = { healthCheckPath: 'health' }),
      'regions[0].loadBalancer.healthCheckPath',
      '"health" is not a valid health check path; use a path that starts with "/", has no spaces and is at most 1024 characters, for example "/health"',
    ],
  ];

  test.each(invalidCases)('rejects %s', (_name, change, path, message) => {
    expect(issuesAfter(change, { withoutCustomers: true })).toEqual([{ path, message }]);
  });

  test('lists every problem, not only the first', () => {
    const issues = issuesAfter(
      (c) => {
        c.regions[0].cidr = 'not-a-cidr';
        c.regions[1].availabilityZones[0] = 'us-east-1a';
        c.regions[1].subdomains = ['app'];
      },
      { withoutCustomers: true },
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'regions[0].cidr',
      'regions[1].availabilityZones[0]',
      'regions[1].subdomains[0]',
    ]);
  });

  test('error message names the environment and each path', () => {
    const config = withChange((c) => {
      c.regions[0].cidr = '10.10.1.0/16';
      c.regions[1].subdomains[0] = 'EU';
    });
    expect(() => validateEnvironment(config)).toThrow(
      'Invalid configuration in environment "production" (2 problems):\n' +
        '  - regions[0].cidr: "10.10.1.0/16" has host bits set; the network address of that block is "10.10.0.0/16"\n' +
        '  - regions[1].subdomains[0]: "EU" is not a valid DNS label;',
    );
  });

  test('rejects a configuration that is not an object', () => {
    expect(issuesOf([])).toEqual([
      { path: '(root)', message: 'must be an object with name, accountId, domain, state, regions, services, atlas, access, originHeaderName, customers; got []' },
    ]);
  });

  test('accepts a third region added to the list', () => {
    const config = withChange((c) => c.regions.push(EXTRA_REGION));
    expect(validateEnvironment(config).regions).toHaveLength(3);
  });
});
