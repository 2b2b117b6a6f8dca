import { Construct } from 'constructs';
import { SesDomainDkim } from '@cdktf/provider-aws/lib/ses-domain-dkim';
import { SesDomainIdentity } from '@cdktf/provider-aws/lib/ses-domain-identity';

/** Number of DKIM tokens SES issues for a domain identity (Easy DKIM). */
export const SES_DKIM_TOKEN_COUNT = 3;

/** Properties of an {@link EmailIdentity}. */
export interface EmailIdentityProps {
  /** Domain the services send mail from. */
  readonly domain: string;
}

/**
 * An SES domain identity with Easy DKIM in the current region.
 *
 * SES identities are regional, so each region has its own verification token
 * and DKIM tokens. The caller publishes them as DNS records, because SES only
 * sends once it has found them.
 */
export class EmailIdentity extends Construct {
  readonly identity: SesDomainIdentity;
  readonly dkim: SesDomainDkim;

  constructor(scope: Construct, id: string, props: EmailIdentityProps) {
    super(scope, id);

    this.identity = new SesDomainIdentity(this, 'Identity', { domain: props.domain });
    this.dkim = new SesDomainDkim(this, 'Dkim', { domain: this.identity.domain });
  }
}
