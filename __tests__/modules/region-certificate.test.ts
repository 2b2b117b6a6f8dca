import { Testing } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { RegionCertificate } from '../../modules/edge/region-certificate';
import { referenceTo, resourceAt, synthConstructs } from '../support/synth';

const HOSTNAMES = ['app.legionsecurity.ai', 'api.legionsecurity.ai', 'eu.legionsecurity.ai'];

describe('RegionCertificate', () => {
  test('covers every host name and validates through DNS', () => {
    const synthesized = Testing.synthScope((scope) => new RegionCertificate(scope, 'Certificate', { hostnames: HOSTNAMES }));
    expect(synthesized).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'app.legionsecurity.ai',
      subject_alternative_names: ['api.legionsecurity.ai', 'eu.legionsecurity.ai'],
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
  });

  test('omits alternative names for a single host', () => {
    const json = synthConstructs((scope) => new RegionCertificate(scope, 'Certificate', { hostnames: HOSTNAMES.slice(0, 1) }));
    expect(resourceAt(json, 'aws_acm_certificate', 'Certificate/Certificate').subject_alternative_names).toBeUndefined();
  });

  test('waits for the validation records of the certificate', () => {
    const json = synthConstructs((scope) => new RegionCertificate(scope, 'Certificate', { hostnames: HOSTNAMES }));
    const validation = resourceAt(json, 'aws_acm_certificate_validation', 'Validation');
    expect(validation.certificate_arn).toBe(referenceTo(json, 'aws_acm_certificate', 'Certificate/Certificate', 'arn'));
    expect(validation.validation_record_fqdns).toContain('domain_validation_options');
    expect(validation.validation_record_fqdns).toContain('val.resource_record_name');
  });

  test('rejects an empty host list', () => {
    expect(() => synthConstructs((scope) => new RegionCertificate(scope, 'Certificate', { hostnames: [] }))).toThrow(
      /hostnames is empty/,
    );
  });
});
