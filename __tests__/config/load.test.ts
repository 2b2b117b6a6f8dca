import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../../config';
import { testConfig } from '../support/synth';

/** Returns the test configuration under another name, with an Atlas project of its own. */
function renamed(name: string): any {
  const config = testConfig();
  config.name = name;
  config.atlas.projectName = `legion-${name}`;
  return config;
}

describe('loadEnvironment', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'load-config-'));

  test('defaults to production', () => {
    expect(loadEnvironment({}).name).toBe('production');
  });

  test('selects an embedded environment by name', () => {
    expect(loadEnvironment({ INFRA_ENVIRONMENT: 'production' }).domain).toBe('legionsecurity.ai');
  });

  test('rejects an unknown environment name', () => {
    expect(() => loadEnvironment({ INFRA_ENVIRONMENT: 'prod' })).toThrow(
      'Invalid configuration in environment "prod" (1 problem):\n' +
        '  - INFRA_ENVIRONMENT: "prod" is not a known environment; use one of: production',
    );
  });

  test('reads a JSON configuration file', () => {
    const file = path.join(dir, 'staging.json');
    writeFileSync(file, JSON.stringify(renamed('staging')));
    expect(loadEnvironment({ INFRA_CONFIG_FILE: file }).name).toBe('staging');
  });

  test('validates a JSON configuration file', () => {
    const file = path.join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify({ ...testConfig(), regions: [] }));
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(ConfigError);
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow('regions: must list at least one region; got []');
  });

  test('accepts the example file', () => {
    const file = path.resolve(__dirname, '..', '..', 'config', 'examples', 'staging.json');
    const config = loadEnvironment({ INFRA_CONFIG_FILE: file });
    expect(config.name).toBe('staging');
    expect(config.regions[0].loadBalancer?.deletionProtection).toBe(false);
  });

  test('resolves a relative file from the calling folder', () => {
    writeFileSync(path.join(dir, 'relative.json'), JSON.stringify(renamed('relative')));
    expect(loadEnvironment({ INFRA_CONFIG_FILE: 'relative.json', INIT_CWD: dir }).name).toBe('relative');
  });

  test('names the file in its errors', () => {
    const file = path.join(dir, 'named.json');
    writeFileSync(file, JSON.stringify({ ...testConfig(), domain: 'localhost' }));
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(
      `Invalid configuration in file "${file}" (1 problem):\n  - domain: "localhost" is not a valid domain`,
    );
  });

  test('rejects a file that reuses an embedded environment\'s Atlas project', () => {
    const file = path.join(dir, 'clash.json');
    writeFileSync(file, JSON.stringify({ ...testConfig(), name: 'clash' }));
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(
      'atlas.projectName: "legion-production" is also the project of environment "production"',
    );
  });

  test('rejects a file that is not JSON', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ name: production');
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(`INFRA_CONFIG_FILE: "${file}" is not valid JSON`);
  });

  test('rejects a missing file with its full path', () => {
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: 'missing.json', INIT_CWD: dir })).toThrow(
      `INFRA_CONFIG_FILE: cannot read "${path.join(dir, 'missing.json')}"`,
    );
  });
});
