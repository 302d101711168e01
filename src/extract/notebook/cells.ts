// The notebook as the analysis sees it, whatever the file format: numbered cells, each with its
// language, its source text and a map from every line of that text to the line and column in the
// file where a reviewer sees it in the pull request diff.

import type { Dialect } from '../sql/index.js';
import type { Location } from '../../types.js';

export type CellLanguage = 'python' | 'sql' | 'scala' | 'r' | 'markdown' | 'other';

export interface LineOrigin {
  /** 1-based line in the notebook file. */
  line: number;
  /** 1-based column in the file of the cell line's first character. */
  column: number;
}

export interface Cell {
  /** 1-based position in the notebook, as "cell N" in messages. */
  number: number;
  /** nbformat ≥ 4.5 cell id. */
  id?: string;
  language: CellLanguage;
  /** The SQL dialect the cell itself names (`%%bigquery`, a jupysql connection string). */
  dialect?: Dialect;
  /** Cell source with magic lines blanked (same length), so cell lines and offsets are stable. */
  text: string;
  /** File position of each cell line (index 0 = the cell's first line). */
  lines: LineOrigin[];
}

export interface Notebook {
  format: 'ipynb' | 'databricks';
  /** Language of code cells without their own marker (kernel language, Databricks file extension). */
  defaultLanguage: CellLanguage;
  /** Dialect implied by the platform (Databricks → spark), before the config's. */
  dialect?: Dialect;
  cells: Cell[];
}

/** A position inside a cell's text (1-based line and column) → a location in the notebook file. */
export function cellLocation(file: string, cell: Cell, line: number, column: number): Location {
  const origin = cell.lines[Math.min(Math.max(line, 1), cell.lines.length) - 1];
  if (!origin) return { file, line: 1, column: 1 };
  return { file, line: origin.line, column: origin.column + Math.max(column, 1) - 1 };
}

/** Replaces every character but line breaks with spaces, keeping offsets and line numbers. */
export function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

export function languageOf(name: string | undefined): CellLanguage | undefined {
  const n = (name ?? '').toLowerCase();
  if (n === 'python' || n === 'python3' || n === 'pyspark' || n === 'ipython' || n === 'py') return 'python';
  if (n === 'sql' || n === 'sparksql' || n === 'spark-sql' || n === 'tsql' || n === 'kql') return n === 'kql' ? 'other' : 'sql';
  if (n === 'scala' || n === 'spark') return 'scala';
  if (n === 'r') return 'r';
  if (n === 'markdown' || n === 'md') return 'markdown';
  return n === '' ? undefined : 'other';
}
