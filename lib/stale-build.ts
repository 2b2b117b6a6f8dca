import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';

/** Folders and files of the app whose compiled output `cdktf synth` runs. */
const APP_SOURCES = ['main.ts', 'config', 'lib', 'modules', 'stacks'];

/** File in the output folder that records the sources a build compiled. */
export const BUILD_MANIFEST = 'build-manifest.json';

/**
 * Records the content hash of every app source in the output folder.
 * `npm run build` calls this after `tsc`.
 */
export function writeBuildManifest(projectRoot: string, outDir: string): void {
  writeFileSync(path.join(outDir, BUILD_MANIFEST), `${JSON.stringify(sourceDigests(projectRoot), null, 2)}\n`);
}

/**
 * Lists the app sources that differ from what the last build compiled:
 * edited, added or removed since then.
 *
 * cdktf.json runs the compiled JavaScript, because compiling on every synth
 * would add about a second. This check hashes a few dozen small files, so it
 * costs milliseconds and stops a synth from writing Terraform from stale code. Content hashes, not
 * modification times, because tsc does not rewrite an unchanged output file.
 */
export function staleSources(projectRoot: string, outDir: string): string[] {
  const manifestFile = path.join(outDir, BUILD_MANIFEST);
  const built: Record<string, string> = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
  const current = sourceDigests(projectRoot);

  const names = new Set([...Object.keys(built), ...Object.keys(current)]);
  return [...names].filter((name) => built[name] !== current[name]).sort();
}

function sourceDigests(projectRoot: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const entry of APP_SOURCES) {
    for (const file of typeScriptFiles(path.join(projectRoot, entry))) {
      const relative = path.relative(projectRoot, file).split(path.sep).join('/');
      digests[relative] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  }
  return digests;
}

function typeScriptFiles(entry: string): string[] {
  if (!existsSync(entry)) {
    return [];
  }
  if (!statSync(entry).isDirectory()) {
    return entry.endsWith('.ts') && !entry.endsWith('.d.ts') ? [entry] : [];
  }
  return readdirSync(entry)
    .sort()
    .flatMap((name) => typeScriptFiles(path.join(entry, name)));
}
