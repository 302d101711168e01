// Bundles the CLI and the Action into dist/, one file per entry, plus the PostgreSQL parser's WASM.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// `import text from './x.yml?raw'` is how vitest and the bundle both read rule packs.
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.slice(0, -4)),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

// CommonJS dependencies (node-sql-parser, nunjucks) call require() and use __dirname inside an ESM bundle.
const banner = [
  "import { createRequire as __sgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sgFileURLToPath } from 'node:url';",
  "import { dirname as __sgDirname } from 'node:path';",
  'const require = __sgCreateRequire(import.meta.url);',
  'const __filename = __sgFileURLToPath(import.meta.url);',
  'const __dirname = __sgDirname(__filename);',
].join('\n');

const entries = [
  ['src/cli.ts', 'dist/cli.js'],
  ['src/action.ts', 'dist/action.js'],
].filter(([src]) => existsSync(resolve(root, src)));

mkdirSync(resolve(root, 'dist'), { recursive: true });
for (const [src, out] of entries) {
  await build({
    entryPoints: [resolve(root, src)],
    outfile: resolve(root, out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: (src.endsWith('cli.ts') ? '#!/usr/bin/env node\n' : '') + banner },
    plugins: [rawPlugin],
    legalComments: 'none',
    logLevel: 'warning',
    minify: false,
    sourcemap: false,
  });
}
const wasm = require.resolve('libpg-query/wasm/libpg-query.wasm');
copyFileSync(wasm, resolve(root, 'dist/libpg-query.wasm'));
