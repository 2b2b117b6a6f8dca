import { Construct } from 'constructs';
import { TerraformIterator } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { boundedName } from '../../lib/naming';
import { exempt } from '../../policy/exemptions';

/**
 * TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward-secret ciphers only.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const HTTPS_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * An ALB rule has at most five condition values in total.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const MAX_CONDITION_VALUES_PER_RULE = 5;

/**
 * Origin proof values a forwarding rule accepts at once: the current secret
 * and, during a rotation, the previous one.
 */
export const MAX_ORIGIN_SECRETS = 2;

/** Host names per forwarding rule: the condition values the origin proof leaves free. */
export const MAX_HOSTS_PER_RULE = MAX_CONDITION_VALUES_PER_RULE - MAX_ORIGIN_SECRETS;

/** A request header whose value proves that a request came through Cloudflare. */
export interface OriginHeader {
  /** Header name, for example `X-Origin-Verify`. */
  readonly name: string;

  /**
   * Accepted values: one or two secrets. Usually a reference to a sensitive
   * Terraform variable, so the values never appear in code or configuration.
   */
  readonly values: readonly string[];
}

/** Maximum length of load balancer and target group names (Elastic Load Balancing API). */
export const MAX_LOAD_BALANCER_NAME_LENGTH = 32;

/** First priority of the host forwarding rules; lower numbers stay free for rules that must run first. */
export const FORWARD_RULE_FIRST_PRIORITY = 100;

/** Properties of a {@link PublicLoadBalancer}. */
export interface PublicLoadBalancerProps {
  /** Name parts, joined into names of at most 32 characters: for example `["production", "use1"]`. */
  readonly nameParts: readonly string[];

  readonly vpcId: string;

  /** IPv4 CIDR of the VPC; the ALB sends to targets only inside it. */
  readonly vpcCidr: string;

  /** Public subnets, one per availability zone; the ALB gets a node in each. */
  readonly publicSubnetIds: readonly string[];

  /** IPv4 ranges allowed to reach ports 80 and 443 (Cloudflare's published list). */
  readonly allowedIpv4Cidrs: readonly string[];

  /** IPv6 ranges allowed to reach ports 80 and 443 (Cloudflare's published list). */
  readonly allowedIpv6Cidrs: readonly string[];

  /** Validated certificate presented on port 443. */
  readonly certificateArn: string;

  /** Host names forwarded to the target group; every other host is rejected. */
  readonly hostnames: readonly string[];

  /**
   * Header every forwarded request must carry. Cloudflare adds it on the way
   * to the origin, so a request sent from Cloudflare's ranges by anyone else,
   * without the secret, gets a 404 and never reaches a target.
   */
  readonly originHeader: OriginHeader;

  /** Bucket and key prefix of the ALB's access logs. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };

  /**
   * Port the targets receive HTTP on: the target group's port and the only port the ALB sends to.
   * @default 80
   */
  readonly targetPort?: number;

  /**
   * Whether AWS refuses to delete the load balancer.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Idle connection timeout in seconds.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;

  /**
   * Path of the target group's health check.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
}

/**
 * An internet-facing, dual-stack application load balancer that only accepts
 * connections from the given ranges and only forwards the given hosts.
 *
 * - Port 80 responds to every request with a permanent redirect to HTTPS.
 * - Port 443 presents the certificate and forwards a request to the target
 *   group only when its Host header is one of `hostnames` and it carries the
 *   origin header with an accepted value. Any other request gets 404 from the
 *   listener itself.
 * - The security group has no inline rules: each allowed range and port is a
 *   separate ingress rule, so a change to the list shows up rule by rule in a plan.
 */
export class PublicLoadBalancer extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpListener: LbListener;
  readonly httpsListener: LbListener;
  readonly forwardRules: readonly LbListenerRule[];

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);

    if (props.hostnames.length === 0) {
      throw new Error('PublicLoadBalancer: hostnames is empty; list at least one host name to forward');
    }
    if (props.originHeader.values.length === 0) {
      throw new Error('PublicLoadBalancer: originHeader.values is empty; give the secret Cloudflare sends');
    }
    const name = boundedName(props.nameParts, MAX_LOAD_BALANCER_NAME_LENGTH);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      // A prefix lets a replacement exist beside the old group while the ALB moves over.
      namePrefix: `${name}-alb-`,
      description: 'Internet-facing ALB: HTTP and HTTPS from Cloudflare only',
      vpcId: props.vpcId,
      tags: { Name: `${name}-alb` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.allowFrom('Ipv4', props.allowedIpv4Cidrs, 'cidrIpv4');
    this.allowFrom('Ipv6', props.allowedIpv6Cidrs, 'cidrIpv6');
    const targetPort = props.targetPort ?? 80;
    new VpcSecurityGroupEgressRule(this, 'EgressToTargets', {
      securityGroupId: this.securityGroup.id,
      description: `HTTP on port ${targetPort} to targets inside the VPC`,
      ipProtocol: 'tcp',
      fromPort: targetPort,
      toPort: targetPort,
      cidrIpv4: props.vpcCidr,
    });

    this.loadBalancer = new Lb(this, 'LoadBalancer', {
      name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'dualstack',
      subnets: [...props.publicSubnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      accessLogs: { enabled: true, bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix },
      enableDeletionProtection: props.deletionProtection ?? true,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableHttp2: true,
      tags: { Name: name },
    });

    // NOTE: a change that replaces the target group (port, protocol, target type, VPC)
    // fails while a listener rule still uses the old one. Make such a change under a new construct id.
    if (props.deletionProtection === false) {
      exempt(this.loadBalancer, 'ALB_DELETION_PROTECTION', 'the configuration sets loadBalancer.deletionProtection: false');
    }

    this.targetGroup = new LbTargetGroup(this, 'TargetGroup', {
      name,
      // Fargate tasks use awsvpc networking, so targets register by IP address.
      targetType: 'ip',
      protocol: 'HTTP',
      port: targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: props.healthCheckPath ?? '/health',
        matcher: '200-399',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: name },
    });

    this.httpListener = new LbListener(this, 'HttpListener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
        },
      ],
    });

    this.httpsListener = new LbListener(this, 'HttpsListener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: HTTPS_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [
        {
          type: 'fixed-response',
          fixedResponse: { statusCode: '404', contentType: 'text/plain', messageBody: 'Not found' },
        },
      ],
    });

    this.forwardRules = chunk(props.hostnames, MAX_HOSTS_PER_RULE).map(
      (hosts, index) =>
        new LbListenerRule(this, `ForwardRule${index}`, {
          listenerArn: this.httpsListener.arn,
          priority: FORWARD_RULE_FIRST_PRIORITY + index,
          condition: [
            { hostHeader: { values: hosts } },
            { httpHeader: { httpHeaderName: props.originHeader.name, values: [...props.originHeader.values] } },
          ],
          action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
          tags: { Name: `${name}-forward-${index}` },
        }),
    );
  }

  /** Creates one ingress rule per range for each of ports 80 and 443. */
  private allowFrom(family: 'Ipv4' | 'Ipv6', cidrs: readonly string[], attribute: 'cidrIpv4' | 'cidrIpv6'): void {
    for (const port of [80, 443]) {
      // for_each keeps each range a separate rule that Terraform adds or removes on its own.
      const ranges = TerraformIterator.fromList([...cidrs]);
      new VpcSecurityGroupIngressRule(this, `Ingress${family}Port${port}`, {
        forEach: ranges,
        securityGroupId: this.securityGroup.id,
        description: `${port === 80 ? 'HTTP' : 'HTTPS'} from Cloudflare ${family === 'Ipv4' ? 'IPv4' : 'IPv6'} range`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        [attribute]: ranges.value,
      });
    }
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
