import { Testing } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import {
  HTTPS_SSL_POLICY,
  MAX_LOAD_BALANCER_NAME_LENGTH,
  PublicLoadBalancer,
  PublicLoadBalancerProps,
} from '../../modules/edge/public-load-balancer';
import { CLOUDFLARE_IPV4_CIDRS, CLOUDFLARE_IPV6_CIDRS } from '../support/cloudflare-ranges';
import { referenceTo, resourceAt, resourceList, synthConstructs } from '../support/synth';

const PROPS: PublicLoadBalancerProps = {
  nameParts: ['production', 'use1'],
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.10.0.0/16',
  publicSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  allowedIpv4Cidrs: CLOUDFLARE_IPV4_CIDRS,
  allowedIpv6Cidrs: CLOUDFLARE_IPV6_CIDRS,
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/validated',
  hostnames: ['app.legionsecurity.ai', 'api.legionsecurity.ai'],
  originHeader: { name: 'X-Origin-Verify', values: ['origin-secret-for-tests-0123456789abcdef'] },
  accessLogs: { bucket: 'production-us-east-1-alb-logs-111122223333', prefix: 'alb' },
};

function synthLoadBalancer(props: Partial<PublicLoadBalancerProps> = {}) {
  return synthConstructs((scope) => new PublicLoadBalancer(scope, 'LoadBalancer', { ...PROPS, ...props }));
}

describe('PublicLoadBalancer', () => {
  test('is an internet-facing dual-stack ALB in every public subnet', () => {
    const synthesized = Testing.synthScope((scope) => new PublicLoadBalancer(scope, 'LoadBalancer', PROPS));
    expect(synthesized).toHaveResourceWithProperties(Lb, {
      load_balancer_type: 'application',
      internal: false,
      ip_address_type: 'dualstack',
      subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
  });

  test('uses only its own security group', () => {
    const json = synthLoadBalancer();
    const alb = resourceAt(json, 'aws_lb', 'LoadBalancer/LoadBalancer');
    expect(alb.security_groups).toEqual([referenceTo(json, 'aws_security_group', 'SecurityGroup', 'id')]);
  });

  test('security group has no inline rules', () => {
    const group = resourceAt(synthLoadBalancer(), 'aws_security_group', 'SecurityGroup');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(group.description).toBeTruthy();
  });

  test('admits ports 80 and 443 from each allowed range only', () => {
    const rules = resourceList(synthLoadBalancer(), 'aws_vpc_security_group_ingress_rule');
    expect(rules.map((rule) => [rule.ip_protocol, rule.from_port, rule.to_port, rule.cidr_ipv4 ? 'ipv4' : 'ipv6']).sort()).toEqual([
      ['tcp', 443, 443, 'ipv4'],
      ['tcp', 443, 443, 'ipv6'],
      ['tcp', 80, 80, 'ipv4'],
      ['tcp', 80, 80, 'ipv6'],
    ]);

    for (const rule of rules) {
      const ranges = rule.cidr_ipv4 ? CLOUDFLARE_IPV4_CIDRS : CLOUDFLARE_IPV6_CIDRS;
      expect(rule.cidr_ipv4 ?? rule.cidr_ipv6).toBe('${each.value}');
      expect(rule.for_each).toMatch(/^\$\{toset\(\[/);
      for (const range of ranges) {
        expect(rule.for_each).toContain(`"${range}"`);
      }
    }
  });

  test('every security group rule has a description', () => {
    const json = synthLoadBalancer();
    const rules = [
      ...resourceList(json, 'aws_vpc_security_group_ingress_rule'),
      ...resourceList(json, 'aws_vpc_security_group_egress_rule'),
    ];
    for (const rule of rules) {
      expect(rule.description).toMatch(/\w+/);
    }
  });

  test('sends only HTTP to targets inside the VPC', () => {
    const egress = resourceList(synthLoadBalancer(), 'aws_vpc_security_group_egress_rule');
    expect(egress).toEqual([
      expect.objectContaining({ ip_protocol: 'tcp', from_port: 80, to_port: 80, cidr_ipv4: '10.10.0.0/16' }),
    ]);
  });

  test('redirects HTTP to HTTPS permanently', () => {
    const listener = resourceAt(synthLoadBalancer(), 'aws_lb_listener', 'HttpListener');
    expect(listener.port).toBe(80);
    expect(listener.protocol).toBe('HTTP');
    expect(listener.default_action).toEqual([
      { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
    ]);
  });

  test('presents the certificate on HTTPS with a TLS 1.2+ policy', () => {
    const listener = resourceAt(synthLoadBalancer(), 'aws_lb_listener', 'HttpsListener');
    expect(listener.port).toBe(443);
    expect(listener.protocol).toBe('HTTPS');
    expect(listener.ssl_policy).toBe(HTTPS_SSL_POLICY);
    expect(listener.certificate_arn).toBe(PROPS.certificateArn);
  });

  test('rejects requests for unknown hosts by default', () => {
    const listener = resourceAt(synthLoadBalancer(), 'aws_lb_listener', 'HttpsListener');
    expect(listener.default_action).toEqual([
      {
        type: 'fixed-response',
        fixed_response: { status_code: '404', content_type: 'text/plain', message_body: 'Not found' },
      },
    ]);
  });

  test('forwards only the configured hosts to the target group', () => {
    const json = synthLoadBalancer();
    const rules = resourceList(json, 'aws_lb_listener_rule');
    expect(rules).toHaveLength(1);
    expect(rules[0].listener_arn).toBe(referenceTo(json, 'aws_lb_listener', 'HttpsListener', 'arn'));
    expect(rules[0].condition).toEqual([
      { host_header: { values: PROPS.hostnames } },
      { http_header: { http_header_name: 'X-Origin-Verify', values: PROPS.originHeader.values } },
    ]);
    expect(rules[0].action).toEqual([
      { type: 'forward', target_group_arn: referenceTo(json, 'aws_lb_target_group', 'TargetGroup', 'arn') },
    ]);
  });

  test('splits hosts so each rule keeps five condition values', () => {
    const hostnames = Array.from({ length: 7 }, (_, i) => `s${i}.legionsecurity.ai`);
    const rules = resourceList(synthLoadBalancer({ hostnames }), 'aws_lb_listener_rule');
    expect(rules.map((rule) => rule.condition[0].host_header.values)).toEqual([
      hostnames.slice(0, 3),
      hostnames.slice(3, 6),
      hostnames.slice(6),
    ]);
    expect(new Set(rules.map((rule) => rule.priority)).size).toBe(3);
    for (const rule of rules) {
      const values = rule.condition.flatMap((condition: any) => Object.values(condition).flatMap((c: any) => c.values));
      expect(values.length).toBeLessThanOrEqual(5);
    }
  });

  test('forwards nothing without the origin header', () => {
    const hostnames = Array.from({ length: 4 }, (_, i) => `s${i}.legionsecurity.ai`);
    const json = synthLoadBalancer({ hostnames, originHeader: { name: 'X-Proof', values: ['a'.repeat(32), 'b'.repeat(32)] } });
    for (const rule of resourceList(json, 'aws_lb_listener_rule')) {
      expect(rule.action[0].type).toBe('forward');
      expect(rule.condition).toContainEqual({ http_header: { http_header_name: 'X-Proof', values: ['a'.repeat(32), 'b'.repeat(32)] } });
    }
    const listener = resourceAt(json, 'aws_lb_listener', 'HttpsListener');
    expect(listener.default_action[0].type).toBe('fixed-response');
  });

  test('rejects an origin header without values', () => {
    expect(() => synthLoadBalancer({ originHeader: { name: 'X-Origin-Verify', values: [] } })).toThrow(/originHeader.values is empty/);
  });

  test('target group uses IP targets on port 80', () => {
    const synthesized = Testing.synthScope((scope) => new PublicLoadBalancer(scope, 'LoadBalancer', PROPS));
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: 'ip',
      protocol: 'HTTP',
      port: 80,
      vpc_id: PROPS.vpcId,
      health_check: expect.objectContaining({ enabled: true, path: '/health', matcher: '200-399' }),
    });
  });

  test('applies health check path, idle timeout and deletion protection settings', () => {
    const json = synthLoadBalancer({ healthCheckPath: '/ready', idleTimeoutSeconds: 120, deletionProtection: false });
    expect(resourceAt(json, 'aws_lb_target_group', 'TargetGroup').health_check.path).toBe('/ready');
    const alb = resourceAt(json, 'aws_lb', 'LoadBalancer/LoadBalancer');
    expect(alb.idle_timeout).toBe(120);
    expect(alb.enable_deletion_protection).toBe(false);
  });

  test('keeps names valid for long environment and region names', () => {
    const json = synthLoadBalancer({ nameParts: ['customer-acceptance', 'apse4', 'blue-green-candidate'] });
    const names = [
      resourceAt(json, 'aws_lb', 'LoadBalancer/LoadBalancer').name,
      resourceAt(json, 'aws_lb_target_group', 'TargetGroup').name,
    ];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_LOAD_BALANCER_NAME_LENGTH);
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
      expect(name.startsWith('internal-')).toBe(false);
    }
  });

  test('rejects an empty host list', () => {
    expect(() => synthLoadBalancer({ hostnames: [] })).toThrow(/hostnames is empty/);
  });
});
