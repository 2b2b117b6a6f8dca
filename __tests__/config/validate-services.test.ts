import { validateEnvironment } from '../../config/validate';
import { issuesAfter } from '../support/issues';
import { testConfig } from '../support/synth';

describe('service configuration', () => {
  const invalidCases: [string, (config: any) => void, string, string][] = [
    [
      'CPU size Fargate does not offer',
      (c) => (c.services.backend.cpu = 1000),
      'services.backend.cpu',
      '1000 is not a Fargate CPU size; use one of 256, 512, 1024, 2048, 4096, 8192, 16384 (1024 is one vCPU)',
    ],
    [
      'memory not offered with the CPU size',
      (c) => (c.services.worker.memory = 1024),
      'services.worker.memory',
      '1024 MiB is not offered by Fargate with 1024 CPU units; use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192',
    ],
    [
      'secret referenced but not declared',
      (c) => (c.services.worker.secrets.SLACK_SIGNING_SECRET = 'slack-signing-secret'),
      'services.worker.secrets.SLACK_SIGNING_SECRET',
      '"slack-signing-secret" is not declared in services.secrets (openai-api-key, session-signing-key); ' +
        'declare it there or use a declared secret',
    ],
    [
      'minimum above the maximum',
      (c) => (c.services.backend.scaling = { minTasks: 8, maxTasks: 4 }),
      'services.backend.scaling.minTasks',
      '8 is above maxTasks 4; set minTasks to at most maxTasks',
    ],
    [
      'port on the worker',
      (c) => (c.services.worker.port = 8080),
      'services.worker.port',
      'the worker receives no traffic from the load balancer, so it has no port; remove this setting',
    ],
    [
      'port on the poller',
      (c) => (c.services.poller.port = 80),
      'services.poller.port',
      'the poller receives no traffic from the load balancer, so it has no port; remove this setting',
    ],
    [
      'health check grace period on the worker',
      (c) => (c.services.worker.healthCheckGracePeriodSeconds = 30),
      'services.worker.healthCheckGracePeriodSeconds',
      'the worker has no load balancer health check; remove this setting',
    ],
    [
      'mutable latest tag',
      (c) => (c.services.backend.image.tag = 'latest'),
      'services.backend.image.tag',
      '"latest" can point at a different image tomorrow; use a release tag or a digest',
    ],
    [
      'both tag and digest',
      (c) => (c.services.backend.image.digest = `sha256:${'a'.repeat(64)}`),
      'services.backend.image',
      'must set exactly one of tag and digest, so every deploy runs a known, unchanging image',
    ],
    [
      'malformed digest',
      (c) => (c.services.worker.image = { repository: 'legion/worker', digest: 'sha256:abc' }),
      'services.worker.image.digest',
      '"sha256:abc" is not an image digest; use "sha256:" and 64 hexadecimal digits',
    ],
    [
      'invalid repository name',
      (c) => (c.services.backend.image.repository = 'Legion/Backend'),
      'services.backend.image.repository',
      '"Legion/Backend" is not a valid ECR repository name; use lowercase path components such as "legion/backend"',
    ],
    [
      'credential in a plain variable',
      (c) => (c.services.backend.environment.STRIPE_API_KEY = 'sk_live_123'),
      'services.backend.environment.STRIPE_API_KEY',
      'looks like a credential, and plain variables are stored in the task definition and the Terraform state; ' +
        'declare a secret in services.secrets and reference it in services.backend.secrets instead',
    ],
    [
      'variable set as plain and secret',
      (c) => (c.services.worker.environment.OPENAI_API_KEY = 'sk-test'),
      'services.worker.environment.OPENAI_API_KEY',
      'is also set in services.worker.secrets; keep it in one place, secrets for sensitive values',
    ],
    [
      'queue referenced but not declared',
      (c) => (c.services.backend.queues = ['investigations', 'reports']),
      'services.backend.queues[1]',
      '"reports" is not declared in services.queues (investigations, polling); declare it there or use a declared queue',
    ],
    [
      'scaling on a queue the service does not use',
      (c) => (c.services.worker.scaling.queue = 'polling'),
      'services.worker.scaling.queue',
      '"polling" is not one of the service\'s queues (investigations); scale on a queue listed in services.worker.queues',
    ],
    [
      'missing maximum',
      (c) => delete c.services.worker.scaling.maxTasks,
      'services.worker.scaling.maxTasks',
      'must be a whole number from 1 to 1000; got nothing',
    ],
    [
      'log retention CloudWatch does not offer',
      (c) => (c.services.logRetentionDays = 45),
      'services.logRetentionDays',
      '45 is not a retention period CloudWatch Logs offers; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, ' +
        '365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [
      'secret listed twice',
      (c) => c.services.secrets.push('openai-api-key'),
      'services.secrets[2]',
      '"openai-api-key" is listed twice; list each secret once',
    ],
    [
      'queue name too long',
      (c) => c.services.queues.push({ name: 'p'.repeat(41) }),
      'services.queues[2].name',
      `"${'p'.repeat(41)}" is not a valid queue name; use 1 to 40 lowercase letters, digits and hyphens`,
    ],
    [
      'invalid account id',
      (c) => (c.accountId = 111122223333),
      'accountId',
      '111122223333 is not an AWS account ID; use the 12 digits as a string, for example "111122223333"',
    ],
  ];

  test.each(invalidCases)('rejects %s', (_name, change, path, message) => {
    expect(issuesAfter(change)).toEqual([{ path, message }]);
  });

  test.each([
    ['DB_PASS', 'hunter2'],
    ['STRIPE_KEY', 'sk_live_1'],
    ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'],
    ['GITHUB_TOKEN', 'ghp_1'],
    ['DATABASE_URL', 'postgres://app:hunter2@db.internal/app'],
  ])('rejects credential-like variable %s', (name, value) => {
    const issues = issuesAfter((c) => (c.services.backend.environment[name] = value));
    expect(issues.map((issue) => issue.path)).toEqual([`services.backend.environment.${name}`]);
    expect(issues[0].message).toMatch(/^looks like a credential/);
  });

  test.each([
    ['LOG_LEVEL', 'debug'],
    ['KEYCLOAK_REALM', 'legion'],
    ['PUBLIC_URL', 'https://app.legionsecurity.ai'],
    ['BYPASS_CACHE', 'true'],
    ['CACHE_KEY_PREFIX', 'legion'],
  ])('accepts ordinary variable %s', (name, value) => {
    const config = testConfig();
    config.services.backend.environment[name] = value;
    expect(validateEnvironment(config).services.backend.environment?.[name]).toBe(value);
  });

  test('rejects a poller scaled on an undeclared queue', () => {
    const issues = issuesAfter((c) => {
      c.services.poller.queues = ['alerts'];
      c.services.poller.scaling.queue = 'alerts';
    });
    expect(issues.map((issue) => issue.path)).toEqual(['services.poller.queues[0]', 'services.poller.scaling.queue']);
  });

  test('accepts a configuration without a poller', () => {
    const config = testConfig();
    delete config.services.poller;
    expect(validateEnvironment(config).services.poller).toBeUndefined();
  });
});
