import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { EmailIdentity, SES_DKIM_TOKEN_COUNT } from '../data/email-identity';

/** Properties of an {@link EmailRecords}. */
export interface EmailRecordsProps {
  /** ID of the Cloudflare zone for the records. */
  readonly zoneId: string;

  /** The SES identity whose records to publish. */
  readonly identity: EmailIdentity;
}

/**
 * The DNS records that verify an SES domain identity and sign its mail:
 * the `_amazonses` TXT record and one DKIM CNAME per token. None is proxied,
 * because SES and receiving mail servers must see the records themselves.
 */
export class EmailRecords extends Construct {
  readonly verification: DnsRecord;
  readonly dkim: readonly DnsRecord[];

  constructor(scope: Construct, id: string, props: EmailRecordsProps) {
    super(scope, id);

    const domain = props.identity.identity.domain;
    this.verification = new DnsRecord(this, 'Verification', {
      zoneId: props.zoneId,
      name: `_amazonses.${domain}`,
      type: 'TXT',
      content: props.identity.identity.verificationToken,
      ttl: 300,
      proxied: false,
      comment: 'SES domain verification; managed by cdktf',
    });

    // SES always issues three tokens, so the records can be counted before apply.
    this.dkim = Array.from({ length: SES_DKIM_TOKEN_COUNT }, (_, index) => {
      const token = Fn.element(props.identity.dkim.dkimTokens, index);
      return new DnsRecord(this, `Dkim${index}`, {
        zoneId: props.zoneId,
        name: `${token}._domainkey.${domain}`,
        type: 'CNAME',
        content: `${token}.dkim.amazonses.com`,
        ttl: 300,
        proxied: false,
        comment: 'SES DKIM signing key; managed by cdktf',
      });
    });
  }
}
