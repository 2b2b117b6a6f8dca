import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../../config';
import { defaultConfig } from '../support/synth';

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
      'INFRA_ENVIRONMENT: "prod" is not a known environment; use one of: production',
    );
  });

  test('reads a JSON configuration file', () => {
    const file = path.join(dir, 'staging.json');
    writeFileSync(file, JSON.stringify({ ...defaultConfig(), name: 'staging' }));
    expect(loadEnvironment({ INFRA_CONFIG_FILE: file }).name).toBe('staging');
  });

  test('validates a JSON configuration file', () => {
    const file = path.join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify({ ...defaultConfig(), regions: [] }));
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(ConfigError);
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow('regions: must list at least one region; got []');
  });

  test('rejects a file that is not JSON', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ name: production');
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(`INFRA_CONFIG_FILE: "${file}" is not valid JSON`);
  });

  test('rejects a missing file', () => {
    const file = path.join(dir, 'missing.json');
    expect(() => loadEnvironment({ INFRA_CONFIG_FILE: file })).toThrow(`INFRA_CONFIG_FILE: cannot read "${file}"`);
  });
});
