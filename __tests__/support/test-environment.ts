import { EnvironmentConfig } from '../../config/types';

/**
 * Fixed configuration for tests that assert names, counts and addresses.
 * It matches the shape of the embedded production environment but does not
 * follow its edits, so adding a region to production breaks no test.
 */
export const TEST_ENVIRONMENT: EnvironmentConfig = {
  name: 'production',
  accountId: '111122223333',
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
      database: { tier: 'M30', mongoDbMajorVersion: '8.0', diskSizeGb: 100, restoreWindowDays: 7 },
    },
    {
      region: 'eu-central-1',
      cidr: '10.20.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
      subdomains: ['eu', 'api-eu'],
      database: { tier: 'M30', mongoDbMajorVersion: '8.0', diskSizeGb: 100, restoreWindowDays: 7 },
    },
  ],
  atlas: {
    orgId: '5f1a7c0e9d3b2a4c6e8f0a1b',
    projectName: 'legion-production',
    databaseName: 'legion',
    connectionStringVariable: 'MONGODB_URI',
  },
  access: {
    cloudflareAccountId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    allowedEmailDomains: ['legionsecurity.ai'],
    sessionDuration: '8h',
    protectedPath: '/session',
  },
  originHeaderName: 'X-Origin-Verify',
  customers: [
    {
      name: 'acme',
      region: 'us-east-1',
      vpn: {
        type: 'wireguard',
        peerEndpoint: 'vpn.acme-corp.example',
        peerPort: 51820,
        tunnelAddress: '172.31.250.2/32',
        customerCidrs: ['10.60.0.0/16'],
      },
      destinations: [
        { host: 'jira.acme.internal', ports: [443] },
        { host: 'splunk.acme.internal', ports: [8089] },
        { cidr: '10.60.12.0/24', ports: [443, 8443] },
      ],
      dnsServers: ['10.60.0.2'],
      instanceType: 't3.small',
    },
    {
      name: 'globex',
      region: 'eu-central-1',
      vpn: { type: 'ipsec', peerAddress: '198.51.100.24', customerCidrs: ['192.168.40.0/22'] },
      destinations: [{ host: 'servicenow.globex.lan', ports: [443] }],
      dnsServers: ['192.168.40.10'],
      fixedSourceAddress: true,
    },
  ],
  services: {
    logRetentionDays: 90,
    secrets: ['openai-api-key', 'session-signing-key'],
    queues: [
      { name: 'investigations', visibilityTimeoutSeconds: 900, maxReceiveCount: 5 },
      { name: 'polling', visibilityTimeoutSeconds: 300, maxReceiveCount: 5 },
    ],
    backend: {
      image: { repository: 'legion/backend', tag: '2026.12.01-3f9c2ab' },
      cpu: 1024,
      memory: 2048,
      port: 80,
      healthCheckGracePeriodSeconds: 60,
      environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      secrets: { OPENAI_API_KEY: 'openai-api-key', SESSION_SIGNING_KEY: 'session-signing-key' },
      database: 'readWrite',
      queues: ['investigations', 'polling'],
      scaling: { minTasks: 3, maxTasks: 12, cpuTargetPercent: 60, requestsPerTarget: 1000 },
    },
    worker: {
      image: { repository: 'legion/worker', tag: '2026.12.01-3f9c2ab' },
      cpu: 1024,
      memory: 4096,
      environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      secrets: { OPENAI_API_KEY: 'openai-api-key' },
      database: 'readWrite',
      queues: ['investigations'],
      scaling: { minTasks: 2, maxTasks: 20, queue: 'investigations', backlogPerTask: 20 },
    },
    poller: {
      image: { repository: 'legion/worker', tag: '2026.12.01-3f9c2ab' },
      command: ['node', 'dist/poller.js'],
      cpu: 512,
      memory: 1024,
      environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      database: 'read',
      queues: ['polling', 'investigations'],
      usesBlobs: false,
      sendsEmail: false,
      scaling: { minTasks: 1, maxTasks: 4, queue: 'polling', backlogPerTask: 50 },
    },
  },
};
