// `npm run eval [CSV...]`: precision/recall of the classifier on labelled CSVs (table, column, type,
// label). With no argument: the shared real labels when they sit beside the repository, then the
// project's own label sets (test/classify/labels), pooled.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClassifier, evaluateLabels, formatEval, formatEvalFiles } from '../src/classify/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const includeUncertain = args.includes('--include-uncertain');
const worstArg = args.find((a) => a.startsWith('--worst='));
const worst = worstArg ? Number(worstArg.slice(8)) : 20;
const classifier = createClassifier();
const score = (file: string) => ({ file, result: evaluateLabels(readFileSync(file, 'utf8'), classifier, { includeUncertain }) });

const files = args.filter((a) => !a.startsWith('--'));
if (files.length > 0) {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`eval: ${missing.join(', ')} not found; pass CSVs with table, column, type, label columns`);
    process.exit(2);
  }
  console.log(formatEvalFiles(files.map(score), { worst }));
} else {
  const shared = resolve(root, '../shared/labels/columns-visible.csv');
  if (existsSync(shared)) console.log(`== ${shared}\n${formatEval(score(shared).result, { worst })}\n`);
  const dir = join(root, 'test/classify/labels');
  const own = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => score(join(dir, f)));
  console.log(`== the project's label sets (${own.length} files)`);
  console.log(formatEvalFiles(own.map((r) => ({ ...r, file: r.file.slice(root.length + 1) })), { worst }));
}
