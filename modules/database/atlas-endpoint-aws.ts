import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * Ports of an Atlas private endpoint: Atlas maps each cluster node to its own
 * port of the endpoint's load balancer, anywhere from 1024 to 65535.
 * https://www.mongodb.com/docs/atlas/security-private-endpoint/
 */
export const ATLAS_ENDPOINT_PORTS = { from: 1024, to: 65535 } as const;

/** A security group that connects to the database. */
export interface DatabaseClient {
  /** Short name for rule ids and descriptions, for example `backend`. */
  readonly name: string;
  readonly securityGroupId: string;
}

/** Properties of an {@link AtlasEndpointAws}. */
export interface AtlasEndpointAwsProps {
  /** Prefix of the security group name and Name tag. */
  readonly namePrefix: string;

  readonly vpcId: string;

  /** Private subnets, one per zone, for the endpoint's network interfaces. */
  readonly privateSubnetIds: readonly string[];

  /** Endpoint service name that Atlas returns for the project and region. */
  readonly endpointServiceName: string;

  /** Task security groups allowed to reach the endpoint; each also gets a matching egress rule. */
  readonly clients: readonly DatabaseClient[];
}

/**
 * The AWS side of an Atlas PrivateLink connection: an interface endpoint to
 * Atlas's endpoint service, and a security group that admits the Atlas ports
 * from the listed clients only.
 *
 * It uses the AWS provider only, so the offline plan check can compose it
 * with a made-up service name. Private DNS stays off: Atlas publishes the
 * private-endpoint host names itself.
 */
export class AtlasEndpointAws extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: AtlasEndpointAwsProps) {
    super(scope, id);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      namePrefix: `${props.namePrefix}-atlas-`,
      description: 'Atlas PrivateLink endpoint: database ports from the services only',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-atlas` },
      lifecycle: { createBeforeDestroy: true },
    });

    for (const client of props.clients) {
      new VpcSecurityGroupIngressRule(this, `IngressFrom-${client.name}`, {
        securityGroupId: this.securityGroup.id,
        description: `Atlas ports from the ${client.name} tasks`,
        ipProtocol: 'tcp',
        fromPort: ATLAS_ENDPOINT_PORTS.from,
        toPort: ATLAS_ENDPOINT_PORTS.to,
        referencedSecurityGroupId: client.securityGroupId,
      });
      new VpcSecurityGroupEgressRule(this, `EgressFrom-${client.name}`, {
        securityGroupId: client.securityGroupId,
        description: 'Atlas ports to the Atlas PrivateLink endpoint',
        ipProtocol: 'tcp',
        fromPort: ATLAS_ENDPOINT_PORTS.from,
        toPort: ATLAS_ENDPOINT_PORTS.to,
        referencedSecurityGroupId: this.securityGroup.id,
      });
    }

    this.endpoint = new VpcEndpoint(this, 'Endpoint', {
      vpcId: props.vpcId,
      serviceName: props.endpointServiceName,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: false,
      subnetIds: [...props.privateSubnetIds],
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: `${props.namePrefix}-atlas` },
    });
  }
}
