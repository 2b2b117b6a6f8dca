import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule, VpcSecurityGroupEgressRuleConfig } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { CustomerConfig } from '../../config/types';
import { CUSTOMER_DEFAULTS } from '../../config/validate-customers';
import { assumeRolePolicy, policyDocument } from '../../lib/iam';
import { exempt } from '../../policy/exemptions';
import { renderUserData } from './user-data';

/** A task security group that may use the proxy. */
export interface ProxyClient {
  /** Short name for rule ids and descriptions, for example `worker`. */
  readonly name: string;
  readonly securityGroupId: string;
}

/** Properties of a {@link CustomerProxy}. */
export interface CustomerProxyProps {
  readonly customer: CustomerConfig;

  /** Environment name, for resource names and the secret name. */
  readonly environment: string;

  /** Prefix of resource names, for example `production-use1`. */
  readonly namePrefix: string;

  readonly region: string;
  readonly vpcId: string;
  readonly vpcCidr: string;

  /** Subnet of the instance: private, or public when the customer needs a fixed source address. */
  readonly subnetId: string;

  /** Image of the instance: Amazon Linux 2023 for x86_64. */
  readonly imageId: string;

  /** KMS key that encrypts the customer's secret. */
  readonly secretsKeyArn: string;

  /** Task security groups that may use the proxy: the worker's and the poller's. */
  readonly clients: readonly ProxyClient[];

  /** Prefix list of the S3 gateway endpoint, through which the instance installs packages. */
  readonly s3PrefixListId: string;

  /** Private hosted zone of the proxies' names. */
  readonly dnsZoneId: string;

  /** Stable DNS name of this proxy, for example `acme.proxies.production.internal`. */
  readonly dnsName: string;

  /** IKE identity of the proxy for IPsec, agreed with the customer. */
  readonly ipsecLocalId: string;
}

/** Placeholders that stand for Terraform references while the user data is escaped. */
const SECRET_PLACEHOLDER = '@@CUSTOMER_SECRET_ARN@@';
const LOG_GROUP_PLACEHOLDER = '@@CUSTOMER_LOG_GROUP@@';

/**
 * A dedicated EC2 proxy for one customer: it keeps a VPN tunnel to the
 * customer's network up and forwards HTTP(S) from the worker and poller to
 * the configured destinations only.
 *
 * - The instance runs Amazon Linux 2023 in a private subnet, or in a public
 *   subnet with an Elastic IP of its own when the customer must allowlist a
 *   fixed source address. IMDSv2 is required, the root volume is encrypted,
 *   and it has no SSH key: administration goes through SSM Session Manager.
 * - Its role may read only this customer's secret, register with SSM and write
 *   to its own log group. The VPN credentials stay in that secret, whose value
 *   is set out of band, and are read at each VPN start.
 * - Its security group admits the proxy port from the clients only, and sends
 *   only to the VPN peer on the VPN's ports, to the destinations, to AWS
 *   endpoints in the VPC, and to S3 for packages.
 * - CloudWatch alarms recover the instance on a failed system status check,
 *   which keeps its private IP and Elastic IP, and reboot it on a failed
 *   instance status check.
 * - A private DNS record gives it a stable name, so the services keep their
 *   configuration when the instance is replaced.
 */
export class CustomerProxy extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly securityGroup: SecurityGroup;
  readonly instance: Instance;
  readonly address?: Eip;
  readonly dnsRecord: Route53Record;

  constructor(scope: Construct, id: string, props: CustomerProxyProps) {
    super(scope, id);

    const customer = props.customer;
    const name = `${props.namePrefix}-proxy-${customer.name}`;

    this.secret = new SecretsmanagerSecret(this, 'VpnSecret', {
      name: `${props.environment}/customers/${customer.name}/vpn`,
      description: `VPN credentials of ${customer.name}; value set out of band, never by Terraform`,
      kmsKeyId: props.secretsKeyArn,
      recoveryWindowInDays: 30,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/proxy/${props.environment}/${customer.name}`,
      retentionInDays: 90,
    });

    this.role = new IamRole(this, 'Role', {
      name: name,
      description: `Proxy instance of ${customer.name}`,
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
    });
    new IamRolePolicy(this, 'RolePolicy', {
      name: 'proxy',
      role: this.role.id,
      policy: policyDocument([
        { Sid: 'ReadVpnSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: this.secret.arn },
        {
          Sid: 'DecryptVpnSecret',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.secretsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
        },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:log-stream:*`],
        },
        {
          // Session Manager's agent actions accept no resource other than "*".
          Sid: 'SessionManager',
          Effect: 'Allow',
          Action: [
            'ec2messages:AcknowledgeMessage',
            'ec2messages:DeleteMessage',
            'ec2messages:FailMessage',
            'ec2messages:GetEndpoint',
            'ec2messages:GetMessages',
            'ec2messages:SendReply',
            'ssm:UpdateInstanceInformation',
            'ssmmessages:CreateControlChannel',
            'ssmmessages:CreateDataChannel',
            'ssmmessages:OpenControlChannel',
            'ssmmessages:OpenDataChannel',
          ],
          Resource: '*',
        },
      ]),
    });
    const profile = new IamInstanceProfile(this, 'InstanceProfile', { name, role: this.role.name });

    this.securityGroup = this.createSecurityGroup(name, props);

    this.instance = new Instance(this, 'Instance', {
      ami: props.imageId,
      instanceType: customer.instanceType ?? CUSTOMER_DEFAULTS.instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: 'gp3', volumeSize: 20, deleteOnTermination: true },
      maintenanceOptions: { autoRecovery: 'default' },
      userData: userDataFor(props, this.secret.arn, this.logGroup.name),
      // A changed VPN or allow-list takes effect on a new instance, which boots with the new user data.
      userDataReplaceOnChange: true,
      tags: { Name: name, customer: customer.name, vpn: customer.vpn.type, 'vpn-peer': vpnPeer(customer) },
      // A newer image would replace the proxy at an unplanned time; replace it on purpose instead.
      lifecycle: { ignoreChanges: ['ami'] },
    });

    if (customer.fixedSourceAddress) {
      this.address = new Eip(this, 'Address', { domain: 'vpc', tags: { Name: name, customer: customer.name } });
      const association = new EipAssociation(this, 'AddressAssociation', {
        allocationId: this.address.allocationId,
        instanceId: this.instance.id,
      });
      exempt(
        association,
        'EC2_NO_PUBLIC_IP',
        `customers entry "${customer.name}" sets fixedSourceAddress: the customer allowlists this address`,
      );
    }

    this.createRecoveryAlarms(name, props.region);

    this.dnsRecord = new Route53Record(this, 'DnsRecord', {
      zoneId: props.dnsZoneId,
      name: props.dnsName,
      type: 'A',
      ttl: 60,
      records: [this.instance.privateIp],
    });
  }

  /** URL the services use: the stable DNS name and the proxy port. */
  static urlOf(dnsName: string): string {
    return `http://${dnsName}:${CUSTOMER_DEFAULTS.proxyPort}`;
  }

  private createSecurityGroup(name: string, props: CustomerProxyProps): SecurityGroup {
    const group = new SecurityGroup(this, 'SecurityGroup', {
      namePrefix: `${name}-`,
      description: `Proxy of ${props.customer.name}: proxy port from the worker and poller only`,
      vpcId: props.vpcId,
      tags: { Name: name },
      lifecycle: { createBeforeDestroy: true },
    });
    const port = CUSTOMER_DEFAULTS.proxyPort;

    for (const client of props.clients) {
      new VpcSecurityGroupIngressRule(this, `IngressFrom-${client.name}`, {
        securityGroupId: group.id,
        description: `Proxy port from the ${client.name} tasks`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: client.securityGroupId,
      });
      new VpcSecurityGroupEgressRule(this, `EgressFrom-${client.name}`, {
        securityGroupId: client.securityGroupId,
        description: `Proxy port of the ${props.customer.name} proxy`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: group.id,
      });
    }

    for (const [ruleId, rule] of egressRules(props)) {
      new VpcSecurityGroupEgressRule(this, ruleId, { ...rule, securityGroupId: group.id });
    }
    return group;
  }

  private createRecoveryAlarms(name: string, region: string): void {
    const alarms: [string, string, string, number][] = [
      ['RecoverAlarm', 'StatusCheckFailed_System', 'recover', 2],
      ['RebootAlarm', 'StatusCheckFailed_Instance', 'reboot', 3],
    ];
    for (const [alarmId, metricName, action, periods] of alarms) {
      new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${name}-${action}`,
        alarmDescription: `${action} the proxy instance when ${metricName} fails`,
        namespace: 'AWS/EC2',
        metricName,
        dimensions: { InstanceId: this.instance.id },
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: periods,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        alarmActions: [`arn:aws:automate:${region}:ec2:${action}`],
      });
    }
  }
}

/** Returns the customer's VPN peer as the customer gave it: a host name or an address. */
function vpnPeer(customer: CustomerConfig): string {
  return customer.vpn.type === 'wireguard' ? customer.vpn.peerEndpoint : customer.vpn.peerAddress;
}

type EgressRule = Omit<VpcSecurityGroupEgressRuleConfig, 'securityGroupId'>;

/** Returns the proxy's egress rules by construct id. */
function egressRules(props: CustomerProxyProps): [string, EgressRule][] {
  const vpn = props.customer.vpn;
  const rules: [string, EgressRule][] = [
    [
      'EgressToEndpoints',
      { description: 'HTTPS to AWS endpoints in the VPC', ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: props.vpcCidr },
    ],
    [
      'EgressToS3',
      { description: 'HTTPS to S3 for packages', ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: props.s3PrefixListId },
    ],
  ];

  if (vpn.type === 'wireguard') {
    const port = vpn.peerPort ?? CUSTOMER_DEFAULTS.wireGuardPort;
    // NOTE: a peer given by host name cannot be resolved at synth time, so the rule allows the port to any address.
    const peer = /^\d+\.\d+\.\d+\.\d+$/.test(vpn.peerEndpoint) ? `${vpn.peerEndpoint}/32` : '0.0.0.0/0';
    rules.push(['EgressWireGuard', { description: 'WireGuard to the customer peer', ipProtocol: 'udp', fromPort: port, toPort: port, cidrIpv4: peer }]);
  } else {
    const peer = `${vpn.peerAddress}/32`;
    rules.push(
      ['EgressIke', { description: 'IKE to the customer gateway', ipProtocol: 'udp', fromPort: 500, toPort: 500, cidrIpv4: peer }],
      ['EgressIpsecNatT', { description: 'IPsec NAT traversal to the customer gateway', ipProtocol: 'udp', fromPort: 4500, toPort: 4500, cidrIpv4: peer }],
      ['EgressEsp', { description: 'ESP to the customer gateway', ipProtocol: '50', cidrIpv4: peer }],
    );
  }

  props.customer.destinations.forEach((destination, index) => {
    const networks = destination.cidr ? [destination.cidr] : vpn.customerCidrs;
    networks.forEach((network, networkIndex) => {
      for (const port of destination.ports) {
        rules.push([
          `EgressDestination${index}-${networkIndex}-${port}`,
          {
            description: `Destination ${destination.host ?? destination.cidr} port ${port}`,
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            cidrIpv4: network,
          },
        ]);
      }
    });
  });

  for (const [index, server] of (props.customer.dnsServers ?? []).entries()) {
    for (const protocol of ['udp', 'tcp']) {
      rules.push([
        `EgressDns${index}-${protocol}`,
        { description: `DNS to the customer resolver ${server}`, ipProtocol: protocol, fromPort: 53, toPort: 53, cidrIpv4: `${server}/32` },
      ]);
    }
  }
  return rules;
}

/**
 * Renders the user data and escapes it for Terraform, whose strings treat
 * `${` and `%{` as template syntax, then puts the resource references in.
 */
function userDataFor(props: CustomerProxyProps, secretArn: string, logGroupName: string): string {
  const script = renderUserData({
    customer: props.customer,
    region: props.region,
    secretId: SECRET_PLACEHOLDER,
    logGroupName: LOG_GROUP_PLACEHOLDER,
    vpcCidr: props.vpcCidr,
    ipsecLocalId: props.ipsecLocalId,
    proxyPort: CUSTOMER_DEFAULTS.proxyPort,
  });
  return script
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
    .split(SECRET_PLACEHOLDER)
    .join(secretArn)
    .split(LOG_GROUP_PLACEHOLDER)
    .join(logGroupName);
}
