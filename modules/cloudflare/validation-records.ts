import { Construct } from 'constructs';
import { Fn, TerraformIterator } from 'cdktf';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';

/** Properties of a {@link ValidationRecords}. */
export interface ValidationRecordsProps {
  /** ID of the Cloudflare zone for the records. */
  readonly zoneId: string;

  /** Iterator over an ACM certificate's `domain_validation_options`. */
  readonly validationOptions: TerraformIterator;
}

/**
 * The DNS records through which ACM validates a certificate, one per
 * validation option, in Cloudflare.
 *
 * They are never proxied: ACM must resolve the CNAME itself, and a proxied
 * record would resolve to Cloudflare's addresses instead.
 */
export class ValidationRecords extends Construct {
  readonly records: DnsRecord;

  constructor(scope: Construct, id: string, props: ValidationRecordsProps) {
    super(scope, id);

    const option = props.validationOptions;
    this.records = new DnsRecord(this, 'Record', {
      forEach: option,
      zoneId: props.zoneId,
      // ACM returns fully qualified names with a trailing dot; Cloudflare stores them without.
      name: Fn.trimsuffix(option.getString('resource_record_name'), '.'),
      type: option.getString('resource_record_type'),
      content: Fn.trimsuffix(option.getString('resource_record_value'), '.'),
      ttl: 60,
      proxied: false,
      comment: 'ACM certificate validation; managed by cdktf',
    });
  }
}
