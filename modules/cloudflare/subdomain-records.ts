import { Construct } from 'constructs';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';

/** Properties of a {@link SubdomainRecords}. */
export interface SubdomainRecordsProps {
  /** ID of the Cloudflare zone for the records. */
  readonly zoneId: string;

  /** The zone's domain, for example `legionsecurity.ai`. */
  readonly domain: string;

  /** DNS labels to point at the target: `api` creates `api.<domain>`. */
  readonly subdomains: readonly string[];

  /** Host name the records point at: the region's ALB DNS name. */
  readonly target: string;
}

/**
 * One proxied CNAME record per subdomain, pointing at the region's load balancer.
 *
 * Proxied records make Cloudflare terminate client connections and reach the
 * origin from its own published ranges, which are the only sources the ALB admits.
 */
export class SubdomainRecords extends Construct {
  readonly records: readonly DnsRecord[];

  constructor(scope: Construct, id: string, props: SubdomainRecordsProps) {
    super(scope, id);

    this.records = props.subdomains.map(
      (subdomain) =>
        new DnsRecord(this, subdomain, {
          zoneId: props.zoneId,
          name: `${subdomain}.${props.domain}`,
          type: 'CNAME',
          content: props.target,
          proxied: true,
          // Cloudflare requires ttl 1 ("automatic") on proxied records.
          ttl: 1,
          comment: 'Routes to the regional ALB; managed by cdktf',
        }),
    );
  }
}
