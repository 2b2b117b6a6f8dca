/**
 * Regenerates the generated documentation: the configuration reference
 * (docs/configuration.md) and the topology diagram of the default
 * environment (docs/diagram.md and the README's diagram section).
 *
 * Usage: npm run docs
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { renderConfigReference } from '../lib/config-reference';
import { defaultEnvironmentDiagram, replaceDiagramSection } from '../lib/diagram';

const ROOT = path.resolve(__dirname, '..', '..');

writeFileSync(path.join(ROOT, 'docs', 'configuration.md'), renderConfigReference(path.join(ROOT, 'config', 'types.ts')));

const diagram = defaultEnvironmentDiagram();
writeFileSync(path.join(ROOT, 'docs', 'diagram.md'), `# Topology of the default environment\n\n${diagram}`);
const readme = path.join(ROOT, 'README.md');
writeFileSync(readme, replaceDiagramSection(readFileSync(readme, 'utf8'), diagram));
process.stdout.write('Wrote docs/configuration.md, docs/diagram.md and the README diagram\n');
