import { validateEnvironment } from '../../config/validate';
import { issuesAfter } from '../support/issues';
import { testConfig } from '../support/synth';

describe('Access configuration', () => {
  const invalidCases: [string, (config: any) => void, string, string][] = [
    [
      'missing access section',
      (c) => delete c.access,
      'access',
      'must be an object with cloudflareAccountId and allowedEmailDomains, because the session viewer is never public; got nothing',
    ],
    [
      'invalid account id',
      (c) => (c.access.cloudflareAccountId = 'legion'),
      'access.cloudflareAccountId',
      '"legion" is not a Cloudflare account ID; use its 32 hexadecimal digits',
    ],
    [
      'no email domain',
      (c) => (c.access.allowedEmailDomains = []),
      'access.allowedEmailDomains',
      'must list at least one email domain, for example ["legionsecurity.ai"]; got []',
    ],
    [
      'email address instead of a domain',
      (c) => (c.access.allowedEmailDomains = ['admin@legionsecurity.ai']),
      'access.allowedEmailDomains[0]',
      '"admin@legionsecurity.ai" is not an email domain; use the part after "@" in lowercase, for example "legionsecurity.ai"',
    ],
    [
      'unsupported identity provider',
      (c) =>
        (c.access.identityProviderGroups = [
          { provider: 'onelogin', identityProviderId: '3c7b1a52-9f0e-4d6a-8b21-5e4f3a2d1c0b', group: 'eng' },
        ]),
      'access.identityProviderGroups[0].provider',
      '"onelogin" is not a supported identity provider; use one of okta, azureAD, gsuite',
    ],
    [
      'identity provider id that is not a UUID',
      (c) => (c.access.identityProviderGroups = [{ provider: 'okta', identityProviderId: 'okta-main', group: 'eng' }]),
      'access.identityProviderGroups[0].identityProviderId',
      '"okta-main" is not an identity provider ID; copy the UUID from Zero Trust > Settings > Authentication',
    ],
    [
      'session duration without a unit',
      (c) => (c.access.sessionDuration = '8'),
      'access.sessionDuration',
      '"8" is not a session duration; use minutes or hours up to 730h, for example "8h" or "30m"',
    ],
    [
      'session duration over a month',
      (c) => (c.access.sessionDuration = '1000h'),
      'access.sessionDuration',
      '"1000h" is not a session duration; use minutes or hours up to 730h, for example "8h" or "30m"',
    ],
    [
      'protected path with a wildcard',
      (c) => (c.access.protectedPath = '/session/*'),
      'access.protectedPath',
      '"/session/*" is not a path to guard; use a path such as "/session", without a trailing slash or wildcard',
    ],
    [
      'origin header name with a space',
      (c) => (c.originHeaderName = 'X Origin'),
      'originHeaderName',
      '"X Origin" is not a valid header name; use up to 40 letters, digits and hyphens, for example "X-Origin-Verify"',
    ],
  ];

  test.each(invalidCases)('rejects %s', (_name, change, path, message) => {
    expect(issuesAfter(change)).toEqual([{ path, message }]);
  });

  test.each([['Host'], ['CF-Connecting-IP'], ['x-cf-secret']])('rejects reserved header %s', (name) => {
    expect(issuesAfter((c) => (c.originHeaderName = name))).toEqual([
      {
        path: 'originHeaderName',
        message:
          `"${name}" cannot carry the origin proof: an ALB header condition cannot match Host, and Cloudflare ` +
          'transform rules cannot set cf- or x-cf- headers; use a name such as "X-Origin-Verify"',
      },
    ]);
  });

  test('accepts groups of every supported provider', () => {
    const config = testConfig();
    config.access.identityProviderGroups = [
      { provider: 'okta', identityProviderId: '3c7b1a52-9f0e-4d6a-8b21-5e4f3a2d1c0b', group: 'engineering' },
      { provider: 'azureAD', identityProviderId: '4d8c2b63-0a1f-4e7b-9c32-6f5a4b3e2d1c', group: 'b1f2c3d4' },
      { provider: 'gsuite', identityProviderId: '5e9d3c74-1b2a-4f8c-8d43-7a6b5c4f3e2d', group: 'support@legionsecurity.ai' },
    ];
    expect(validateEnvironment(config).access.identityProviderGroups).toHaveLength(3);
  });
});
