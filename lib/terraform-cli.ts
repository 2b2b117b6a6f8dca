import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';

/** Default location of a filesystem provider mirror, used when it exists. */
export const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';

/** Options of {@link terraformEnvironment}. */
export interface TerraformEnvironmentOptions {
  /** Folder for the generated CLI configuration and the provider cache. */
  readonly workDir: string;

  /**
   * Filesystem provider mirror to install providers from.
   * @default - $TF_PROVIDER_MIRROR, else /opt/tf-plugins when that folder exists, else none
   */
  readonly providerMirror?: string;

  /** Variables to start from. @default process.env */
  readonly baseEnvironment?: NodeJS.ProcessEnv;
}

/** Result of {@link terraformEnvironment}. */
export interface TerraformEnvironment {
  /** Variables to run terraform or cdktf with. */
  readonly env: NodeJS.ProcessEnv;
  /** The mirror providers come from, or undefined when they come from the public registry. */
  readonly providerMirror?: string;
}

/**
 * Writes a Terraform CLI configuration for this project and returns the
 * variables that make terraform and cdktf use it.
 *
 * Where a filesystem mirror exists, the providers it contains are installed
 * from it and every other provider from the registry. Elsewhere (a laptop, a
 * hosted CI runner) every provider comes from the registry. A shared plugin cache keeps
 * repeated `terraform init` runs from copying or downloading a provider again.
 * CHECKPOINT_DISABLE stops terraform and cdktf from calling home.
 */
export function terraformEnvironment(options: TerraformEnvironmentOptions): TerraformEnvironment {
  const base = options.baseEnvironment ?? process.env;
  const mirror = options.providerMirror ?? base.TF_PROVIDER_MIRROR ?? defaultMirror();
  if (mirror !== undefined && !existsSync(mirror)) {
    throw new Error(
      `Provider mirror "${mirror}" does not exist; unset TF_PROVIDER_MIRROR to use the public registry ` +
        'or point it at a folder laid out as a filesystem mirror',
    );
  }

  const cacheDir = path.resolve(options.workDir, 'plugin-cache');
  mkdirSync(cacheDir, { recursive: true });

  const lines = [`plugin_cache_dir = ${JSON.stringify(cacheDir)}`, 'disable_checkpoint = true'];
  if (mirror !== undefined) {
    // Each provider comes from one place: the mirror for what it holds, the registry for the rest.
    const mirrored = JSON.stringify(mirroredProviders(mirror));
    lines.push(
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(path.resolve(mirror))}`,
      `    include = ${mirrored}`,
      '  }',
      '  direct {',
      `    exclude = ${mirrored}`,
      '  }',
      '}',
    );
  }
  const configFile = path.resolve(options.workDir, 'terraformrc');
  writeFileSync(configFile, `${lines.join('\n')}\n`);

  return {
    env: { ...base, TF_CLI_CONFIG_FILE: configFile, CHECKPOINT_DISABLE: '1' },
    providerMirror: mirror,
  };
}

/** Lists `host/namespace/type` for every provider in a mirror laid out as host/namespace/type/version/. */
export function mirroredProviders(mirror: string): string[] {
  const providers: string[] = [];
  for (const host of subfolders(mirror)) {
    for (const namespace of subfolders(path.join(mirror, host))) {
      for (const type of subfolders(path.join(mirror, host, namespace))) {
        providers.push(`${host}/${namespace}/${type}`);
      }
    }
  }
  return providers.sort();
}

function subfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function defaultMirror(): string | undefined {
  return existsSync(DEFAULT_PROVIDER_MIRROR) ? DEFAULT_PROVIDER_MIRROR : undefined;
}
