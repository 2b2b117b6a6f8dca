import { EnvironmentConfig } from '../types';

/** Production: the default environment, served at legionsecurity.ai. */
export const production: EnvironmentConfig = {
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
