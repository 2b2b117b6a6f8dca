import { Ipv4Cidr, cidrContains, cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr } from '../lib/cidr';
import { DNS_LABEL, IssueList, checkInteger, checkKnownKeys, describe, isRecord } from './checks';

/** Defaults of the customer proxy settings. */
export const CUSTOMER_DEFAULTS = {
  instanceType: 't3.small',
  wireGuardPort: 51820,
  proxyPort: 3128,
} as const;

/** Maximum length of a customer name, which goes into IAM role and security group names with the environment and region. */
export const MAX_CUSTOMER_NAME_LENGTH = 20;

/** VPN types the proxy image can run. */
export const VPN_TYPES = ['wireguard', 'ipsec'] as const;

const CUSTOMER_KEYS = ['name', 'region', 'vpn', 'destinations', 'dnsServers', 'instanceType', 'fixedSourceAddress'];
const WIREGUARD_KEYS = ['type', 'peerEndpoint', 'peerPort', 'tunnelAddress', 'customerCidrs'];
const IPSEC_KEYS = ['type', 'peerAddress', 'customerCidrs'];
const DESTINATION_KEYS = ['host', 'cidr', 'ports'];
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Graviton families carry a "g" after the generation digit: t4g, m7g, c7gn. */
const ARM_INSTANCE_FAMILY = /^[a-z]+\d+g[a-z]*\./;

/**
 * Checks `customers` against the configured regions, adding each problem to `issues`.
 *
 * @param regions the `regions` input, for region names and VPC CIDRs
 */
export function checkCustomers(issues: IssueList, value: unknown, regions: unknown): void {
  if (value === undefined) {
    return;
  }
  if (!Array.isArray(value)) {
    issues.add('customers', `must be a list of customers; got ${describe(value)}`);
    return;
  }

  const vpcs = vpcCidrsByRegion(regions);
  const firstPathOfName = new Map<string, string>();
  value.forEach((customer: unknown, index: number) => {
    const path = `customers[${index}]`;
    if (!isRecord(customer)) {
      issues.add(path, `must be an object with name, region, vpn and destinations; got ${describe(customer)}`);
      return;
    }
    checkKnownKeys(issues, `${path}.`, customer, CUSTOMER_KEYS);

    const name = customer.name;
    if (typeof name !== 'string' || !DNS_LABEL.test(name) || name.length > MAX_CUSTOMER_NAME_LENGTH) {
      issues.add(
        `${path}.name`,
        `${describe(name)} is not a valid customer name; use 1 to ${MAX_CUSTOMER_NAME_LENGTH} lowercase letters, ` +
          'digits and hyphens, starting and ending with a letter or digit, for example "acme"',
      );
    } else if (firstPathOfName.has(name)) {
      issues.add(`${path}.name`, `"${name}" is already used by ${firstPathOfName.get(name)}; give each customer its own name`);
    } else {
      firstPathOfName.set(name, path);
    }

    let vpc: Ipv4Cidr | undefined;
    if (typeof customer.region !== 'string' || !vpcs.has(customer.region)) {
      const known = [...vpcs.keys()].join(', ') || 'none';
      issues.add(
        `${path}.region`,
        `${describe(customer.region)} is not one of the configured regions (${known}); use one of them, or add the region first`,
      );
    } else {
      vpc = vpcs.get(customer.region);
    }

    const customerCidrs = checkVpn(issues, `${path}.vpn`, customer.vpn, vpc);
    checkDestinations(issues, `${path}.destinations`, customer.destinations, customerCidrs);
    checkDnsServers(issues, `${path}.dnsServers`, customer.dnsServers, customerCidrs);

    const instanceType = customer.instanceType;
    if (instanceType !== undefined && (typeof instanceType !== 'string' || !INSTANCE_TYPE.test(instanceType))) {
      issues.add(`${path}.instanceType`, `${describe(instanceType)} is not an EC2 instance type; use a name such as "t3.small"`);
    } else if (typeof instanceType === 'string' && ARM_INSTANCE_FAMILY.test(instanceType)) {
      issues.add(
        `${path}.instanceType`,
        `"${instanceType}" is an Arm (Graviton) type, but the proxy image is x86_64; use an x86 type such as "t3.small"`,
      );
    }
    if (customer.fixedSourceAddress !== undefined && typeof customer.fixedSourceAddress !== 'boolean') {
      issues.add(`${path}.fixedSourceAddress`, `must be true or false; got ${describe(customer.fixedSourceAddress)}`);
    }
  });
}

/** Returns the customer's networks, or undefined when the VPN settings are invalid. */
function checkVpn(issues: IssueList, path: string, value: unknown, vpc: Ipv4Cidr | undefined): Ipv4Cidr[] | undefined {
  if (!isRecord(value)) {
    issues.add(path, `must be an object with a type (${VPN_TYPES.join(' or ')}) and its settings; got ${describe(value)}`);
    return undefined;
  }
  if (!VPN_TYPES.includes(value.type as (typeof VPN_TYPES)[number])) {
    issues.add(
      `${path}.type`,
      `${describe(value.type)} is not a supported VPN type; use "wireguard" or "ipsec" (IKEv2 with a pre-shared key)`,
    );
    return undefined;
  }

  if (value.type === 'wireguard') {
    checkKnownKeys(issues, `${path}.`, value, WIREGUARD_KEYS);
    const endpoint = value.peerEndpoint;
    if (typeof endpoint !== 'string' || !(isIpv4(endpoint) || HOST_NAME.test(endpoint))) {
      issues.add(`${path}.peerEndpoint`, `${describe(endpoint)} is not an IPv4 address or host name of the customer's WireGuard peer`);
    }
    checkInteger(issues, `${path}.peerPort`, value.peerPort, 1, 65535, CUSTOMER_DEFAULTS.wireGuardPort);
  } else {
    checkKnownKeys(issues, `${path}.`, value, IPSEC_KEYS);
    if (typeof value.peerAddress !== 'string' || !isIpv4(value.peerAddress)) {
      issues.add(`${path}.peerAddress`, `${describe(value.peerAddress)} is not the IPv4 address of the customer's VPN gateway`);
    }
  }

  const cidrs = checkCustomerCidrs(issues, `${path}.customerCidrs`, value.customerCidrs, vpc);
  if (value.type === 'wireguard') {
    checkTunnelAddress(issues, `${path}.tunnelAddress`, value.tunnelAddress, vpc, cidrs ?? []);
  }
  return cidrs;
}

function checkCustomerCidrs(issues: IssueList, path: string, value: unknown, vpc: Ipv4Cidr | undefined): Ipv4Cidr[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, `must list the customer's networks as IPv4 CIDRs, for example ["10.50.0.0/16"]; got ${describe(value)}`);
    return undefined;
  }
  const cidrs: Ipv4Cidr[] = [];
  let valid = true;
  value.forEach((text: unknown, index: number) => {
    const cidrPath = `${path}[${index}]`;
    const parsed = typeof text === 'string' ? parseIpv4Cidr(text) : 'is not a string';
    if (typeof parsed === 'string') {
      issues.add(cidrPath, `${describe(text)} ${parsed}`);
      valid = false;
      return;
    }
    if (vpc && cidrsOverlap(parsed, vpc)) {
      issues.add(
        cidrPath,
        `"${formatIpv4Cidr(parsed)}" overlaps the region's VPC ${formatIpv4Cidr(vpc)}, so its traffic could not be routed ` +
          'into the tunnel; ask the customer for a translated (NAT) range or move the VPC',
      );
      valid = false;
    }
    cidrs.push(parsed);
  });
  return valid ? cidrs : undefined;
}

function checkTunnelAddress(issues: IssueList, path: string, value: unknown, vpc: Ipv4Cidr | undefined, customerCidrs: Ipv4Cidr[]): void {
  const parsed = typeof value === 'string' ? parseIpv4Cidr(value) : 'is missing';
  if (typeof parsed === 'string' || parsed.prefixLength !== 32) {
    issues.add(path, `${describe(value)} is not the proxy's tunnel address; use one address as a /32, for example "172.31.250.2/32"`);
    return;
  }
  if ((vpc && cidrsOverlap(parsed, vpc)) || customerCidrs.some((cidr) => cidrContains(cidr, parsed))) {
    issues.add(path, `"${value}" lies inside the VPC or the customer's networks; use an address from the tunnel range agreed with the customer`);
  }
}

function checkDestinations(issues: IssueList, path: string, value: unknown, customerCidrs: Ipv4Cidr[] | undefined): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, `must list at least one destination, for example [{ "host": "jira.acme.internal", "ports": [443] }]; got ${describe(value)}`);
    return;
  }
  value.forEach((destination: unknown, index: number) => {
    const destinationPath = `${path}[${index}]`;
    if (!isRecord(destination)) {
      issues.add(destinationPath, `must be an object with host or cidr, and ports; got ${describe(destination)}`);
      return;
    }
    checkKnownKeys(issues, `${destinationPath}.`, destination, DESTINATION_KEYS);

    if ((destination.host === undefined) === (destination.cidr === undefined)) {
      issues.add(destinationPath, 'must set exactly one of host and cidr');
    } else if (destination.host !== undefined) {
      if (typeof destination.host !== 'string' || !HOST_NAME.test(destination.host)) {
        issues.add(`${destinationPath}.host`, `${describe(destination.host)} is not a host name; use a lowercase name such as "jira.acme.internal"`);
      }
    } else {
      const parsed = typeof destination.cidr === 'string' ? parseIpv4Cidr(destination.cidr) : 'is not a string';
      if (typeof parsed === 'string') {
        issues.add(`${destinationPath}.cidr`, `${describe(destination.cidr)} ${parsed}`);
      } else if (customerCidrs && !customerCidrs.some((network) => cidrContains(network, parsed))) {
        issues.add(
          `${destinationPath}.cidr`,
          `"${destination.cidr}" is outside the customer's networks (${customerCidrs.map(formatIpv4Cidr).join(', ')}); ` +
            'the proxy reaches only hosts behind the tunnel, so add the network to vpn.customerCidrs or fix the destination',
        );
      }
    }

    const ports = destination.ports;
    if (!Array.isArray(ports) || ports.length === 0 || !ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535)) {
      issues.add(`${destinationPath}.ports`, `must list TCP ports from 1 to 65535, for example [443]; got ${describe(ports)}`);
    }
  });
}

function checkDnsServers(issues: IssueList, path: string, value: unknown, customerCidrs: Ipv4Cidr[] | undefined): void {
  if (value === undefined) {
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, `must list IPv4 addresses of DNS servers; got ${describe(value)}`);
    return;
  }
  value.forEach((server: unknown, index: number) => {
    const address = typeof server === 'string' && isIpv4(server) ? parseIpv4Cidr(`${server}/32`) : 'invalid';
    if (typeof address === 'string') {
      issues.add(`${path}[${index}]`, `${describe(server)} is not an IPv4 address`);
    } else if (customerCidrs && !customerCidrs.some((network) => cidrContains(network, address))) {
      issues.add(`${path}[${index}]`, `"${server}" is outside the customer's networks; the proxy can reach DNS servers behind the tunnel only`);
    }
  });
}

function vpcCidrsByRegion(regions: unknown): Map<string, Ipv4Cidr | undefined> {
  const vpcs = new Map<string, Ipv4Cidr | undefined>();
  if (!Array.isArray(regions)) {
    return vpcs;
  }
  for (const region of regions) {
    if (isRecord(region) && typeof region.region === 'string') {
      const parsed = typeof region.cidr === 'string' ? parseIpv4Cidr(region.cidr) : undefined;
      vpcs.set(region.region, typeof parsed === 'object' ? parsed : undefined);
    }
  }
  return vpcs;
}

function isIpv4(text: string): boolean {
  const match = IPV4.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}
