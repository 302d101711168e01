// Runs a TypeScript script (benchmarks, evaluation) by bundling it the same way as dist/, so that
// measurements exercise the code users run. Usage: node scripts/run-ts.mjs scripts/bench.ts [args...]
import { build } from 'esbuild';
import { mkdirSync, copyFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { commonBuildOptions, esmShimBanner } from './esbuild-raw.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}
const outDir = resolve(root, '.bench');
mkdirSync(outDir, { recursive: true });
const outfile = resolve(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
await build({ ...commonBuildOptions, entryPoints: [resolve(entry)], outfile, banner: { js: esmShimBanner } });
copyFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm'), resolve(outDir, 'libpg-query.wasm'));
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
