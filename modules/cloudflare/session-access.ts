import { Construct } from 'constructs';
import { ZeroTrustAccessApplication } from '@cdktf/provider-cloudflare/lib/zero-trust-access-application';
import {
  ZeroTrustAccessPolicy,
  ZeroTrustAccessPolicyInclude,
} from '@cdktf/provider-cloudflare/lib/zero-trust-access-policy';
import { IdentityProviderGroup } from '../../config/types';

/** Properties of a {@link SessionAccess}. */
export interface SessionAccessProps {
  /** Cloudflare account of the Zero Trust organization. */
  readonly accountId: string;

  /** Prefix of the policy and application names, for example `production`. */
  readonly namePrefix: string;

  /** Host names whose `path` is guarded, one Access application each. */
  readonly hostnames: readonly string[];

  /** Guarded path, for example `/session`; the rest of each host stays public. */
  readonly path: string;

  /** Email domains of internal users. */
  readonly allowedEmailDomains: readonly string[];

  /** Identity provider groups whose members are internal users too. */
  readonly identityProviderGroups: readonly IdentityProviderGroup[];

  /** Session length, for example `8h`. */
  readonly sessionDuration: string;
}

/**
 * Cloudflare Zero Trust Access in front of one path of every subdomain.
 *
 * One reusable policy allows internal users: anyone who signs in with an email
 * address of an allowed domain, or who belongs to one of the listed identity
 * provider groups. One self-hosted application per host name covers only
 * `<host><path>` (and the paths below it) and attaches the policy with
 * precedence 1; Access denies everyone the policy does not allow. The
 * session cookie is HttpOnly, SameSite=Lax and scoped to the application's path.
 */
export class SessionAccess extends Construct {
  readonly policy: ZeroTrustAccessPolicy;
  readonly applications: readonly ZeroTrustAccessApplication[];

  constructor(scope: Construct, id: string, props: SessionAccessProps) {
    super(scope, id);

    this.policy = new ZeroTrustAccessPolicy(this, 'InternalUsers', {
      accountId: props.accountId,
      name: `${props.namePrefix} internal users`,
      decision: 'allow',
      include: includeRules(props),
      sessionDuration: props.sessionDuration,
    });

    this.applications = props.hostnames.map(
      (hostname) =>
        new ZeroTrustAccessApplication(this, hostname, {
          accountId: props.accountId,
          name: `${hostname}${props.path}`,
          type: 'self_hosted',
          destinations: [{ type: 'public', uri: `${hostname}${props.path}` }],
          policies: [{ id: this.policy.id, precedence: 1 }],
          sessionDuration: props.sessionDuration,
          httpOnlyCookieAttribute: true,
          // Lax, not Strict: the browser must send the cookie when it returns from the identity provider.
          sameSiteCookieAttribute: 'lax',
          pathCookieAttribute: true,
          appLauncherVisible: false,
        }),
    );
  }
}

function includeRules(props: SessionAccessProps): ZeroTrustAccessPolicyInclude[] {
  const rules: ZeroTrustAccessPolicyInclude[] = props.allowedEmailDomains.map((domain) => ({
    emailDomain: { domain },
  }));
  for (const group of props.identityProviderGroups) {
    const identityProviderId = group.identityProviderId;
    switch (group.provider) {
      case 'okta':
        rules.push({ okta: { identityProviderId, name: group.group } });
        break;
      case 'azureAD':
        rules.push({ azureAd: { identityProviderId, id: group.group } });
        break;
      case 'gsuite':
        rules.push({ gsuite: { identityProviderId, email: group.group } });
        break;
    }
  }
  return rules;
}
