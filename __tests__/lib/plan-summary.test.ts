import { changeKind, renderSummary, summarizePlans } from '../../lib/plan-summary';

describe('plan summary', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['delete'], 'destroy'],
    [['forget'], 'forget'],
    [['no-op'], undefined],
    [['read'], undefined],
  ])('%j is a %s', (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });

  test('shows what a security change changes', () => {
    const summary = summarizePlans([
      {
        stack: 'production-us-east-1',
        plan: {
          resource_changes: [
            {
              address: 'aws_vpc_security_group_ingress_rule.Https',
              type: 'aws_vpc_security_group_ingress_rule',
              change: { actions: ['update'], before: { cidr_ipv4: '173.245.48.0/20', from_port: 443 }, after: { cidr_ipv4: '0.0.0.0/0', from_port: 443 } },
            },
            {
              address: 'cloudflare_zero_trust_access_policy.InternalUsers',
              type: 'cloudflare_zero_trust_access_policy',
              change: { actions: ['update'], before: { decision: 'allow' }, after: { decision: 'bypass' } },
            },
          ],
        },
      },
    ]);
    const markdown = renderSummary(summary);
    expect(markdown).toContain('  - `cidr_ipv4`: "173.245.48.0/20" → "0.0.0.0/0"');
    expect(markdown).toContain('- `production-us-east-1` update `cloudflare_zero_trust_access_policy.InternalUsers`');
    expect(markdown).toContain('  - `decision`: "allow" → "bypass"');
    expect(markdown).not.toContain('from_port');
  });

  test('lists a forgotten secret as a removal and a data-loss risk', () => {
    const summary = summarizePlans([
      {
        stack: 'production-us-east-1',
        plan: { resource_changes: [{ address: 'aws_secretsmanager_secret.Key', type: 'aws_secretsmanager_secret', change: { actions: ['forget'] } }] },
      },
    ]);
    expect(summary.dataLoss.map((change) => change.kind)).toEqual(['forget']);
  });

  test('rejects JSON that is not a plan', () => {
    expect(() => summarizePlans([{ stack: 'production-global', plan: {} }])).toThrow(
      'the plan of production-global has no resource_changes or planned_values; pass the output of terraform show -json <plan file>',
    );
  });
});
