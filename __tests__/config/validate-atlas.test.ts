import { EnvironmentConfig } from '../../config/types';
import { validateEnvironment } from '../../config/validate';
import { checkSharedAtlasResources } from '../../config/validate-atlas';
import { issuesAfter as issuesWithCustomersRemoved } from '../support/issues';
import { testConfig } from '../support/synth';

/** Returns the issues after `change`, with the customers removed because the Atlas checks change regions they refer to. */
function issuesAfter(change: (config: any) => void) {
  return issuesWithCustomersRemoved(change, { withoutCustomers: true });
}

describe('Atlas configuration', () => {
  const invalidCases: [string, (config: any) => void, string, string][] = [
    [
      'AWS region without an Atlas region',
      (c) => {
        c.regions[1].region = 'ap-southeast-7';
        c.regions[1].availabilityZones = ['ap-southeast-7a', 'ap-southeast-7b', 'ap-southeast-7c'];
      },
      'regions[1].database',
      'AWS region "ap-southeast-7" has no known Atlas region, and PrivateLink needs the cluster in the same region; ' +
        'remove the database from this region, or add the region to lib/atlas.ts if Atlas now offers it there',
    ],
    [
      'Atlas region setting',
      (c) => (c.regions[0].database.atlasRegion = 'US_WEST_2'),
      'regions[0].database.atlasRegion',
      'is not a known setting; the settings here are tier, mongoDbMajorVersion, diskSizeGb, restoreWindowDays',
    ],
    [
      'shared tier without continuous backup',
      (c) => (c.regions[0].database.tier = 'M5'),
      'regions[0].database.tier',
      '"M5" is a shared tier, which supports neither private endpoints nor continuous cloud backup; use a dedicated ' +
        'tier: M10, M20, M30, M40, M50, M60, M80, M140, M200, M300, M400, M700, R40, R50, R60, R80, R200, R300, R400, R700',
    ],
    [
      'Flex tier',
      (c) => (c.regions[1].database.tier = 'FLEX'),
      'regions[1].database.tier',
      expect.stringContaining('"FLEX" is a shared tier') as unknown as string,
    ],
    [
      'unknown tier',
      (c) => (c.regions[0].database.tier = 'M35'),
      'regions[0].database.tier',
      expect.stringContaining('"M35" is not an Atlas dedicated tier; use one of M10,') as unknown as string,
    ],
    [
      'region without a database',
      (c) => delete c.regions[1].database,
      'regions[1].database',
      'must be set in every region when atlas is set: an object with tier, mongoDbMajorVersion and diskSizeGb; got nothing',
    ],
    [
      'unsupported MongoDB version',
      (c) => (c.regions[0].database.mongoDbMajorVersion = '5.0'),
      'regions[0].database.mongoDbMajorVersion',
      '"5.0" is not a supported MongoDB major version; use one of 7.0, 8.0',
    ],
    [
      'MongoDB version as a number',
      (c) => (c.regions[0].database.mongoDbMajorVersion = 8.0),
      'regions[0].database.mongoDbMajorVersion',
      'must be a string such as "8.0", not the number 8; use one of 7.0, 8.0 in quotes',
    ],
    [
      'disk too small',
      (c) => (c.regions[0].database.diskSizeGb = 5),
      'regions[0].database.diskSizeGb',
      'must be a whole number from 10 to 4096; got 5',
    ],
    [
      'both project name and id',
      (c) => (c.atlas.projectId = 'aaaaaaaaaaaaaaaaaaaaaaaa'),
      'atlas',
      'must set exactly one of projectName (a project to create) and projectId (an existing project)',
    ],
    [
      'invalid organization id',
      (c) => (c.atlas.orgId = 'legion'),
      'atlas.orgId',
      '"legion" is not an Atlas organization ID; use its 24 hexadecimal digits',
    ],
    [
      'connection string set by hand',
      (c) => (c.services.worker.environment.MONGODB_URI = 'mongodb://localhost'),
      'services.worker.environment.MONGODB_URI',
      "is set by the service's database access, which passes the private-endpoint connection string; remove this entry",
    ],
    [
      'invalid database role',
      (c) => (c.services.poller.database = 'admin'),
      'services.poller.database',
      '"admin" is not a database role; use "read" or "readWrite"',
    ],
  ];

  test.each(invalidCases)('rejects %s', (_name, change, path, message) => {
    expect(issuesAfter(change)).toEqual([{ path, message }]);
  });

  test('rejects database settings without atlas', () => {
    const issues = issuesAfter((c) => delete c.atlas);
    expect(issues).toEqual([
      {
        path: 'services.backend.database',
        message: 'needs an Atlas cluster, but atlas is not set; add an atlas section or remove this setting',
      },
      {
        path: 'services.worker.database',
        message: 'needs an Atlas cluster, but atlas is not set; add an atlas section or remove this setting',
      },
      {
        path: 'services.poller.database',
        message: 'needs an Atlas cluster, but atlas is not set; add an atlas section or remove this setting',
      },
      { path: 'regions[0].database', message: 'is set, but atlas is not; add an atlas section or remove this setting' },
      { path: 'regions[1].database', message: 'is set, but atlas is not; add an atlas section or remove this setting' },
    ]);
  });

  test('accepts an environment without atlas or database access', () => {
    const config = testConfig();
    delete config.atlas;
    for (const region of config.regions) {
      delete region.database;
    }
    for (const service of [config.services.backend, config.services.worker, config.services.poller]) {
      delete service.database;
    }
    expect(validateEnvironment(config).atlas).toBeUndefined();
  });

});

describe('checkSharedAtlasResources', () => {
  function environment(name: string, change: (config: any) => void = () => undefined): EnvironmentConfig {
    const config = testConfig();
    delete config.customers;
    config.name = name;
    change(config);
    return validateEnvironment(config);
  }

  const existingProject = (config: any) => {
    delete config.atlas.projectName;
    config.atlas.projectId = 'aaaaaaaaaaaaaaaaaaaaaaaa';
  };

  test('rejects a second endpoint in a shared project and region', () => {
    const staging = environment('staging', (c) => {
      existingProject(c);
      c.regions = [c.regions[1]];
    });
    const production = environment('production', existingProject);
    expect(checkSharedAtlasResources(staging, [production])).toEqual([
      {
        path: 'regions[0].database',
        message:
          'Atlas region EU_CENTRAL_1 of project aaaaaaaaaaaaaaaaaaaaaaaa already has the private endpoint of ' +
          'environment "production", and Atlas allows one per project and region; use another project or region',
      },
    ]);
  });

  test('accepts a shared project in other regions', () => {
    const staging = environment('staging', (c) => {
      existingProject(c);
      c.regions = [
        {
          ...c.regions[1],
          region: 'eu-west-1',
          cidr: '10.30.0.0/16',
          availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
        },
      ];
    });
    expect(checkSharedAtlasResources(staging, [environment('production', existingProject)])).toEqual([]);
  });

  test('rejects a project name another environment creates', () => {
    const staging = environment('staging');
    expect(checkSharedAtlasResources(staging, [environment('production')])).toEqual([
      {
        path: 'atlas.projectName',
        message:
          '"legion-production" is also the project of environment "production" in the same organization; ' +
          'give each environment its own project name',
      },
    ]);
  });

  test('ignores the environment itself', () => {
    const production = environment('production');
    expect(checkSharedAtlasResources(production, [production])).toEqual([]);
  });
});
