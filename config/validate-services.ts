import { FARGATE_TASK_SIZES, LOG_RETENTION_DAYS } from '../lib/fargate';
import { DNS_LABEL, IssueList, checkInteger, checkKnownKeys, describe, isRecord } from './checks';

/** Defaults of the service settings. */
export const SERVICE_DEFAULTS = {
  logRetentionDays: 90,
  backendPort: 80,
  healthCheckGracePeriodSeconds: 60,
  cpuTargetPercent: 60,
  requestsPerTarget: 1000,
  backlogPerTask: 100,
  visibilityTimeoutSeconds: 300,
  maxReceiveCount: 5,
} as const;

const SERVICES_KEYS = ['logRetentionDays', 'secrets', 'queues', 'backend', 'worker', 'poller'];
const CONTAINER_KEYS = [
  'image',
  'command',
  'cpu',
  'memory',
  'environment',
  'secrets',
  'queues',
  'database',
  'readOnlyRootFilesystem',
  'usesBlobs',
  'sendsEmail',
  'scaling',
];
const BACKEND_KEYS = [...CONTAINER_KEYS, 'port', 'healthCheckGracePeriodSeconds'];
const IMAGE_KEYS = ['repository', 'tag', 'digest'];
const QUEUE_KEYS = ['name', 'visibilityTimeoutSeconds', 'maxReceiveCount'];
const BACKEND_SCALING_KEYS = ['minTasks', 'maxTasks', 'cpuTargetPercent', 'requestsPerTarget'];
const QUEUE_SCALING_KEYS = ['minTasks', 'maxTasks', 'queue', 'backlogPerTask'];

/** ECR repository names: path components of lowercase letters and digits joined by `.`, `_` or `-`. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Words of a variable name (split at `_`) that mark a credential. A name also
 * counts when its last word is KEY (STRIPE_KEY) or it contains ACCESS_KEY or APIKEY.
 */
const CREDENTIAL_WORDS = new Set([
  'SECRET',
  'SECRETS',
  'PASS',
  'PASSWORD',
  'PASSWD',
  'PWD',
  'TOKEN',
  'TOKENS',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
]);

/** A URL with a password in it, such as `postgres://user:password@host/db`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** Checks `services` and every service in it, adding each problem to `issues`. */
export function checkServices(issues: IssueList, value: unknown): void {
  if (!isRecord(value)) {
    issues.add('services', `must be an object with secrets, queues, backend and worker; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, 'services.', value, SERVICES_KEYS);

  if (value.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(value.logRetentionDays as number)) {
    issues.add(
      'services.logRetentionDays',
      `${describe(value.logRetentionDays)} is not a retention period CloudWatch Logs offers; ` +
        `use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }

  const secrets = checkNameList(issues, 'services.secrets', value.secrets, 'secret');
  const queues = checkQueues(issues, value.queues);

  checkService(issues, 'backend', value.backend, secrets, queues);
  checkService(issues, 'worker', value.worker, secrets, queues);
  if (value.poller !== undefined) {
    checkService(issues, 'poller', value.poller, secrets, queues);
  }
}

function checkNameList(issues: IssueList, path: string, value: unknown, kind: string): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(value)) {
    issues.add(path, `must be a list of ${kind} names, for example ["openai-api-key"]; got ${describe(value)}`);
    return names;
  }
  value.forEach((name: unknown, index: number) => {
    if (typeof name !== 'string' || !DNS_LABEL.test(name)) {
      issues.add(
        `${path}[${index}]`,
        `${describe(name)} is not a valid ${kind} name; use lowercase letters, digits and hyphens, for example "openai-api-key"`,
      );
    } else if (names.has(name)) {
      issues.add(`${path}[${index}]`, `"${name}" is listed twice; list each ${kind} once`);
    } else {
      names.add(name);
    }
  });
  return names;
}

function checkQueues(issues: IssueList, value: unknown): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(value)) {
    issues.add('services.queues', `must be a list of queues, for example [{ "name": "investigations" }]; got ${describe(value)}`);
    return names;
  }
  value.forEach((queue: unknown, index: number) => {
    const path = `services.queues[${index}]`;
    if (!isRecord(queue)) {
      issues.add(path, `must be an object with a name; got ${describe(queue)}`);
      return;
    }
    checkKnownKeys(issues, `${path}.`, queue, QUEUE_KEYS);

    // SQS names are at most 80 characters; the environment prefix and "-dlq" take up to 21.
    if (typeof queue.name !== 'string' || !DNS_LABEL.test(queue.name) || queue.name.length > 40) {
      issues.add(
        `${path}.name`,
        `${describe(queue.name)} is not a valid queue name; use 1 to 40 lowercase letters, digits and hyphens`,
      );
    } else if (names.has(queue.name)) {
      issues.add(`${path}.name`, `"${queue.name}" is listed twice; list each queue once`);
    } else {
      names.add(queue.name);
    }

    // SQS limits: visibility timeout up to 12 hours, maxReceiveCount 1 to 1000.
    checkInteger(issues, `${path}.visibilityTimeoutSeconds`, queue.visibilityTimeoutSeconds, 0, 43200, 0);
    checkInteger(issues, `${path}.maxReceiveCount`, queue.maxReceiveCount, 1, 1000, 1);
  });
  return names;
}

function checkService(
  issues: IssueList,
  name: 'backend' | 'worker' | 'poller',
  value: unknown,
  secrets: Set<string>,
  queues: Set<string>,
): void {
  const path = `services.${name}`;
  if (!isRecord(value)) {
    issues.add(path, `must be an object with image, cpu, memory and scaling; got ${describe(value)}`);
    return;
  }

  const hasPort = name === 'backend';
  if (!hasPort && value.port !== undefined) {
    issues.add(
      `${path}.port`,
      `the ${name} receives no traffic from the load balancer, so it has no port; remove this setting`,
    );
  }
  if (!hasPort && value.healthCheckGracePeriodSeconds !== undefined) {
    issues.add(
      `${path}.healthCheckGracePeriodSeconds`,
      `the ${name} has no load balancer health check; remove this setting`,
    );
  }
  if (hasPort) {
    checkKnownKeys(issues, `${path}.`, value, BACKEND_KEYS);
  } else {
    // port and healthCheckGracePeriodSeconds were reported above with a specific message.
    const { port: _port, healthCheckGracePeriodSeconds: _grace, ...rest } = value;
    checkKnownKeys(issues, `${path}.`, rest, CONTAINER_KEYS);
  }

  checkImage(issues, `${path}.image`, value.image);
  checkTaskSize(issues, path, value.cpu, value.memory);
  checkCommand(issues, `${path}.command`, value.command);
  checkEnvironment(issues, path, value.environment, value.secrets);
  checkSecretReferences(issues, `${path}.secrets`, value.secrets, secrets);
  const serviceQueues = checkQueueReferences(issues, `${path}.queues`, value.queues, queues);
  for (const flag of ['readOnlyRootFilesystem', 'usesBlobs', 'sendsEmail']) {
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean') {
      issues.add(`${path}.${flag}`, `must be true or false; got ${describe(value[flag])}`);
    }
  }

  if (hasPort) {
    checkInteger(issues, `${path}.port`, value.port, 1, 65535, SERVICE_DEFAULTS.backendPort);
    checkInteger(
      issues,
      `${path}.healthCheckGracePeriodSeconds`,
      value.healthCheckGracePeriodSeconds,
      0,
      3600,
      SERVICE_DEFAULTS.healthCheckGracePeriodSeconds,
    );
    checkBackendScaling(issues, `${path}.scaling`, value.scaling);
  } else {
    checkQueueScaling(issues, `${path}.scaling`, value.scaling, serviceQueues, `${path}.queues`);
  }
}

function checkImage(issues: IssueList, path: string, value: unknown): void {
  if (!isRecord(value)) {
    issues.add(path, `must be an object with repository and tag or digest; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, IMAGE_KEYS);

  if (typeof value.repository !== 'string' || !REPOSITORY_NAME.test(value.repository)) {
    issues.add(
      `${path}.repository`,
      `${describe(value.repository)} is not a valid ECR repository name; use lowercase path components ` +
        'such as "legion/backend"',
    );
  }

  const { tag, digest } = value;
  if ((tag === undefined) === (digest === undefined)) {
    issues.add(path, 'must set exactly one of tag and digest, so every deploy runs a known, unchanging image');
    return;
  }
  if (tag !== undefined) {
    if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) {
      issues.add(`${path}.tag`, `${describe(tag)} is not a valid image tag; use letters, digits, ".", "_" and "-"`);
    } else if (tag === 'latest') {
      issues.add(`${path}.tag`, '"latest" can point at a different image tomorrow; use a release tag or a digest');
    }
  }
  if (digest !== undefined && (typeof digest !== 'string' || !IMAGE_DIGEST.test(digest))) {
    issues.add(`${path}.digest`, `${describe(digest)} is not an image digest; use "sha256:" and 64 hexadecimal digits`);
  }
}

function checkTaskSize(issues: IssueList, path: string, cpu: unknown, memory: unknown): void {
  const sizes = FARGATE_TASK_SIZES.get(cpu as number);
  if (typeof cpu !== 'number' || sizes === undefined) {
    issues.add(
      `${path}.cpu`,
      `${describe(cpu)} is not a Fargate CPU size; use one of ${[...FARGATE_TASK_SIZES.keys()].join(', ')} (1024 is one vCPU)`,
    );
    return;
  }
  if (typeof memory !== 'number' || !sizes.includes(memory)) {
    issues.add(
      `${path}.memory`,
      `${describe(memory)} MiB is not offered by Fargate with ${cpu} CPU units; use one of ${sizes.join(', ')}`,
    );
  }
}

function checkCommand(issues: IssueList, path: string, value: unknown): void {
  if (value !== undefined && (!Array.isArray(value) || value.length === 0 || !value.every((part) => typeof part === 'string'))) {
    issues.add(path, `must be a non-empty list of strings, for example ["node", "dist/poller.js"]; got ${describe(value)}`);
  }
}

function checkEnvironment(issues: IssueList, path: string, value: unknown, secrets: unknown): void {
  if (value === undefined) {
    return;
  }
  if (!isRecord(value)) {
    issues.add(`${path}.environment`, `must map variable names to string values; got ${describe(value)}`);
    return;
  }
  for (const [name, text] of Object.entries(value)) {
    const variablePath = `${path}.environment.${name}`;
    if (!VARIABLE_NAME.test(name)) {
      issues.add(variablePath, 'is not a valid variable name; use letters, digits and "_", not starting with a digit');
    } else if (typeof text !== 'string') {
      issues.add(variablePath, `must be a string; got ${describe(text)}`);
    } else if (isRecord(secrets) && name in secrets) {
      issues.add(variablePath, `is also set in ${path}.secrets; keep it in one place, secrets for sensitive values`);
    } else if (looksLikeCredential(name) || URL_WITH_PASSWORD.test(text)) {
      issues.add(
        variablePath,
        'looks like a credential, and plain variables are stored in the task definition and the Terraform state; ' +
          `declare a secret in services.secrets and reference it in ${path}.secrets instead`,
      );
    }
  }
}

function looksLikeCredential(name: string): boolean {
  const upper = name.toUpperCase();
  const words = upper.split('_');
  return (
    words.some((word) => CREDENTIAL_WORDS.has(word)) ||
    words[words.length - 1] === 'KEY' ||
    upper.includes('ACCESS_KEY') ||
    upper.includes('APIKEY')
  );
}

function checkSecretReferences(issues: IssueList, path: string, value: unknown, declared: Set<string>): void {
  if (value === undefined) {
    return;
  }
  if (!isRecord(value)) {
    issues.add(path, `must map variable names to secret names; got ${describe(value)}`);
    return;
  }
  for (const [name, secret] of Object.entries(value)) {
    if (!VARIABLE_NAME.test(name)) {
      issues.add(`${path}.${name}`, 'is not a valid variable name; use letters, digits and "_", not starting with a digit');
    } else if (typeof secret !== 'string' || !declared.has(secret)) {
      const known = declared.size > 0 ? [...declared].join(', ') : 'none declared yet';
      issues.add(
        `${path}.${name}`,
        `${describe(secret)} is not declared in services.secrets (${known}); declare it there or use a declared secret`,
      );
    }
  }
}

function checkQueueReferences(issues: IssueList, path: string, value: unknown, declared: Set<string>): Set<string> {
  const used = new Set<string>();
  if (value === undefined) {
    return used;
  }
  if (!Array.isArray(value)) {
    issues.add(path, `must be a list of queue names; got ${describe(value)}`);
    return used;
  }
  value.forEach((queue: unknown, index: number) => {
    if (typeof queue !== 'string' || !declared.has(queue)) {
      const known = declared.size > 0 ? [...declared].join(', ') : 'none declared yet';
      issues.add(
        `${path}[${index}]`,
        `${describe(queue)} is not declared in services.queues (${known}); declare it there or use a declared queue`,
      );
    } else {
      used.add(queue);
    }
  });
  return used;
}

function checkBackendScaling(issues: IssueList, path: string, value: unknown): void {
  if (!isRecord(value)) {
    issues.add(path, `must be an object with minTasks and maxTasks; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, BACKEND_SCALING_KEYS);
  checkTaskCounts(issues, path, value.minTasks, value.maxTasks);
  checkInteger(issues, `${path}.cpuTargetPercent`, value.cpuTargetPercent, 10, 90, 0);
  checkInteger(issues, `${path}.requestsPerTarget`, value.requestsPerTarget, 1, 100000, 0);
}

function checkQueueScaling(
  issues: IssueList,
  path: string,
  value: unknown,
  serviceQueues: Set<string>,
  queuesPath: string,
): void {
  if (!isRecord(value)) {
    issues.add(path, `must be an object with minTasks, maxTasks and queue; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, QUEUE_SCALING_KEYS);
  checkTaskCounts(issues, path, value.minTasks, value.maxTasks);
  checkInteger(issues, `${path}.backlogPerTask`, value.backlogPerTask, 1, 100000, 0);

  if (typeof value.queue !== 'string' || !serviceQueues.has(value.queue)) {
    issues.add(
      `${path}.queue`,
      `${describe(value.queue)} is not one of the service's queues (${[...serviceQueues].join(', ') || 'none'}); ` +
        `scale on a queue listed in ${queuesPath}`,
    );
  }
}

function checkTaskCounts(issues: IssueList, path: string, min: unknown, max: unknown): void {
  // A service always keeps one task, so scaling from zero never delays the first request or message.
  const minTasks = checkInteger(issues, `${path}.minTasks`, min, 1, 1000);
  const maxTasks = checkInteger(issues, `${path}.maxTasks`, max, 1, 1000);
  if (minTasks !== undefined && maxTasks !== undefined && minTasks > maxTasks) {
    issues.add(`${path}.minTasks`, `${minTasks} is above maxTasks ${maxTasks}; set minTasks to at most maxTasks`);
  }
}
