// Bundles the CLI and the Action into dist/, one file per entry, plus the PostgreSQL parser's WASM.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { commonBuildOptions, esmShimBanner } from './esbuild-raw.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const entries = [
  ['src/cli.ts', 'dist/cli.js', '#!/usr/bin/env node\n'],
  ['src/action.ts', 'dist/action.js', ''],
].filter(([src]) => existsSync(resolve(root, src)));

mkdirSync(resolve(root, 'dist'), { recursive: true });
for (const [src, out, shebang] of entries) {
  await build({
    ...commonBuildOptions,
    entryPoints: [resolve(root, src)],
    outfile: resolve(root, out),
    banner: { js: shebang + esmShimBanner },
  });
}
copyFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm'), resolve(root, 'dist/libpg-query.wasm'));
chmodSync(resolve(root, 'dist/cli.js'), 0o755);
