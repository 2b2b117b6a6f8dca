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
  const entries: Record<string, ManifestEntry> = {};
  for (const [name, file] of sourceFiles(projectRoot)) {
    const stats = statSync(file);
    entries[name] = { hash: digest(file), size: stats.size, mtimeMs: stats.mtimeMs };
  }
  writeFileSync(path.join(outDir, BUILD_MANIFEST), `${JSON.stringify(entries, null, 2)}\n`);
}

/** Manifest entry of one source: its content hash, and its size and time for a quick check. */
interface ManifestEntry {
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Lists the app sources that differ from what the last build compiled:
 * edited, added or removed since then.
 *
 * cdktf.json runs the compiled JavaScript, because compiling on every synth
 * would add about a second. The check compares sizes and modification times
 * first and hashes only the files whose times changed, because a rewrite with
 * the same content (a checkout) must not count as a change, and tsc does not
 * rewrite an unchanged output file.
 */
export function staleSources(projectRoot: string, outDir: string): string[] {
  const manifestFile = path.join(outDir, BUILD_MANIFEST);
  const built: Record<string, ManifestEntry> = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {};
  const current = sourceFiles(projectRoot);

  const stale: string[] = Object.keys(built).filter((name) => !current.has(name));
  for (const [name, file] of current) {
    const entry = built[name];
    if (entry === undefined) {
      stale.push(name);
      continue;
    }
    const stats = statSync(file);
    const unchanged = stats.size === entry.size && stats.mtimeMs === entry.mtimeMs;
    if (!unchanged && digest(file) !== entry.hash) {
      stale.push(name);
    }
  }
  return stale.sort();
}

/** Returns the app's TypeScript sources, by path relative to the project root. */
function sourceFiles(projectRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of APP_SOURCES) {
    for (const file of typeScriptFiles(path.join(projectRoot, entry))) {
      files.set(path.relative(projectRoot, file).split(path.sep).join('/'), file);
    }
  }
  return files;
}

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
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
