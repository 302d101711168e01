// Measures the classifier against labelled columns: `sensitive` ⇔ level ≥ confidential.
import { parseCsv } from './csv.js';
import type { Classifier } from './index.js';
import { isSensitive } from './levels.js';
import type { Explanation } from './engine.js';
import type { Level } from '../types.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalRow {
  /** The labels file, when several are pooled. */
  file?: string;
  line: number;
  table: string;
  column: string;
  type: string;
  label: 'sensitive' | 'not_sensitive';
  uncertain: boolean;
  level: Level;
  /** The category the classifier matched (even if context lowered it), or `none`. */
  category: string;
  why: string;
}

export interface EvalResult {
  overall: Counts;
  /** Rows attributed to the category the classifier matched (`none` when nothing matched). */
  perCategory: Record<string, Counts>;
  misclassified: EvalRow[];
  rows: number;
  skippedUncertain: number;
  /** Uncertain rows (possible label misses) that the classifier flags; shown, not scored. */
  uncertainFlagged: EvalRow[];
  /** Rows that could not be read, with the line. */
  errors: string[];
}

function counts(tp: number, fp: number, fn: number, tn: number): Counts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
}

const REQUIRED = ['table', 'column', 'label'] as const;

export function evaluateLabels(csvText: string, classifier: Classifier, options: { includeUncertain?: boolean } = {}): EvalResult {
  const records = parseCsv(csvText);
  const header = records.shift();
  const errors: string[] = [];
  const result: EvalResult = { overall: counts(0, 0, 0, 0), perCategory: {}, misclassified: [], rows: 0, skippedUncertain: 0, uncertainFlagged: [], errors };
  if (!header) {
    errors.push('line 1: empty file; expected a header with table, column, type, label');
    return result;
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (n: string): number => names.indexOf(n);
  const missing = REQUIRED.filter((n) => col(n) < 0);
  if (missing.length > 0) {
    errors.push(`line ${header.line}: header lacks ${missing.join(', ')} (found ${names.join(', ')})`);
    return result;
  }
  const tally = new Map<string, [number, number, number, number]>();
  for (const rec of records) {
    const get = (n: string): string => (col(n) >= 0 ? (rec.fields[col(n)] ?? '').trim() : '');
    const label = get('label');
    if (label !== 'sensitive' && label !== 'not_sensitive') {
      errors.push(`line ${rec.line}: label must be sensitive or not_sensitive, got "${label.slice(0, 40)}"`);
      continue;
    }
    const uncertain = get('uncertain').toLowerCase() === 'yes';
    const input = { column: get('column'), table: get('table'), type: get('type') || undefined };
    const e: Explanation = classifier.explain(input);
    const row: EvalRow = {
      line: rec.line,
      table: input.table,
      column: input.column,
      type: input.type ?? '',
      label,
      uncertain,
      level: e.level,
      category: e.categories[0] ?? e.matched ?? 'none',
      why: e.evidence.join('; '),
    };
    const predicted = isSensitive(e.level);
    if (uncertain && !options.includeUncertain) {
      result.skippedUncertain++;
      if (predicted) result.uncertainFlagged.push(row);
      continue;
    }
    result.rows++;
    const actual = label === 'sensitive';
    const t = tally.get(row.category) ?? [0, 0, 0, 0];
    const cell = predicted ? (actual ? 0 : 1) : actual ? 2 : 3;
    t[cell]++;
    tally.set(row.category, t);
    if (predicted !== actual) result.misclassified.push(row);
  }
  const total: [number, number, number, number] = [0, 0, 0, 0];
  for (const t of tally.values()) for (let k = 0; k < 4; k++) total[k]! += t[k]!;
  result.overall = counts(...total);
  for (const [cat, t] of [...tally].sort((a, b) => a[0].localeCompare(b[0]))) result.perCategory[cat] = counts(...t);
  return result;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);

/** Several label files scored as one: counts add up, every row keeps the file it came from. */
export function poolEval(results: { file: string; result: EvalResult }[]): EvalResult {
  const add = (a: Counts | undefined, b: Counts): Counts => counts((a?.tp ?? 0) + b.tp, (a?.fp ?? 0) + b.fp, (a?.fn ?? 0) + b.fn, (a?.tn ?? 0) + b.tn);
  const pooled: EvalResult = { overall: counts(0, 0, 0, 0), perCategory: {}, misclassified: [], rows: 0, skippedUncertain: 0, uncertainFlagged: [], errors: [] };
  for (const { file, result } of results) {
    pooled.overall = add(pooled.overall, result.overall);
    for (const [cat, c] of Object.entries(result.perCategory)) pooled.perCategory[cat] = add(pooled.perCategory[cat], c);
    pooled.misclassified.push(...result.misclassified.map((r) => ({ ...r, file })));
    pooled.uncertainFlagged.push(...result.uncertainFlagged.map((r) => ({ ...r, file })));
    pooled.errors.push(...result.errors.map((e) => `${file} ${e}`));
    pooled.rows += result.rows;
    pooled.skippedUncertain += result.skippedUncertain;
  }
  pooled.perCategory = Object.fromEntries(Object.entries(pooled.perCategory).sort((a, b) => a[0].localeCompare(b[0])));
  return pooled;
}

/** One line per file, for a pooled run. */
export function formatEvalSummary(file: string, r: EvalResult): string {
  const o = r.overall;
  return `${file}: ${r.rows} columns, precision ${pct(o.precision).trim()}, recall ${pct(o.recall).trim()}, F1 ${pct(o.f1).trim()} (tp ${o.tp}, fp ${o.fp}, fn ${o.fn}, tn ${o.tn})`;
}

/** One file: its full report. Several: a line each, then the pooled report. */
export function formatEvalFiles(results: { file: string; result: EvalResult }[], options: { worst?: number } = {}): string {
  if (results.length === 1) return formatEval(results[0]!.result, options);
  return [...results.map((r) => formatEvalSummary(r.file, r.result)), '', 'all files pooled:', formatEval(poolEval(results), options)].join('\n');
}

export function formatEval(r: EvalResult, options: { worst?: number } = {}): string {
  const worst = options.worst ?? 20;
  const o = r.overall;
  const out: string[] = [
    `Scored ${r.rows} labelled columns${r.skippedUncertain ? ` (${r.skippedUncertain} uncertain rows left out)` : ''}; sensitive ⇔ level ≥ confidential`,
    `overall   precision ${pct(o.precision)}  recall ${pct(o.recall)}  F1 ${pct(o.f1)}   (tp ${o.tp}, fp ${o.fp}, fn ${o.fn}, tn ${o.tn})`,
    '',
    'per category (rows attributed to the category the classifier matched):',
    `  ${'category'.padEnd(30)} ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}   tp   fp   fn   tn`,
  ];
  for (const [cat, c] of Object.entries(r.perCategory)) {
    out.push(`  ${cat.padEnd(30)} ${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)} ${String(c.tn).padStart(4)}`);
  }
  const show = (title: string, rows: typeof r.misclassified): void => {
    out.push('', `${title} (${rows.length}${rows.length > worst ? `, first ${worst}` : ''}):`);
    for (const m of rows.slice(0, worst)) out.push(`  ${m.file ? `${m.file}:` : 'line '}${m.line}: ${m.table}.${m.column} (${m.type.slice(0, 30) || '?'}) → ${m.level} [${m.category}] — ${m.why}`);
  };
  // Misses first: a miss lets an identifier through, which the gate exists to prevent.
  const missed = r.misclassified.filter((m) => m.label === 'sensitive');
  // The same column recurs across a project's models; the names missed most often matter most.
  const byName = new Map<string, typeof missed>();
  for (const m of missed) byName.set(m.column.toLowerCase(), [...(byName.get(m.column.toLowerCase()) ?? []), m]);
  const ranked = [...byName.values()].sort((a, b) => b.length - a.length || a[0]!.line - b[0]!.line);
  if (ranked.length > 0) {
    out.push('', `worst misses: column names missed most often (${ranked.length} names${ranked.length > worst ? `, first ${worst}` : ''}):`);
    for (const rows of ranked.slice(0, worst)) {
      const m = rows[0]!;
      out.push(`  ${String(rows.length).padStart(3)}× ${m.column} (first: ${m.file ? `${m.file}:` : 'line '}${m.line}, ${m.table}) → ${m.level} [${m.category}] — ${m.why}`);
    }
  }
  show('missed (labelled sensitive, classified below confidential)', missed);
  show('false alarms (labelled not sensitive, classified confidential or above)', r.misclassified.filter((m) => m.label === 'not_sensitive'));
  if (r.uncertainFlagged.length) show('uncertain rows the classifier flags (not scored)', r.uncertainFlagged);
  if (r.errors.length) out.push('', `rows not read (${r.errors.length}):`, ...r.errors.slice(0, worst).map((e) => `  ${e}`));
  return out.join('\n');
}
