/**
 * IPv4 CIDR arithmetic for configuration checks and subnet planning.
 *
 * Subnet CIDRs are computed here at synth time instead of with Terraform's
 * `cidrsubnet()`, so validation can prove that the layout fits before any
 * construct exists and the plan shows literal CIDRs.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns a description of the problem instead when the
 * text is not a CIDR block or has host bits set.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return 'is not an IPv4 CIDR block; write it as a.b.c.d/n, for example "10.10.0.0/16"';
  }

  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) {
    return 'is not an IPv4 CIDR block: each octet is 0 to 255 and the prefix length 0 to 32';
  }

  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & prefixMask(prefixLength)) >>> 0;
  if (network !== address) {
    const canonical = formatIpv4Cidr({ network, prefixLength });
    return `has host bits set; the network address of that block is "${canonical}"`;
  }
  return { network, prefixLength };
}

/** Formats a parsed block as `a.b.c.d/n`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  const octets = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return `${octets.join('.')}/${cidr.prefixLength}`;
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** Returns true when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefixLength);
  const bEnd = b.network + blockSize(b.prefixLength);
  return a.network < bEnd && b.network < aEnd;
}

/** Returns true when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    inner.network >= outer.network &&
    inner.network + blockSize(inner.prefixLength) <= outer.network + blockSize(outer.prefixLength)
  );
}

/** The public and private subnet CIDRs of a VPC, one of each per availability zone. */
export interface SubnetPlan {
  readonly privateCidrs: string[];
  readonly publicCidrs: string[];
}

/**
 * Lays out `zoneCount` private subnets from the start of the VPC block, then
 * `zoneCount` public subnets after them, each aligned to its own size.
 * Returns a string that compares the addresses needed with the VPC's size
 * when the layout does not fit.
 */
export function planSubnets(
  vpc: Ipv4Cidr,
  zoneCount: number,
  privatePrefixLength: number,
  publicPrefixLength: number,
): SubnetPlan | string {
  const privateSize = blockSize(privatePrefixLength);
  const publicSize = blockSize(publicPrefixLength);
  const vpcEnd = vpc.network + blockSize(vpc.prefixLength);

  const privateCidrs: string[] = [];
  let next = vpc.network;
  for (let i = 0; i < zoneCount; i++) {
    privateCidrs.push(formatIpv4Cidr({ network: next, prefixLength: privatePrefixLength }));
    next += privateSize;
  }

  next = Math.ceil((next - vpc.network) / publicSize) * publicSize + vpc.network;
  const publicCidrs: string[] = [];
  for (let i = 0; i < zoneCount; i++) {
    publicCidrs.push(formatIpv4Cidr({ network: next, prefixLength: publicPrefixLength }));
    next += publicSize;
  }

  if (next > vpcEnd) {
    const needed = next - vpc.network;
    return (
      `needs ${needed} addresses for ${zoneCount} private /${privatePrefixLength} and ` +
      `${zoneCount} public /${publicPrefixLength} subnets, but ${formatIpv4Cidr(vpc)} has ` +
      `${blockSize(vpc.prefixLength)}`
    );
  }
  return { privateCidrs, publicCidrs };
}

function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}
