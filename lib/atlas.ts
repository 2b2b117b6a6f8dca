/**
 * Atlas region names of the AWS regions where Atlas runs dedicated clusters.
 * Atlas names an AWS region in upper case with underscores: `us-east-1` is `US_EAST_1`.
 *
 * NOTE: Atlas adds regions over time. Extend this map from the Atlas list of
 * AWS regions when a region is missing; the validation error names this file.
 * https://www.mongodb.com/docs/atlas/reference/amazon-aws/
 */
export const ATLAS_AWS_REGIONS: ReadonlyMap<string, string> = new Map(
  [
    'af-south-1',
    'ap-east-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ].map((region) => [region, region.toUpperCase().replace(/-/g, '_')]),
);

/**
 * Dedicated cluster tiers. Only dedicated tiers (M10 and up) support private
 * endpoints and continuous cloud backup; shared tiers (M0, M2, M5, Flex) support neither.
 * https://www.mongodb.com/docs/atlas/manage-clusters/
 */
export const ATLAS_DEDICATED_TIERS: readonly string[] = [
  'M10',
  'M20',
  'M30',
  'M40',
  'M50',
  'M60',
  'M80',
  'M140',
  'M200',
  'M300',
  'M400',
  'M700',
  'R40',
  'R50',
  'R60',
  'R80',
  'R200',
  'R300',
  'R400',
  'R700',
];

/** Shared tiers, named in the error that rejects them. */
export const ATLAS_SHARED_TIERS: readonly string[] = ['M0', 'M2', 'M5', 'FLEX'];

/** MongoDB major versions this project deploys. */
export const MONGODB_MAJOR_VERSIONS: readonly string[] = ['7.0', '8.0'];
