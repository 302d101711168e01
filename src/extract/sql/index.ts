// SQL extraction: migrations and DDL files → ColumnFacts. PostgreSQL (and Redshift, DuckDB first)
// goes through libpg-query; MySQL, MariaDB, BigQuery and SQLite through node-sql-parser; Snowflake,
// T-SQL and Spark through the tolerant tokenizer extractor, which also reads every statement a
// parser rejects. The snapshot rule is in snapshot.ts, name normalisation in names.ts.

import { loadModule } from 'libpg-query';
import type { ExtractError, ExtractResult, Location, Lineage, Origin } from '../../types.js';
import { FileCollector } from './collector.js';
import type { Dialect } from './dialects.js';
import { usesPostgresParser } from './dialects.js';
import { derivedFromQuery, extractGeneric } from './generic.js';
import { extractHeuristic } from './heuristic.js';
import { CommentIndex } from './justifications.js';
import { lex } from './lexer.js';
import { extractPostgres } from './postgres.js';
import type { ParseStats } from './postgres.js';
import { preprocess } from './preprocess.js';
import { isSnapshot } from './snapshot.js';
import { SourceText } from '../source-text.js';
import { gateStatements } from './statements.js';
import { definesFromQuery } from './statement-kind.js';
import { tolerantDerived } from './tolerant-derived.js';
import { reportUnreadable } from './unreadable.js';
import { selectColumns } from './select-columns.js';

export type { Dialect } from './dialects.js';
export { DIALECTS, isDialect } from './dialects.js';

export interface SqlExtractOptions {
  /** Repository-relative path, used in every location and error. */
  file: string;
  dialect: Dialect;
  /** Default `sql`; notebooks pass `notebook`. */
  origin?: Origin;
  /** Substitute Go `{{ … }}`, Flyway `${…}` and psql `:var` placeholders (default true). */
  placeholders?: boolean;
  /** Extra function or macro names that hash or mask a column (lineage transform `hash`). */
  maskingFunctions?: string[];
}

export interface OutputColumn {
  name: string;
  location: Location;
  lineage?: Lineage;
  expression?: string;
}
export interface StarColumn {
  table?: string;
  location: Location;
  except?: string[];
}
export interface QueryColumns {
  columns: OutputColumn[];
  stars: StarColumn[];
  errors: ExtractError[];
  heuristic?: boolean;
}

/** Counters for measurement (statements seen, read heuristically, unreadable). */
export type SqlExtractStats = ParseStats;

let loading: Promise<void> | undefined;

/** Loads libpg-query's WASM once; every later call returns the same promise. */
export function initSqlParsers(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

export async function extractSql(text: string, options: SqlExtractOptions): Promise<ExtractResult> {
  const { result } = await extractSqlWithStats(text, options);
  return result;
}

export async function extractSqlWithStats(text: string, options: SqlExtractOptions): Promise<{ result: ExtractResult; stats: SqlExtractStats }> {
  const stats: SqlExtractStats = { statements: 0, heuristic: 0, unreadable: 0 };
  const out = await collect(text, options, stats);
  const result: ExtractResult = { facts: out.facts, errors: out.errors };
  if (out.tableEvents.length > 0) result.tableEvents = out.tableEvents;
  if (isSnapshot(options.file, text, out)) result.snapshot = true;
  return { result, stats };
}

async function collect(text: string, options: SqlExtractOptions, stats: SqlExtractStats): Promise<FileCollector> {
  const { dialect } = options;
  const pre = preprocess(text, dialect, options.placeholders ?? true);
  const source = new SourceText(pre.text);
  const comments = new CommentIndex(source, lex(pre.text, dialect, { commentsOnly: true }), options.file);
  const out = new FileCollector(options.file, dialect, options.origin ?? 'sql', source, () => lex(pre.text, dialect), comments, pre.placeholders);
  const masking = new Set((options.maskingFunctions ?? []).map((f) => f.toLowerCase()));
  try {
    if (usesPostgresParser(dialect)) {
      await initSqlParsers();
      extractPostgres(out, pre.text, masking, stats);
    } else if (hasParser(dialect)) {
      await extractGeneric(out, masking, stats);
    } else {
      await extractTokensOnly(out, masking, stats);
    }
  } catch (e) {
    // A defect in an extraction path must not lose the file: report it where it happened.
    out.error(0, `internal error while reading SQL: ${e instanceof Error ? e.message : String(e)}`, 'parse');
  }
  return out;
}

function hasParser(dialect: Dialect): boolean {
  return dialect === 'mysql' || dialect === 'mariadb' || dialect === 'bigquery' || dialect === 'sqlite';
}

/**
 * Snowflake, T-SQL, Spark: no parser is good enough for their DDL, so the tolerant extractor is the
 * primary path. Views and CREATE TABLE AS still need their query read for output columns and
 * lineage: node-sql-parser's grammar for the dialect tries; when it cannot, the columns are
 * reported as unknown rather than passed over.
 */
async function extractTokensOnly(out: FileCollector, masking: ReadonlySet<string>, stats: SqlExtractStats): Promise<void> {
  const text = out.source.text;
  for (const { stmt, tokens, kind } of gateStatements(text, out.tokens, out.dialect, stats)) {
    stats.heuristic++;
    if (definesFromQuery(text, tokens, kind)) {
      if (!(await derivedFromQuery(out, stmt, tokens, masking)) && !tolerantDerived(out, stmt, tokens, kind, '')) {
        out.error(stmt.start, `${kind} … AS SELECT: the query could not be read in ${out.dialect}; the columns it creates are unknown`, 'unknown-columns');
      }
      continue;
    }
    const h = extractHeuristic(out, tokens);
    if (!h.recognised && h.events === 0) reportUnreadable(out, stats, stmt.start, kind, '');
  }
}

/**
 * Output columns of the last SELECT in `sql` (through CTEs, aliases and subqueries), with lineage
 * and locations. `*` that cannot be expanded within the text is returned in `stars`.
 */
export async function selectOutputColumns(sql: string, options: SqlExtractOptions & { maskingFunctions?: string[] }): Promise<QueryColumns> {
  const pre = preprocess(sql, options.dialect, options.placeholders ?? true);
  if (usesPostgresParser(options.dialect)) await initSqlParsers();
  return selectColumns(pre.text, pre.placeholders, options);
}
