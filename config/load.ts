import { readFileSync } from 'fs';
import * as path from 'path';
import { production } from './environments/production';
import { EnvironmentConfig } from './types';
import { ConfigError, validateEnvironment } from './validate';
import { checkSharedAtlasResources } from './validate-atlas';

/** Environments embedded in the code, by name. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentConfig>> = {
  production,
};

/** Environment used when neither INFRA_ENVIRONMENT nor INFRA_CONFIG_FILE is set. */
export const DEFAULT_ENVIRONMENT = 'production';

/**
 * Loads and validates the configuration selected by the process environment.
 * `INFRA_CONFIG_FILE` names a JSON file with an environment configuration.
 * A relative path starts from the folder npm was called from, else from the
 * current folder. Without it, `INFRA_ENVIRONMENT` names an embedded
 * environment (default `production`).
 *
 * @throws ConfigError when the selection or the configuration is invalid
 */
export function loadEnvironment(variables: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  if (variables.INFRA_CONFIG_FILE) {
    // npm runs scripts in the project root and sets INIT_CWD to the folder it was called from.
    const file = path.resolve(variables.INIT_CWD ?? process.cwd(), variables.INFRA_CONFIG_FILE);
    const source = `file "${file}"`;
    return checkAgainstEmbedded(validateEnvironment(readJsonFile(file), source), source);
  }

  const name = variables.INFRA_ENVIRONMENT || DEFAULT_ENVIRONMENT;
  const config = ENVIRONMENTS[name];
  if (!config) {
    const known = Object.keys(ENVIRONMENTS).join(', ');
    throw new ConfigError(`environment "${name}"`, [
      { path: 'INFRA_ENVIRONMENT', message: `"${name}" is not a known environment; use one of: ${known}` },
    ]);
  }
  return checkAgainstEmbedded(validateEnvironment(config), `environment "${name}"`);
}

/** Rejects a configuration that would claim an Atlas resource an embedded environment already has. */
function checkAgainstEmbedded(environment: EnvironmentConfig, source: string): EnvironmentConfig {
  const issues = checkSharedAtlasResources(environment, Object.values(ENVIRONMENTS));
  if (issues.length > 0) {
    throw new ConfigError(source, issues);
  }
  return environment;
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`file "${file}"`, [
      { path: 'INFRA_CONFIG_FILE', message: `cannot read "${file}": ${(error as Error).message}` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`file "${file}"`, [
      { path: 'INFRA_CONFIG_FILE', message: `"${file}" is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}
