/**
 * Records which sources the build compiled, so the app can refuse to
 * synthesize from stale JavaScript (see lib/stale-build.ts).
 * Usage: node dist/scripts/write-build-manifest.js (after tsc)
 */
import * as path from 'path';
import { writeBuildManifest } from '../lib/stale-build';

const projectRoot = path.resolve(__dirname, '..', '..');
writeBuildManifest(projectRoot, path.join(projectRoot, 'dist'));
