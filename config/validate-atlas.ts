import { ATLAS_AWS_REGIONS, ATLAS_DEDICATED_TIERS, ATLAS_SHARED_TIERS, MONGODB_MAJOR_VERSIONS } from '../lib/atlas';
import { AWS_REGIONS } from '../lib/aws-regions';
import { ConfigIssue, IssueList, checkInteger, checkKnownKeys, describe, isRecord } from './checks';
import { EnvironmentConfig, RegionConfig } from './types';

/** Defaults of the Atlas settings. */
export const ATLAS_DEFAULTS = {
  connectionStringVariable: 'MONGODB_URI',
  restoreWindowDays: 7,
} as const;

const ATLAS_KEYS = ['orgId', 'projectName', 'projectId', 'databaseName', 'connectionStringVariable'];
const DATABASE_KEYS = ['tier', 'mongoDbMajorVersion', 'diskSizeGb', 'restoreWindowDays'];
const ATLAS_ID = /^[0-9a-f]{24}$/;
const SERVICE_NAMES = ['backend', 'worker', 'poller'];


/**
 * Checks `atlas`, each region's `database` and each service's `database`
 * against each other, adding each problem to `issues`.
 */
export function checkAtlas(issues: IssueList, environment: Record<string, unknown>): void {
  const atlas = environment.atlas;
  const regions = Array.isArray(environment.regions) ? environment.regions : [];
  const services = isRecord(environment.services) ? environment.services : {};

  checkServiceDatabaseAccess(issues, services, atlas !== undefined);
  if (atlas === undefined) {
    regions.forEach((region: unknown, index: number) => {
      if (isRecord(region) && region.database !== undefined) {
        issues.add(`regions[${index}].database`, 'is set, but atlas is not; add an atlas section or remove this setting');
      }
    });
    return;
  }

  if (!isRecord(atlas)) {
    issues.add('atlas', `must be an object with orgId, projectName or projectId, and databaseName; got ${describe(atlas)}`);
    return;
  }
  checkKnownKeys(issues, 'atlas.', atlas, ATLAS_KEYS);

  if (typeof atlas.orgId !== 'string' || !ATLAS_ID.test(atlas.orgId)) {
    issues.add('atlas.orgId', `${describe(atlas.orgId)} is not an Atlas organization ID; use its 24 hexadecimal digits`);
  }
  if ((atlas.projectName === undefined) === (atlas.projectId === undefined)) {
    issues.add('atlas', 'must set exactly one of projectName (a project to create) and projectId (an existing project)');
  } else if (atlas.projectId !== undefined && (typeof atlas.projectId !== 'string' || !ATLAS_ID.test(atlas.projectId))) {
    issues.add('atlas.projectId', `${describe(atlas.projectId)} is not an Atlas project ID; use its 24 hexadecimal digits`);
  } else if (
    atlas.projectName !== undefined &&
    (typeof atlas.projectName !== 'string' || !/^[A-Za-z0-9 _-]{1,64}$/.test(atlas.projectName))
  ) {
    issues.add(
      'atlas.projectName',
      `${describe(atlas.projectName)} is not a valid project name; use 1 to 64 letters, digits, spaces, "_" and "-"`,
    );
  }
  if (typeof atlas.databaseName !== 'string' || !/^[A-Za-z0-9_-]{1,63}$/.test(atlas.databaseName)) {
    issues.add(
      'atlas.databaseName',
      `${describe(atlas.databaseName)} is not a valid database name; use 1 to 63 letters, digits, "_" and "-"`,
    );
  }
  const variable = atlas.connectionStringVariable;
  if (variable !== undefined && (typeof variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))) {
    issues.add('atlas.connectionStringVariable', `${describe(variable)} is not a valid variable name`);
  }
  checkConnectionVariableConflicts(issues, services, typeof variable === 'string' ? variable : ATLAS_DEFAULTS.connectionStringVariable);

  // Regions are unique and each maps to its own Atlas region, so within one
  // environment no two clusters request the same private endpoint.
  // checkSharedAtlasResources compares environments with each other.
  regions.forEach((region: unknown, index: number) => {
    if (isRecord(region)) {
      checkRegionDatabase(issues, `regions[${index}].database`, region.database, region.region);
    }
  });
}

function checkRegionDatabase(issues: IssueList, path: string, value: unknown, awsRegion: unknown): void {
  if (!isRecord(value)) {
    issues.add(path, `must be set in every region when atlas is set: an object with tier, mongoDbMajorVersion and diskSizeGb; got ${describe(value)}`);
    return;
  }
  checkKnownKeys(issues, `${path}.`, value, DATABASE_KEYS);

  const tier = value.tier;
  if (typeof tier === 'string' && ATLAS_SHARED_TIERS.includes(tier)) {
    issues.add(
      `${path}.tier`,
      `"${tier}" is a shared tier, which supports neither private endpoints nor continuous cloud backup; ` +
        `use a dedicated tier: ${ATLAS_DEDICATED_TIERS.join(', ')}`,
    );
  } else if (typeof tier !== 'string' || !ATLAS_DEDICATED_TIERS.includes(tier)) {
    issues.add(`${path}.tier`, `${describe(tier)} is not an Atlas dedicated tier; use one of ${ATLAS_DEDICATED_TIERS.join(', ')}`);
  }

  if (typeof value.mongoDbMajorVersion === 'number') {
    issues.add(
      `${path}.mongoDbMajorVersion`,
      `must be a string such as "8.0", not the number ${value.mongoDbMajorVersion}; use one of ${MONGODB_MAJOR_VERSIONS.join(', ')} in quotes`,
    );
  } else if (typeof value.mongoDbMajorVersion !== 'string' || !MONGODB_MAJOR_VERSIONS.includes(value.mongoDbMajorVersion)) {
    issues.add(
      `${path}.mongoDbMajorVersion`,
      `${describe(value.mongoDbMajorVersion)} is not a supported MongoDB major version; use one of ${MONGODB_MAJOR_VERSIONS.join(', ')}`,
    );
  }
  // Atlas accepts 10 GB to 4 TB per node on most tiers.
  checkInteger(issues, `${path}.diskSizeGb`, value.diskSizeGb, 10, 4096);
  checkInteger(issues, `${path}.restoreWindowDays`, value.restoreWindowDays, 1, 35, ATLAS_DEFAULTS.restoreWindowDays);

  // An interface endpoint connects only to an endpoint service in its own region, so the cluster
  // must be in the Atlas name of the same AWS region.
  if (typeof awsRegion === 'string' && AWS_REGIONS.has(awsRegion) && !ATLAS_AWS_REGIONS.has(awsRegion)) {
    issues.add(
      path,
      `AWS region "${awsRegion}" has no known Atlas region, and PrivateLink needs the cluster in the same region; ` +
        'remove the database from this region, or add the region to lib/atlas.ts if Atlas now offers it there',
    );
  }
}

function checkServiceDatabaseAccess(issues: IssueList, services: Record<string, unknown>, hasAtlas: boolean): void {
  for (const name of SERVICE_NAMES) {
    const service = services[name];
    if (!isRecord(service) || service.database === undefined) {
      continue;
    }
    const path = `services.${name}.database`;
    if (service.database !== 'read' && service.database !== 'readWrite') {
      issues.add(path, `${describe(service.database)} is not a database role; use "read" or "readWrite"`);
    } else if (!hasAtlas) {
      issues.add(path, 'needs an Atlas cluster, but atlas is not set; add an atlas section or remove this setting');
    }
  }
}

function checkConnectionVariableConflicts(issues: IssueList, services: Record<string, unknown>, variable: string): void {
  for (const name of SERVICE_NAMES) {
    const service = services[name];
    if (!isRecord(service) || service.database === undefined) {
      continue;
    }
    for (const kind of ['environment', 'secrets']) {
      const values = service[kind];
      if (isRecord(values) && variable in values) {
        issues.add(
          `services.${name}.${kind}.${variable}`,
          `is set by the service's database access, which passes the private-endpoint connection string; remove this entry`,
        );
      }
    }
  }
}

/**
 * Checks that `environment` claims no Atlas private endpoint or project that
 * another environment already has. Atlas allows one private endpoint per
 * project and region, and one project of a name per organization. Both
 * configurations must already be valid.
 */
export function checkSharedAtlasResources(
  environment: EnvironmentConfig,
  others: readonly EnvironmentConfig[],
): ConfigIssue[] {
  const issues = new IssueList();
  const atlas = environment.atlas;
  if (!atlas) {
    return issues.items;
  }

  for (const other of others) {
    if (other.name === environment.name || !other.atlas) {
      continue;
    }
    if (atlas.projectName !== undefined && other.atlas.orgId === atlas.orgId && other.atlas.projectName === atlas.projectName) {
      issues.add(
        'atlas.projectName',
        `"${atlas.projectName}" is also the project of environment "${other.name}" in the same organization; ` +
          'give each environment its own project name',
      );
    }
    if (atlas.projectId === undefined || other.atlas.projectId !== atlas.projectId) {
      continue;
    }
    const otherRegions = new Set(other.regions.map((region) => atlasRegionOf(region)));
    environment.regions.forEach((region, index) => {
      const atlasRegion = atlasRegionOf(region);
      if (atlasRegion !== undefined && otherRegions.has(atlasRegion)) {
        issues.add(
          `regions[${index}].database`,
          `Atlas region ${atlasRegion} of project ${atlas.projectId} already has the private endpoint of environment ` +
            `"${other.name}", and Atlas allows one per project and region; use another project or region`,
        );
      }
    });
  }
  return issues.items;
}

function atlasRegionOf(region: RegionConfig): string | undefined {
  return region.database ? ATLAS_AWS_REGIONS.get(region.region) : undefined;
}
