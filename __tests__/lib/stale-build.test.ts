import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { staleSources, writeBuildManifest } from '../../lib/stale-build';

function builtProject(): { root: string; dist: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'stale-'));
  const dist = path.join(root, 'dist');
  mkdirSync(path.join(root, 'config'));
  mkdirSync(dist);
  writeFileSync(path.join(root, 'main.ts'), 'main();\n');
  writeFileSync(path.join(root, 'config', 'types.ts'), 'export {};\n');
  writeFileSync(path.join(root, 'config', 'types.d.ts'), 'export {};\n');
  writeBuildManifest(root, dist);
  return { root, dist };
}

describe('staleSources', () => {
  test('finds nothing right after a build', () => {
    const { root, dist } = builtProject();
    expect(staleSources(root, dist)).toEqual([]);
  });

  test('ignores a rewrite with the same content', () => {
    const { root, dist } = builtProject();
    writeFileSync(path.join(root, 'main.ts'), 'main();\n');
    expect(staleSources(root, dist)).toEqual([]);
  });

  test('lists an edited source', () => {
    const { root, dist } = builtProject();
    writeFileSync(path.join(root, 'config', 'types.ts'), 'export const changed = true;\n');
    expect(staleSources(root, dist)).toEqual(['config/types.ts']);
  });

  test('lists added and removed sources', () => {
    const { root, dist } = builtProject();
    writeFileSync(path.join(root, 'config', 'new.ts'), 'export {};\n');
    rmSync(path.join(root, 'main.ts'));
    expect(staleSources(root, dist)).toEqual(['config/new.ts', 'main.ts']);
  });

  test('treats a missing manifest as stale', () => {
    const { root, dist } = builtProject();
    rmSync(path.join(dist, 'build-manifest.json'));
    expect(staleSources(root, dist)).toEqual(['config/types.ts', 'main.ts']);
  });
});
