import { Testing } from 'cdktf';
import { ZeroTrustAccessApplication } from '@cdktf/provider-cloudflare/lib/zero-trust-access-application';
import { GlobalStack } from '../../stacks/global-stack';
import { RegionStack } from '../../stacks/region-stack';
import { ORIGIN_SECRETS_VARIABLE } from '../../stacks/origin-secrets';
import { TEST_ATLAS_PROJECT_ID, referenceTo, resourceList, synthStack, testConfig, validConfig } from '../support/synth';

function globalStack(change: (config: any) => void = () => undefined) {
  const config = testConfig();
  change(config);
  const stack = new GlobalStack(Testing.app(), 'production-global', { environment: validConfig(config) });
  return { json: synthStack(stack), synthesized: Testing.synth(stack) };
}

const ALL_HOSTS = ['app', 'api', 'eu', 'api-eu'].map((subdomain) => `${subdomain}.legionsecurity.ai`);

describe('session viewer Access', () => {
  const { json, synthesized } = globalStack();
  const applications = resourceList(json, 'cloudflare_zero_trust_access_application');
  const [policy] = resourceList(json, 'cloudflare_zero_trust_access_policy');

  test('one application per subdomain covering exactly /session', () => {
    const uris = applications.map((app) => app.destinations.map((destination: any) => destination.uri));
    expect(uris.sort()).toEqual(ALL_HOSTS.map((host) => [`${host}/session`]).sort());
    for (const app of applications) {
      expect(app.destinations).toEqual([{ type: 'public', uri: expect.stringMatching(/\/session$/) }]);
      expect(app.type).toBe('self_hosted');
      expect(app.domain).toBeUndefined();
      expect(app.self_hosted_domains).toBeUndefined();
    }
  });

  test('attaches the reusable policy with a precedence', () => {
    const policyId = referenceTo(json, 'cloudflare_zero_trust_access_policy', 'SessionAccess/InternalUsers', 'id');
    for (const app of applications) {
      expect(app.policies).toEqual([{ id: policyId, precedence: 1 }]);
    }
  });

  test('sets path-scoped, HttpOnly, SameSite cookies', () => {
    for (const host of ALL_HOSTS) {
      expect(synthesized).toHaveResourceWithProperties(ZeroTrustAccessApplication, {
        name: `${host}/session`,
        http_only_cookie_attribute: true,
        same_site_cookie_attribute: 'lax',
        path_cookie_attribute: true,
        session_duration: '8h',
      });
    }
  });

  test('policy allows the internal email domain only', () => {
    expect(policy).toMatchObject({
      account_id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      decision: 'allow',
      session_duration: '8h',
      include: [{ email_domain: { domain: 'legionsecurity.ai' } }],
    });
    expect(policy.include).not.toContainEqual(expect.objectContaining({ everyone: expect.anything() }));
  });

  test('policy adds identity provider groups', () => {
    const withGroups = globalStack((c) => {
      c.access.identityProviderGroups = [
        { provider: 'okta', identityProviderId: '3c7b1a52-9f0e-4d6a-8b21-5e4f3a2d1c0b', group: 'engineering' },
        { provider: 'azureAD', identityProviderId: '4d8c2b63-0a1f-4e7b-9c32-6f5a4b3e2d1c', group: 'b1f2c3d4-0000-4000-8000-000000000001' },
        { provider: 'gsuite', identityProviderId: '5e9d3c74-1b2a-4f8c-8d43-7a6b5c4f3e2d', group: 'support@legionsecurity.ai' },
      ];
    });
    const [withGroupsPolicy] = resourceList(withGroups.json, 'cloudflare_zero_trust_access_policy');
    expect(withGroupsPolicy.include).toEqual([
      { email_domain: { domain: 'legionsecurity.ai' } },
      { okta: { identity_provider_id: '3c7b1a52-9f0e-4d6a-8b21-5e4f3a2d1c0b', name: 'engineering' } },
      { azure_ad: { identity_provider_id: '4d8c2b63-0a1f-4e7b-9c32-6f5a4b3e2d1c', id: 'b1f2c3d4-0000-4000-8000-000000000001' } },
      { gsuite: { identity_provider_id: '5e9d3c74-1b2a-4f8c-8d43-7a6b5c4f3e2d', email: 'support@legionsecurity.ai' } },
    ]);
  });

  test('a configured path and duration apply everywhere', () => {
    const changed = globalStack((c) => {
      c.access.protectedPath = '/admin/sessions';
      c.access.sessionDuration = '30m';
    });
    for (const app of resourceList(changed.json, 'cloudflare_zero_trust_access_application')) {
      expect(app.destinations[0].uri).toMatch(/\.legionsecurity\.ai\/admin\/sessions$/);
      expect(app.session_duration).toBe('30m');
    }
  });
});

describe('origin proof', () => {
  test('Cloudflare sets the header from the sensitive variable', () => {
    const { json } = globalStack();
    const [ruleset] = resourceList(json, 'cloudflare_ruleset');
    expect(ruleset).toMatchObject({ kind: 'zone', phase: 'http_request_late_transform' });
    expect(ruleset.rules).toEqual([
      expect.objectContaining({
        expression: '(http.host in {"app.legionsecurity.ai" "api.legionsecurity.ai" "eu.legionsecurity.ai" "api-eu.legionsecurity.ai"})',
        action: 'rewrite',
        action_parameters: {
          headers: { 'X-Origin-Verify': { operation: 'set', value: `\${element(var.${ORIGIN_SECRETS_VARIABLE}, 0)}` } },
        },
      }),
    ]);
    expect(json.variable?.[ORIGIN_SECRETS_VARIABLE]).toMatchObject({ sensitive: true, type: 'list(string)', nullable: false });
  });

  test('every forwarding listener rule requires the header', () => {
    const environment = validConfig();
    for (const region of environment.regions) {
      const stack = new RegionStack(Testing.app(), `production-${region.region}`, {
        environment,
        region,
        atlasProjectId: TEST_ATLAS_PROJECT_ID,
      });
      const json = synthStack(stack);
      const rules = resourceList(json, 'aws_lb_listener_rule');
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.condition).toContainEqual({
          http_header: { http_header_name: 'X-Origin-Verify', values: `\${var.${ORIGIN_SECRETS_VARIABLE}}` },
        });
      }
      expect(json.variable?.[ORIGIN_SECRETS_VARIABLE].sensitive).toBe(true);
    }
  });

  test('the secret appears in no synthesized file as a literal', () => {
    const environment = validConfig();
    const { json } = globalStack();
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"value":\s*"[A-Za-z0-9+/]{32,}"/);
    expect(environment).not.toHaveProperty('originSecret');
  });
});
