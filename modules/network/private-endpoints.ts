import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * AWS services the tasks call over HTTPS through interface endpoints, by
 * endpoint service suffix (`com.amazonaws.<region>.<suffix>`).
 */
export const HTTPS_ENDPOINT_SERVICES: Readonly<Record<string, string>> = {
  Sqs: 'sqs',
  SecretsManager: 'secretsmanager',
  EcrApi: 'ecr.api',
  EcrDocker: 'ecr.dkr',
  Logs: 'logs',
  Sts: 'sts',
  Kms: 'kms',
};

/** Services that SSM Session Manager needs on instances, added where the region runs instances. */
export const SESSION_MANAGER_ENDPOINT_SERVICES: Readonly<Record<string, string>> = {
  Ssm: 'ssm',
  SsmMessages: 'ssmmessages',
  Ec2Messages: 'ec2messages',
};

/**
 * SES SMTP endpoint service suffix. SES offers its SMTP interface in every
 * region where it sends mail; the tasks send through it on a submission port.
 * https://docs.aws.amazon.com/ses/latest/dg/send-email-set-up-vpc-endpoints.html
 */
export const SES_SMTP_ENDPOINT_SERVICE = 'email-smtp';

/** Ports the SES SMTP interface listens on: STARTTLS 587 and 2587, TLS wrapper 465 and 2465. */
export const SES_SMTP_PORTS: readonly number[] = [587, 465, 2587, 2465];

/** Properties of a {@link PrivateEndpoints}. */
export interface PrivateEndpointsProps {
  /** Prefix of the Name tags and security group names. */
  readonly namePrefix: string;

  readonly region: string;
  readonly vpcId: string;

  /** IPv4 CIDR of the VPC: the only source the endpoints admit. */
  readonly vpcCidr: string;

  /** Private subnets, one per zone; each interface endpoint gets a network interface in each. */
  readonly privateSubnetIds: readonly string[];

  /** Private route tables that get a route to the S3 gateway endpoint. */
  readonly privateRouteTableIds: readonly string[];

  /**
   * Public route tables that also get the S3 route, so an instance in a public
   * subnet reaches S3 before it has a public address.
   * @default - none
   */
  readonly publicRouteTableIds?: readonly string[];

  /**
   * Whether EC2 instances in the VPC are administered through Session Manager,
   * which needs the SSM endpoints.
   * @default false
   */
  readonly sessionManager?: boolean;
}

/**
 * VPC endpoints that keep the tasks' calls to AWS services off the internet.
 *
 * S3 is reached through a gateway endpoint on the private route tables. Every
 * other service the tasks use has an interface endpoint with private DNS in
 * the private subnets, so the usual service host names resolve to addresses
 * inside the VPC and SDKs need no configuration. The endpoints' security
 * groups admit HTTPS, or the SMTP ports for SES, from inside the VPC only.
 * Anything else leaves through the NAT gateway of the caller's zone.
 */
export class PrivateEndpoints extends Construct {
  readonly s3Gateway: VpcEndpoint;
  readonly httpsSecurityGroup: SecurityGroup;
  readonly smtpSecurityGroup: SecurityGroup;
  readonly interfaceEndpoints: ReadonlyMap<string, VpcEndpoint>;

  constructor(scope: Construct, id: string, props: PrivateEndpointsProps) {
    super(scope, id);

    this.s3Gateway = new VpcEndpoint(this, 'S3Gateway', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.privateRouteTableIds, ...(props.publicRouteTableIds ?? [])],
      tags: { Name: `${props.namePrefix}-s3` },
    });

    this.httpsSecurityGroup = this.endpointSecurityGroup(
      'HttpsSecurityGroup',
      `${props.namePrefix}-endpoints-https-`,
      'Interface endpoints: HTTPS from inside the VPC',
      [443],
      props,
    );
    this.smtpSecurityGroup = this.endpointSecurityGroup(
      'SmtpSecurityGroup',
      `${props.namePrefix}-endpoints-smtp-`,
      'SES SMTP endpoint: submission ports from inside the VPC',
      SES_SMTP_PORTS,
      props,
    );

    const endpoints = new Map<string, VpcEndpoint>();
    const httpsServices = {
      ...HTTPS_ENDPOINT_SERVICES,
      ...(props.sessionManager ? SESSION_MANAGER_ENDPOINT_SERVICES : {}),
    };
    for (const [endpointId, service] of Object.entries(httpsServices)) {
      endpoints.set(service, this.interfaceEndpoint(endpointId, service, this.httpsSecurityGroup, props));
    }
    endpoints.set(
      SES_SMTP_ENDPOINT_SERVICE,
      this.interfaceEndpoint('SesSmtp', SES_SMTP_ENDPOINT_SERVICE, this.smtpSecurityGroup, props),
    );
    this.interfaceEndpoints = endpoints;
  }

  private endpointSecurityGroup(
    id: string,
    namePrefix: string,
    description: string,
    ports: readonly number[],
    props: PrivateEndpointsProps,
  ): SecurityGroup {
    // No egress rules: endpoints only accept connections, and Terraform removes AWS's default allow-all egress.
    const group = new SecurityGroup(this, id, {
      namePrefix,
      description,
      vpcId: props.vpcId,
      tags: { Name: namePrefix.replace(/-$/, '') },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const port of ports) {
      new VpcSecurityGroupIngressRule(this, `${id}Port${port}`, {
        securityGroupId: group.id,
        description: `Port ${port} from inside the VPC`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: props.vpcCidr,
      });
    }
    return group;
  }

  private interfaceEndpoint(
    id: string,
    service: string,
    securityGroup: SecurityGroup,
    props: PrivateEndpointsProps,
  ): VpcEndpoint {
    return new VpcEndpoint(this, id, {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.${service}`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: [...props.privateSubnetIds],
      securityGroupIds: [securityGroup.id],
      tags: { Name: `${props.namePrefix}-${service}` },
    });
  }
}
