import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';

/** Properties of a {@link RegionCertificate}. */
export interface RegionCertificateProps {
  /** Fully qualified host names the certificate covers; the first is its subject. */
  readonly hostnames: readonly string[];
}

/**
 * An ACM certificate for every host name a region serves, validated through DNS.
 *
 * The validation records themselves live in Cloudflare and are created by the
 * caller from {@link validationOptions}; add them to `validation.dependsOn` so
 * Terraform creates them before it starts waiting. Consumers use
 * {@link certificateArn}, which resolves only once ACM has issued the
 * certificate, so no listener ever presents an unvalidated one.
 */
export class RegionCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;

  /** Iterator over the certificate's DNS validation records, one per distinct name. */
  readonly validationOptions: TerraformIterator;

  constructor(scope: Construct, id: string, props: RegionCertificateProps) {
    super(scope, id);

    if (props.hostnames.length === 0) {
      throw new Error('RegionCertificate: hostnames is empty; list at least one host name');
    }
    const [subject, ...alternativeNames] = props.hostnames;

    this.certificate = new AcmCertificate(this, 'Certificate', {
      domainName: subject,
      subjectAlternativeNames: alternativeNames.length > 0 ? alternativeNames : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      tags: { Name: subject },
      // A listener always needs a certificate: a replacement is issued before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });

    this.validationOptions = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');

    this.validation = new AcmCertificateValidation(this, 'Validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(this.validationOptions.pluckProperty('resource_record_name')),
    });
  }

  /** ARN of the certificate, known only after validation succeeded. */
  get certificateArn(): string {
    return this.validation.certificateArn;
  }
}
