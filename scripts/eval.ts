// `npm run eval [CSV]`: precision/recall of the classifier on a labelled CSV (table, column, type, label).
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClassifier, evaluateLabels, formatEval } from '../src/classify/index.js';

const args = process.argv.slice(2);
const includeUncertain = args.includes('--include-uncertain');
const worstArg = args.find((a) => a.startsWith('--worst='));
const file = args.find((a) => !a.startsWith('--')) ?? resolve(process.cwd(), '../shared/labels/columns-visible.csv');
if (!existsSync(file)) {
  console.error(`eval: ${file} not found; pass a CSV with table, column, type, label columns`);
  process.exit(2);
}
const result = evaluateLabels(readFileSync(file, 'utf8'), createClassifier(), { includeUncertain });
console.log(formatEval(result, { worst: worstArg ? Number(worstArg.slice(8)) : 20 }));
