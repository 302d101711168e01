// Cell magics: `%%sql` (jupysql / ipython-sql), `%%bigquery`, Databricks `%sql` / `%python` / `%md`
// and friends. A magic line decides the cell's language and sometimes its SQL dialect; it is then
// blanked so that what follows keeps its line numbers.

import type { Dialect } from '../sql/index.js';
import { blank, type CellLanguage } from './cells.js';

export interface MagicResult {
  language?: CellLanguage;
  dialect?: Dialect;
  /** A jupysql connection opened by this magic; later `%%sql` cells use its dialect. */
  connection?: Dialect;
  text: string;
}

const LANGUAGE_MAGICS: Record<string, CellLanguage> = {
  sql: 'sql',
  sparksql: 'sql',
  bigquery: 'sql',
  python: 'python',
  pyspark: 'python',
  scala: 'scala',
  spark: 'scala',
  r: 'r',
  md: 'markdown',
  markdown: 'markdown',
  sh: 'other',
  bash: 'other',
  fs: 'other',
  pip: 'other',
  run: 'other',
  conda: 'other',
  html: 'other',
  javascript: 'other',
  latex: 'other',
  writefile: 'other',
};

/** The dialect a connection URL names (SQLAlchemy style, as jupysql takes it). */
export function dialectOfConnection(text: string): Dialect | undefined {
  const m = /\b([a-z][a-z0-9]*)(?:\+[a-z0-9_]+)?:\/\//i.exec(text);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme.startsWith('postgres')) return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return scheme;
  if (scheme === 'duckdb') return 'duckdb';
  if (scheme === 'sqlite') return 'sqlite';
  if (scheme === 'snowflake') return 'snowflake';
  if (scheme === 'bigquery') return 'bigquery';
  if (scheme === 'mssql') return 'tsql';
  if (scheme === 'redshift') return 'redshift';
  if (scheme === 'sc' || scheme === 'spark' || scheme === 'hive' || scheme === 'databricks') return 'spark';
  return undefined;
}

/**
 * Reads the cell magic on the first non-blank line (`%%name` in Jupyter; `%name` in Databricks and
 * for a one-line jupysql `%sql` that opens a connection).
 */
export function readCellMagic(text: string): MagicResult {
  const m = /^(\s*)(%%?)([A-Za-z_]+)([^\n]*)/.exec(text);
  if (!m) return { text };
  const [whole, , percent, rawName, rest] = m as unknown as [string, string, string, string, string];
  const name = rawName.toLowerCase();
  const language = LANGUAGE_MAGICS[name];
  if (language === undefined) return { text };
  const connection = name === 'sql' ? dialectOfConnection(rest) : undefined;
  const result: MagicResult = { language, text: blank(whole) + text.slice(whole.length) };
  if (name === 'bigquery') result.dialect = 'bigquery';
  if (name === 'sparksql') result.dialect = 'spark';
  if (connection) {
    result.connection = connection;
    result.dialect = connection;
  }
  // A one-line `%sql SELECT …` (jupysql line magic) keeps its query: only the magic is blanked.
  if (percent === '%' && name === 'sql' && !connection && rest.trim() !== '') {
    const at = whole.indexOf('%');
    result.text = text.slice(0, at) + ' '.repeat(4) + text.slice(at + 4);
  }
  return result;
}
