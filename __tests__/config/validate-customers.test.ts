import { validateEnvironment } from '../../config/validate';
import { issuesAfter } from '../support/issues';
import { testConfig } from '../support/synth';

describe('customer configuration', () => {
  const invalidCases: [string, (config: any) => void, string, string][] = [
    [
      'unknown region',
      (c) => (c.customers[0].region = 'us-west-2'),
      'customers[0].region',
      '"us-west-2" is not one of the configured regions (us-east-1, eu-central-1); use one of them, or add the region first',
    ],
    [
      'customer CIDR overlapping the VPC',
      (c) => (c.customers[0].vpn.customerCidrs = ['10.10.128.0/20']),
      'customers[0].vpn.customerCidrs[0]',
      '"10.10.128.0/20" overlaps the region\'s VPC 10.10.0.0/16, so its traffic could not be routed into the tunnel; ' +
        'ask the customer for a translated (NAT) range or move the VPC',
    ],
    [
      'duplicate name',
      (c) => (c.customers[1].name = 'acme'),
      'customers[1].name',
      '"acme" is already used by customers[0]; give each customer its own name',
    ],
    [
      'destination outside the customer networks',
      (c) => (c.customers[0].destinations[2].cidr = '10.70.1.0/24'),
      'customers[0].destinations[2].cidr',
      '"10.70.1.0/24" is outside the customer\'s networks (10.60.0.0/16); the proxy reaches only hosts behind the ' +
        'tunnel, so add the network to vpn.customerCidrs or fix the destination',
    ],
    [
      'unsupported VPN type',
      (c) => (c.customers[1].vpn.type = 'openvpn'),
      'customers[1].vpn.type',
      '"openvpn" is not a supported VPN type; use "wireguard" or "ipsec" (IKEv2 with a pre-shared key)',
    ],
    [
      'name that is not a DNS label',
      (c) => (c.customers[0].name = 'Acme Corp'),
      'customers[0].name',
      '"Acme Corp" is not a valid customer name; use 1 to 20 lowercase letters, digits and hyphens, starting and ending ' +
        'with a letter or digit, for example "acme"',
    ],
    [
      'IPsec peer given by host name',
      (c) => (c.customers[1].vpn.peerAddress = 'vpn.globex.example'),
      'customers[1].vpn.peerAddress',
      '"vpn.globex.example" is not the IPv4 address of the customer\'s VPN gateway',
    ],
    [
      'tunnel address that is not a single address',
      (c) => (c.customers[0].vpn.tunnelAddress = '172.31.250.0/24'),
      'customers[0].vpn.tunnelAddress',
      '"172.31.250.0/24" is not the proxy\'s tunnel address; use one address as a /32, for example "172.31.250.2/32"',
    ],
    [
      'destination with both host and CIDR',
      (c) => (c.customers[0].destinations[0].cidr = '10.60.1.0/24'),
      'customers[0].destinations[0]',
      'must set exactly one of host and cidr',
    ],
    [
      'destination without ports',
      (c) => (c.customers[1].destinations[0].ports = []),
      'customers[1].destinations[0].ports',
      'must list TCP ports from 1 to 65535, for example [443]; got []',
    ],
    [
      'DNS server outside the customer networks',
      (c) => (c.customers[0].dnsServers = ['8.8.8.8']),
      'customers[0].dnsServers[0]',
      '"8.8.8.8" is outside the customer\'s networks; the proxy can reach DNS servers behind the tunnel only',
    ],
    [
      'setting of the other VPN type',
      (c) => (c.customers[1].vpn.peerPort = 4500),
      'customers[1].vpn.peerPort',
      'is not a known setting; the settings here are type, peerAddress, customerCidrs',
    ],
    [
      'instance type with a space',
      (c) => (c.customers[0].instanceType = 't3 small'),
      'customers[0].instanceType',
      '"t3 small" is not an EC2 instance type; use a name such as "t3.small"',
    ],
  ];

  test('rejects an Arm instance type', () => {
    expect(issuesAfter((c) => (c.customers[0].instanceType = 't4g.small'))).toEqual([
      {
        path: 'customers[0].instanceType',
        message: '"t4g.small" is an Arm (Graviton) type, but the proxy image is x86_64; use an x86 type such as "t3.small"',
      },
    ]);
  });

  test.each(invalidCases)('rejects %s', (_name, change, path, message) => {
    expect(issuesAfter(change)).toEqual([{ path, message }]);
  });

  test('accepts an environment without customers', () => {
    const config = testConfig();
    delete config.customers;
    expect(validateEnvironment(config).customers).toBeUndefined();
  });
});
