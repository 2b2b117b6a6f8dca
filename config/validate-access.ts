import { DNS_LABEL, IssueList, checkKnownKeys, describe, isRecord } from './checks';

/** Defaults of the Access and origin settings. */
export const ACCESS_DEFAULTS = {
  sessionDuration: '8h',
  protectedPath: '/session',
  originHeaderName: 'X-Origin-Verify',
} as const;

const ACCESS_KEYS = ['cloudflareAccountId', 'allowedEmailDomains', 'identityProviderGroups', 'sessionDuration', 'protectedPath'];
const GROUP_KEYS = ['provider', 'identityProviderId', 'group'];
const PROVIDERS = ['okta', 'azureAD', 'gsuite'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Header names the ALB and Cloudflare accept: letters, digits and hyphens (RFC 7230 token subset). */
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/** Headers that cannot carry the proof: Host (no ALB http-header condition) and Cloudflare's own. */
const RESERVED_HEADER = /^(host|cf-.*|x-cf-.*)$/i;

/** Checks `access` and `originHeaderName`, adding each problem to `issues`. */
export function checkAccess(issues: IssueList, value: unknown, originHeaderName: unknown): void {
  if (originHeaderName !== undefined && (typeof originHeaderName !== 'string' || !HEADER_NAME.test(originHeaderName))) {
    issues.add(
      'originHeaderName',
      `${describe(originHeaderName)} is not a valid header name; use up to 40 letters, digits and hyphens, ` +
        'for example "X-Origin-Verify"',
    );
  } else if (typeof originHeaderName === 'string' && RESERVED_HEADER.test(originHeaderName)) {
    issues.add(
      'originHeaderName',
      `"${originHeaderName}" cannot carry the origin proof: an ALB header condition cannot match Host, and ` +
        'Cloudflare transform rules cannot set cf- or x-cf- headers; use a name such as "X-Origin-Verify"',
    );
  }

  if (!isRecord(value)) {
    issues.add(
      'access',
      `must be an object with cloudflareAccountId and allowedEmailDomains, because the session viewer is never public; got ${describe(value)}`,
    );
    return;
  }
  checkKnownKeys(issues, 'access.', value, ACCESS_KEYS);

  if (typeof value.cloudflareAccountId !== 'string' || !/^[0-9a-f]{32}$/.test(value.cloudflareAccountId)) {
    issues.add(
      'access.cloudflareAccountId',
      `${describe(value.cloudflareAccountId)} is not a Cloudflare account ID; use its 32 hexadecimal digits`,
    );
  }

  const domains = value.allowedEmailDomains;
  if (!Array.isArray(domains) || domains.length === 0) {
    issues.add('access.allowedEmailDomains', `must list at least one email domain, for example ["legionsecurity.ai"]; got ${describe(domains)}`);
  } else {
    domains.forEach((domain: unknown, index: number) => {
      const labels = typeof domain === 'string' ? domain.split('.') : [];
      if (labels.length < 2 || !labels.every((label) => DNS_LABEL.test(label))) {
        issues.add(
          `access.allowedEmailDomains[${index}]`,
          `${describe(domain)} is not an email domain; use the part after "@" in lowercase, for example "legionsecurity.ai"`,
        );
      }
    });
  }

  const groups = value.identityProviderGroups;
  if (groups !== undefined && !Array.isArray(groups)) {
    issues.add('access.identityProviderGroups', `must be a list of groups; got ${describe(groups)}`);
  } else if (Array.isArray(groups)) {
    groups.forEach((group: unknown, index: number) => checkGroup(issues, `access.identityProviderGroups[${index}]`, group));
  }

  // Cloudflare accepts durations such as 30m or 24h; Access sessions last at most a month.
  const duration = value.sessionDuration;
  if (duration !== undefined && (typeof duration !== 'string' || !/^([1-9]\d{0,3})(m|h)$/.test(duration) || hours(duration) > 730)) {
    issues.add(
      'access.sessionDuration',
      `${describe(duration)} is not a session duration; use minutes or hours up to 730h, for example "8h" or "30m"`,
    );
  }

  const path = value.protectedPath;
  if (path !== undefined && (typeof path !== 'string' || !/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path))) {
    issues.add(
      'access.protectedPath',
      `${describe(path)} is not a path to guard; use a path such as "/session", without a trailing slash or wildcard`,
    );
  }
}

function checkGroup(issues: IssueList, path: string, value: unknown): void {
  if (!isRecord(value)) {
    issues.add(path, `must be an object with provider, identityProviderId and group; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, GROUP_KEYS);
  if (typeof value.provider !== 'string' || !PROVIDERS.includes(value.provider)) {
    issues.add(`${path}.provider`, `${describe(value.provider)} is not a supported identity provider; use one of ${PROVIDERS.join(', ')}`);
  }
  if (typeof value.identityProviderId !== 'string' || !UUID.test(value.identityProviderId)) {
    issues.add(
      `${path}.identityProviderId`,
      `${describe(value.identityProviderId)} is not an identity provider ID; copy the UUID from Zero Trust > Settings > Authentication`,
    );
  }
  if (typeof value.group !== 'string' || value.group.trim() === '') {
    issues.add(`${path}.group`, `must name the group; got ${describe(value.group)}`);
  }
}

function hours(duration: string): number {
  const amount = Number(duration.slice(0, -1));
  return duration.endsWith('h') ? amount : amount / 60;
}
