import { createHash } from 'crypto';

/**
 * Joins name parts into a name of at most `maxLength` letters, digits and
 * hyphens. A name that would be longer keeps its start and ends with a hash of
 * the full name, so two long names stay distinct and the same input always
 * gives the same name (a changed name replaces the resource).
 *
 * Load balancer and target group names are limited to 32 characters:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 */
export function boundedName(parts: readonly string[], maxLength: number): string {
  const full = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= maxLength) {
    return full;
  }

  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  const head = full.slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

const DIRECTION_CODES: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/**
 * Short code of an AWS region for names with a length limit:
 * `us-east-1` becomes `use1`, `ap-southeast-2` becomes `apse2`.
 */
export function regionCode(region: string): string {
  const [area, direction, number] = region.split('-');
  return `${area}${DIRECTION_CODES[direction] ?? direction}${number}`;
}
