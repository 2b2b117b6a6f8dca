/**
 * Generates environment configurations of a given size for the benchmark:
 * `regions` regions of three zones and `customers` customer proxies spread
 * over them, every value valid.
 */
import { EnvironmentConfig } from '../config/types';
import { ATLAS_AWS_REGIONS } from '../lib/atlas';
import { production } from '../config/environments/production';

/** Regions with Atlas support and at least three zones named a, b and c. */
const BENCH_REGIONS = [
  'us-east-1',
  'eu-central-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ca-central-1',
];

/** Returns a valid configuration with `regionCount` regions and `customerCount` customers. */
export function generatedEnvironment(regionCount: number, customerCount: number): EnvironmentConfig {
  if (regionCount > BENCH_REGIONS.length) {
    throw new Error(`bench-config: at most ${BENCH_REGIONS.length} regions; got ${regionCount}`);
  }
  const regions = BENCH_REGIONS.slice(0, regionCount).map((region, index) => {
    if (!ATLAS_AWS_REGIONS.has(region)) {
      throw new Error(`bench-config: ${region} has no Atlas region`);
    }
    return {
      region,
      cidr: `10.${10 + index}.0.0/16`,
      availabilityZones: ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
      subdomains: [`bench${index}`],
      database: { tier: 'M30', mongoDbMajorVersion: '8.0', diskSizeGb: 100 },
    };
  });

  const customers = Array.from({ length: customerCount }, (_, index) => {
    const region = regions[index % regions.length].region;
    // Each customer gets its own /24 inside 172.16.0.0/12, away from every VPC.
    const network = `172.${16 + Math.floor(index / 256)}.${index % 256}.0/24`;
    const base = network.replace(/\.0\/24$/, '');
    return {
      name: `customer${index}`,
      region,
      vpn:
        index % 2 === 0
          ? { type: 'wireguard' as const, peerEndpoint: `198.51.100.${(index % 250) + 1}`, tunnelAddress: '192.168.255.2/32', customerCidrs: [network] }
          : { type: 'ipsec' as const, peerAddress: `203.0.113.${(index % 250) + 1}`, customerCidrs: [network] },
      destinations: [
        { host: `tools.customer${index}.internal`, ports: [443] },
        { cidr: `${base}.0/28`, ports: [8443] },
      ],
      dnsServers: [`${base}.2`],
    };
  });

  const atlas = production.atlas ? { ...production.atlas, projectName: 'legion-bench' } : undefined;
  return { ...production, name: 'bench', atlas, regions, customers };
}
