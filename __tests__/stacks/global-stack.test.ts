import { Testing } from 'cdktf';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { GlobalStack } from '../../stacks/global-stack';
import { synthStack, validConfig } from '../support/synth';

describe('GlobalStack', () => {
  const environment = validConfig();
  const stack = new GlobalStack(Testing.app(), 'production-global', { environment });
  const synthesized = Testing.synth(stack);

  test.each([
    ['ssl', 'strict'],
    ['always_use_https', 'on'],
    ['min_tls_version', '1.2'],
  ])('sets zone setting %s to %s', (settingId, value) => {
    expect(synthesized).toHaveResourceWithProperties(ZoneSetting, {
      setting_id: settingId,
      value,
      zone_id: '${data.cloudflare_zone.Zone.id}',
    });
  });

  test('looks the zone up by the domain', () => {
    expect(synthStack(stack).data?.cloudflare_zone.Zone.filter).toEqual({ name: 'legionsecurity.ai' });
  });

  test('keeps state in the S3 backend under its own key', () => {
    expect(synthStack(stack).terraform?.backend.s3).toMatchObject({
      key: 'production-global/terraform.tfstate',
      use_lockfile: true,
    });
  });
});
