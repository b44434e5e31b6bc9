// Writes thin ES-module entry points over the CommonJS build, so `import` and `require` load the very
// same module instances (one registry, one set of classes: no dual-package hazard), and `.d.mts`
// files that re-export the CommonJS declarations for TypeScript's `import` resolution.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const entries = {
  index: 'lib/index',
  express: 'adapters/express',
  koa: 'adapters/koa',
  langchain: 'adapters/langchain',
  otel: 'adapters/otel',
};

const esmDir = join(root, 'dist', 'esm');
mkdirSync(esmDir, { recursive: true });
for (const [name, path] of Object.entries(entries)) {
  const target = `../${path}.js`;
  const exported = Object.keys(require(join(root, 'dist', `${path}.js`))).filter(
    (key) => key !== '__esModule' && key !== 'default',
  );
  const js = [
    `import cjs from '${target}';`,
    `export const { ${exported.join(', ')} } = cjs;`,
    'export default cjs;',
    '',
  ].join('\n');
  writeFileSync(join(esmDir, `${name}.mjs`), js);
  writeFileSync(join(esmDir, `${name}.d.mts`), `export * from '../${path}.js';\n`);
}
