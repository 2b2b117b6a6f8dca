import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { parseIpv4Cidr, planSubnets } from '../../lib/cidr';
import { assumeRolePolicy, policyDocument } from '../../lib/iam';

/** Properties of a {@link VpcNetwork}. */
export interface VpcNetworkProps {
  /** Prefix of the Name tags, for example `production-use1`. */
  readonly namePrefix: string;

  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;

  /**
   * Availability zones by name; the network gets one public subnet, one
   * private subnet and one NAT gateway in each, in this order.
   */
  readonly availabilityZones: readonly string[];

  /** Prefix length of each public subnet. */
  readonly publicPrefixLength: number;

  /** Prefix length of each private subnet. */
  readonly privatePrefixLength: number;

  /**
   * Days CloudWatch keeps the VPC flow logs.
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
}

/** The subnets and NAT gateway of one availability zone. */
export interface ZoneNetwork {
  readonly availabilityZone: string;
  readonly publicSubnet: Subnet;
  readonly privateSubnet: Subnet;
  readonly natGateway: NatGateway;
  readonly natAddress: Eip;
  readonly privateRouteTable: RouteTable;
}

/**
 * A VPC with a public and a private subnet in each availability zone.
 *
 * Public subnets route to an internet gateway over IPv4 and IPv6 and hold the
 * load balancer and the NAT gateways. Private subnets are IPv4-only, and each
 * sends its outbound traffic through the NAT gateway of its own zone, so one
 * zone's outage does not cut the others off and no traffic crosses zones.
 * Each NAT gateway has its own Elastic IP: those addresses are the ones third
 * parties allowlist. Flow logs record the VPC's traffic in CloudWatch Logs.
 */
export class VpcNetwork extends Construct {
  readonly vpc: Vpc;
  readonly zones: readonly ZoneNetwork[];
  readonly publicRouteTable: RouteTable;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);

    const plan = planVpcSubnets(props);

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.cidr,
      // Interface endpoints with private DNS need both DNS settings on.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      assignGeneratedIpv6CidrBlock: true,
      tags: { Name: props.namePrefix },
    });

    this.createFlowLogs(props.namePrefix, props.flowLogRetentionDays ?? 90);

    // Without explicit rules the default security group is closed; nothing may use it.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-default-closed` },
    });

    const internetGateway = new InternetGateway(this, 'InternetGateway', {
      vpcId: this.vpc.id,
      tags: { Name: props.namePrefix },
    });

    const publicRouteTable = new RouteTable(this, 'PublicRouteTable', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.namePrefix}-public` },
    });
    new Route(this, 'PublicDefaultRoute', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    this.publicRouteTable = publicRouteTable;
    new Route(this, 'PublicDefaultIpv6Route', {
      routeTableId: publicRouteTable.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: internetGateway.id,
    });

    this.zones = props.availabilityZones.map((zone, index) => {
      const suffix = zoneSuffix(zone);
      const zoneName = `${props.namePrefix}-${zone}`;

      const publicSubnet = new Subnet(this, `PublicSubnet${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.publicCidrs[index],
        // The VPC's Amazon-provided IPv6 block is a /56; each public subnet takes a /64.
        ipv6CidrBlock: Fn.cidrsubnet(this.vpc.ipv6CidrBlock, 8, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${zoneName}-public`, tier: 'public' },
      });
      new RouteTableAssociation(this, `PublicRouteTableAssociation${suffix}`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRouteTable.id,
      });

      const natAddress = new Eip(this, `NatAddress${suffix}`, {
        domain: 'vpc',
        tags: { Name: `${zoneName}-nat` },
      });
      const natGateway = new NatGateway(this, `NatGateway${suffix}`, {
        allocationId: natAddress.allocationId,
        subnetId: publicSubnet.id,
        connectivityType: 'public',
        tags: { Name: zoneName },
        // AWS requires the internet gateway before a public NAT gateway can carry traffic.
        dependsOn: [internetGateway],
      });

      const privateSubnet = new Subnet(this, `PrivateSubnet${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: plan.privateCidrs[index],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${zoneName}-private`, tier: 'private' },
      });
      const privateRouteTable = new RouteTable(this, `PrivateRouteTable${suffix}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${zoneName}-private` },
      });
      new Route(this, `PrivateDefaultRoute${suffix}`, {
        routeTableId: privateRouteTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateway.id,
      });
      new RouteTableAssociation(this, `PrivateRouteTableAssociation${suffix}`, {
        subnetId: privateSubnet.id,
        routeTableId: privateRouteTable.id,
      });

      return { availabilityZone: zone, publicSubnet, privateSubnet, natGateway, natAddress, privateRouteTable };
    });
  }

  /** Records every accepted and rejected connection of the VPC in a CloudWatch log group. */
  private createFlowLogs(namePrefix: string, retentionDays: number): void {
    const logGroup = new CloudwatchLogGroup(this, 'FlowLogGroup', {
      name: `/vpc/${namePrefix}/flow-logs`,
      retentionInDays: retentionDays,
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: `${namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: policyDocument([
        {
          Sid: 'WriteFlowLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: [logGroup.arn, `${logGroup.arn}:log-stream:*`],
        },
      ]),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${namePrefix}-flow-logs` },
    });
  }

  /** IDs of the public subnets, in availability zone order. */
  get publicSubnetIds(): string[] {
    return this.zones.map((zone) => zone.publicSubnet.id);
  }

  /** IDs of the private subnets, in availability zone order. */
  get privateSubnetIds(): string[] {
    return this.zones.map((zone) => zone.privateSubnet.id);
  }

  /** IDs of the private route tables, one per zone (gateway endpoints attach here). */
  get privateRouteTableIds(): string[] {
    return this.zones.map((zone) => zone.privateRouteTable.id);
  }

  /** Public IPv4 addresses of the NAT gateways: the region's only outbound addresses. */
  get natPublicIps(): string[] {
    return this.zones.map((zone) => zone.natAddress.publicIp);
  }
}

function planVpcSubnets(props: VpcNetworkProps) {
  const vpc = parseIpv4Cidr(props.cidr);
  if (typeof vpc === 'string') {
    throw new Error(`VpcNetwork: cidr "${props.cidr}" ${vpc}`);
  }
  const plan = planSubnets(vpc, props.availabilityZones.length, props.privatePrefixLength, props.publicPrefixLength);
  if (typeof plan === 'string') {
    throw new Error(
      `VpcNetwork: the subnet layout of ${props.cidr} ${plan}; use a larger VPC CIDR or longer subnet prefix lengths`,
    );
  }
  return plan;
}

/** `us-east-1a` becomes `A`: a stable id part that does not shift when zones are added. */
function zoneSuffix(zone: string): string {
  return (/[a-z]+$/.exec(zone)?.[0] ?? zone).toUpperCase();
}
