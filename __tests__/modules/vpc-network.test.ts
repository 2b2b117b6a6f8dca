import { Testing } from 'cdktf';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcNetwork, VpcNetworkProps } from '../../modules/network/vpc-network';
import { referenceTo, resourceAt, resourceList, synthConstructs } from '../support/synth';

const PROPS: VpcNetworkProps = {
  namePrefix: 'production-use1',
  cidr: '10.10.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicPrefixLength: 24,
  privatePrefixLength: 20,
};

function synthNetwork(props: VpcNetworkProps = PROPS) {
  return synthConstructs((scope) => new VpcNetwork(scope, 'Network', props));
}

describe('VpcNetwork', () => {
  test('creates the VPC with DNS support and an IPv6 block', () => {
    const synthesized = Testing.synthScope((scope) => new VpcNetwork(scope, 'Network', PROPS));
    expect(synthesized).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.10.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
      assign_generated_ipv6_cidr_block: true,
    });
  });

  test('creates one public and one private subnet per zone', () => {
    const json = synthNetwork();
    const subnets = resourceList(json, 'aws_subnet');
    expect(subnets).toHaveLength(6);

    for (const zone of PROPS.availabilityZones) {
      const inZone = subnets.filter((subnet) => subnet.availability_zone === zone);
      expect(inZone.map((subnet) => subnet.tags.tier).sort()).toEqual(['private', 'public']);
    }
  });

  test('assigns the planned CIDRs by zone', () => {
    const json = synthNetwork();
    expect(resourceAt(json, 'aws_subnet', 'PrivateSubnetB').cidr_block).toBe('10.10.16.0/20');
    expect(resourceAt(json, 'aws_subnet', 'PublicSubnetC').cidr_block).toBe('10.10.50.0/24');
  });

  test('gives only public subnets an IPv6 block', () => {
    const json = synthNetwork();
    expect(resourceAt(json, 'aws_subnet', 'PublicSubnetA').ipv6_cidr_block).toContain('cidrsubnet(');
    expect(resourceAt(json, 'aws_subnet', 'PrivateSubnetA').ipv6_cidr_block).toBeUndefined();
  });

  test('never assigns public IPs on launch', () => {
    for (const subnet of resourceList(synthNetwork(), 'aws_subnet')) {
      expect(subnet.map_public_ip_on_launch).toBe(false);
    }
  });

  test('puts a NAT gateway with its own Elastic IP in each public subnet', () => {
    const json = synthNetwork();
    expect(resourceList(json, 'aws_eip')).toHaveLength(3);
    expect(resourceList(json, 'aws_nat_gateway')).toHaveLength(3);

    for (const suffix of ['A', 'B', 'C']) {
      const nat = resourceAt(json, 'aws_nat_gateway', `NatGateway${suffix}`);
      expect(nat.subnet_id).toBe(referenceTo(json, 'aws_subnet', `PublicSubnet${suffix}`, 'id'));
      expect(nat.allocation_id).toBe(referenceTo(json, 'aws_eip', `NatAddress${suffix}`, 'allocation_id'));
      expect(nat.connectivity_type).toBe('public');
    }
  });

  test('routes each private subnet through the NAT gateway of its zone', () => {
    const json = synthNetwork();
    for (const suffix of ['A', 'B', 'C']) {
      const route = resourceAt(json, 'aws_route', `PrivateDefaultRoute${suffix}`);
      expect(route.destination_cidr_block).toBe('0.0.0.0/0');
      expect(route.nat_gateway_id).toBe(referenceTo(json, 'aws_nat_gateway', `NatGateway${suffix}`, 'id'));
      expect(route.route_table_id).toBe(referenceTo(json, 'aws_route_table', `PrivateRouteTable${suffix}`, 'id'));

      const association = resourceAt(json, 'aws_route_table_association', `PrivateRouteTableAssociation${suffix}`);
      expect(association.subnet_id).toBe(referenceTo(json, 'aws_subnet', `PrivateSubnet${suffix}`, 'id'));
      expect(association.route_table_id).toBe(route.route_table_id);
    }
  });

  test('routes public subnets to the internet gateway over IPv4 and IPv6', () => {
    const json = synthNetwork();
    const gateway = referenceTo(json, 'aws_internet_gateway', 'InternetGateway', 'id');
    expect(resourceAt(json, 'aws_route', 'PublicDefaultRoute')).toMatchObject({
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: gateway,
    });
    expect(resourceAt(json, 'aws_route', 'PublicDefaultIpv6Route')).toMatchObject({
      destination_ipv6_cidr_block: '::/0',
      gateway_id: gateway,
    });
  });

  test('closes the default security group', () => {
    const synthesized = Testing.synthScope((scope) => new VpcNetwork(scope, 'Network', PROPS));
    expect(synthesized).toHaveResource(DefaultSecurityGroup);
    const group = resourceList(JSON.parse(synthesized), 'aws_default_security_group')[0];
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  test('keeps resource ids of existing zones when a zone is added', () => {
    const before = Object.keys(synthNetwork().resource!.aws_subnet);
    const after = Object.keys(
      synthNetwork({ ...PROPS, availabilityZones: [...PROPS.availabilityZones, 'us-east-1d'] }).resource!.aws_subnet,
    );
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(8);
  });

  test('rejects a layout that does not fit', () => {
    expect(() => synthNetwork({ ...PROPS, cidr: '10.10.0.0/22' })).toThrow(
      /VpcNetwork: the subnet layout of 10.10.0.0\/22 needs 13056 addresses/,
    );
  });
});
