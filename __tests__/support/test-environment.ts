import { EnvironmentConfig } from '../../config/types';

/**
 * Fixed configuration for tests that assert names, counts and addresses.
 * It matches the shape of the embedded production environment but does not
 * follow its edits, so adding a region to production breaks no test.
 */
export const TEST_ENVIRONMENT: EnvironmentConfig = {
  name: 'production',
  domain: 'legionsecurity.ai',
  state: {
    bucket: 'legionsecurity-production-tfstate',
    region: 'us-east-1',
  },
  regions: [
    {
      region: 'us-east-1',
      cidr: '10.10.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      subdomains: ['app', 'api'],
    },
    {
      region: 'eu-central-1',
      cidr: '10.20.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
      subdomains: ['eu', 'api-eu'],
    },
  ],
};
