import { readFileSync } from 'fs';
import { production } from './environments/production';
import { EnvironmentConfig } from './types';
import { ConfigError, validateEnvironment } from './validate';

/** Environments embedded in the code, by name. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentConfig>> = {
  production,
};

/** Environment used when neither INFRA_ENVIRONMENT nor INFRA_CONFIG_FILE is set. */
export const DEFAULT_ENVIRONMENT = 'production';

/**
 * Loads and validates the configuration selected by the process environment:
 * `INFRA_CONFIG_FILE` names a JSON file with an environment configuration;
 * otherwise `INFRA_ENVIRONMENT` names an embedded one (default `production`).
 *
 * @throws ConfigError when the selection or the configuration is invalid
 */
export function loadEnvironment(variables: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  const file = variables.INFRA_CONFIG_FILE;
  if (file) {
    return validateEnvironment(readJsonFile(file));
  }

  const name = variables.INFRA_ENVIRONMENT || DEFAULT_ENVIRONMENT;
  const config = ENVIRONMENTS[name];
  if (!config) {
    const known = Object.keys(ENVIRONMENTS).join(', ');
    throw new ConfigError(name, [
      { path: 'INFRA_ENVIRONMENT', message: `"${name}" is not a known environment; use one of: ${known}` },
    ]);
  }
  return validateEnvironment(config);
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { path: 'INFRA_CONFIG_FILE', message: `cannot read "${file}": ${(error as Error).message}` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [
      { path: 'INFRA_CONFIG_FILE', message: `"${file}" is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}
