// `import text from './x.yml?raw'` is how vitest and the bundle both read rule packs and fixtures.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The bundle names each asset by its repository-relative path, so that dist/ is the same
// whichever folder it is built in (CI checks that dist/ is up to date).
export const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: relative(root, resolve(args.resolveDir, args.path.slice(0, -4))).split(sep).join('/'),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(resolve(root, args.path), 'utf8'),
      loader: 'text',
    }));
  },
};

// CommonJS dependencies (node-sql-parser, nunjucks) call require() and use __dirname inside an ESM bundle.
export const esmShimBanner = [
  "import { createRequire as __sgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sgFileURLToPath } from 'node:url';",
  "import { dirname as __sgDirname } from 'node:path';",
  'const require = __sgCreateRequire(import.meta.url);',
  'const __filename = __sgFileURLToPath(import.meta.url);',
  'const __dirname = __sgDirname(__filename);',
].join('\n');

export const commonBuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // jsonc-parser's "main" is a UMD build whose dynamic requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  plugins: [rawPlugin],
  legalComments: 'none',
  logLevel: 'warning',
};
