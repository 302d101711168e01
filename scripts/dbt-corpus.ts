// Measures the dbt extractor on real projects: for every model, whether its output columns are
// known after ref resolution, and the reason for every model whose columns are not.
//
//   node scripts/run-ts.mjs scripts/dbt-corpus.ts <dir-with-dbt-projects> [--list]

import { defaultConfig } from '../src/config.js';
import { dbtCatalog } from '../src/extract/dbt/catalog.js';
import { directoryTree } from '../src/changes/trees.js';

const root = process.argv[2];
if (!root) {
  console.error('usage: dbt-corpus.ts <dir> [--list]');
  process.exit(2);
}
const tree = directoryTree(root);
const files = await tree.list();

const start = performance.now();
const catalog = await dbtCatalog(tree, defaultConfig());
let models = 0;
let fromSql = 0;
let fromYaml = 0;
let macroBodies = 0;
const parsers: Record<string, number> = {};
let fallbacks = 0;
const listed: string[] = [];
for (const path of files) {
  const owner = catalog.index.classify(path);
  if (!owner || (owner.kind !== 'model' && owner.kind !== 'snapshot')) continue;
  models++;
  const a = await catalog.model(path, owner.project);
  parsers[a.parser] = (parsers[a.parser] ?? 0) + 1;
  if (a.rendered.fallback) fallbacks++;
  if (a.errors.length === 0 && a.unknown.length === 0 && a.columns.length > 0) {
    fromSql++;
    continue;
  }
  const why = a.errors[0]?.message ?? a.unknown[0]?.reason ?? 'no columns';
  if (a.parser === 'none' && a.unknown.length > 0 && a.errors.length === 0) macroBodies++;
  // Columns still known from the model's YAML when its SQL cannot tell them.
  const yaml = await catalog.entity(owner.project, a.relation);
  if (yaml && yaml.columns.length > 0) {
    fromYaml++;
    listed.push(`  [known from YAML] ${path}: ${why}`);
  } else listed.push(`  [unknown] ${path}: ${why}`);
}
const ms = Math.round(performance.now() - start);
const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;
console.log(`models: ${models} in ${ms} ms`);
console.log(`output columns known from SQL (after ref resolution): ${fromSql} (${pct(fromSql, models)})`);
console.log(`known from SQL or YAML: ${fromSql + fromYaml} (${pct(fromSql + fromYaml, models)})`);
console.log(`models whose whole body is a macro call: ${macroBodies}; excluding them, known from SQL or YAML: ${pct(fromSql + fromYaml, models - macroBodies)}`);
console.log(`parse paths: ${JSON.stringify(parsers)}; Jinja fallback to stripping: ${fallbacks}`);
if (process.argv.includes('--list')) {
  console.log(`models not known from SQL (${listed.length}):`);
  console.log(listed.join('\n'));
}
