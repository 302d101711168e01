// The node-sql-parser path (MySQL, MariaDB, BigQuery, SQLite). Each gate statement is parsed alone;
// an accepted CREATE/ALTER is then read from its tokens (exact positions and types as written,
// which several grammars do not give) and its facts are not heuristic. Views and CREATE TABLE AS
// take their columns and lineage from the AST. A rejected statement goes to the heuristic path.

/* eslint-disable @typescript-eslint/no-explicit-any -- node-sql-parser's AST types are loose unions */
import type { FileCollector } from './collector.js';
import type { Dialect } from './dialects.js';
import { extractHeuristic } from './heuristic.js';
import { nspAstify, nspParser } from './nsp.js';
import type { NspFrame } from './nsp-query.js';
import { nspQuery } from './nsp-query.js';
import type { ParseStats } from './postgres.js';
import { QueryResolver } from './query-model.js';
import { gateStatements } from './statements.js';
import type { Statement } from './statements.js';
import { TokenReader } from './token-reader.js';
import { expressionTextAt } from './expression-text.js';
import { normaliseIdentifier, normaliseDottedName } from './names.js';
import { reportUnreadable } from './unreadable.js';
import { definesFromQuery } from './statement-kind.js';
import { tolerantDerived } from './tolerant-derived.js';
import type { Token } from './lexer.js';

export async function extractGeneric(out: FileCollector, masking: ReadonlySet<string>, stats: ParseStats): Promise<void> {
  const parser = await nspParser(out.dialect);
  const resolver = new QueryResolver(masking);
  const text = out.source.text;
  for (const { stmt, tokens, kind } of gateStatements(text, out.tokens, out.dialect, stats)) {
    const parsed = parser ? nspAstify(parser, out.dialect, text.slice(stmt.start, stmt.end)) : { message: 'no parser for this dialect' };
    if (definesFromQuery(text, tokens, kind)) {
      // The token reader sees no column list in `… AS SELECT`: the query must be read, or the statement reported.
      if (parsed.ast && derivedTable(out, stmt, tokens, parsed.ast, resolver)) continue;
      stats.heuristic++;
      const why = parsed.message ?? 'its query could not be followed';
      if (!tolerantDerived(out, stmt, tokens, kind, why)) reportUnreadable(out, stats, stmt.start, kind, why);
      continue;
    }
    if (parsed.ast) {
      out.tokenFactsAreHeuristic = false;
      const h = extractHeuristic(out, tokens);
      out.tokenFactsAreHeuristic = true;
      if (h.recognised || h.events > 0) continue;
    }
    stats.heuristic++;
    const h = extractHeuristic(out, tokens);
    if (!h.recognised && h.events === 0) reportUnreadable(out, stats, stmt.start, kind, parsed.message ?? '');
  }
}

/** Grammars close enough to a token-read dialect to read the query of its views. */
const QUERY_GRAMMARS: Partial<Record<Dialect, Dialect[]>> = {
  spark: ['spark', 'mysql', 'bigquery'],
  tsql: ['tsql', 'mysql'],
  snowflake: ['snowflake', 'mysql'],
  redshift: ['redshift', 'mysql'],
};

/**
 * CREATE VIEW / CREATE TABLE AS in a dialect read by tokens: the statement is handed to
 * node-sql-parser only for its query, in the dialect's grammar and then in close ones (a query
 * read by a foreign grammar gives heuristic facts). False when none can read it.
 */
export async function derivedFromQuery(out: FileCollector, stmt: Statement, tokens: Token[], masking: ReadonlySet<string>): Promise<boolean> {
  const sql = out.source.text.slice(stmt.start, stmt.end);
  const candidates = [sql, withoutTableOptions(out, stmt, tokens, sql)].filter((c): c is string => c !== undefined);
  for (const grammar of QUERY_GRAMMARS[out.dialect] ?? [out.dialect]) {
    const parser = await nspParser(grammar);
    if (!parser) continue;
    for (const candidate of candidates) {
      const parsed = nspAstify(parser, grammar, candidate);
      if (parsed.ast && selectOf(parsed.ast) && derivedTable(out, stmt, tokens, parsed.ast, new QueryResolver(masking), grammar !== out.dialect || candidate !== sql)) return true;
    }
  }
  return false;
}

/**
 * The statement with the clauses between the table name and `AS` blanked out (`USING DELTA`,
 * `PARTITIONED BY (…)`, `TBLPROPERTIES (…)`, `WITH (…)`), which no grammar shares. Blanking keeps
 * every offset, so locations still point into the file.
 */
function withoutTableOptions(out: FileCollector, stmt: Statement, tokens: Token[], sql: string): string | undefined {
  const name = new TokenReader(out.source.text, tokens, out.names).createdName();
  if (!name) return undefined;
  let depth = 0;
  for (let i = name.next; i < tokens.length; i++) {
    const t = out.source.text.slice(tokens[i]!.start, tokens[i]!.end);
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && t.toUpperCase() === 'AS') {
      if (i === name.next) return undefined;
      const from = tokens[name.next]!.start - stmt.start;
      const to = tokens[i]!.start - stmt.start;
      return sql.slice(0, from) + sql.slice(from, to).replace(/[^\n]/g, ' ') + sql.slice(to);
    }
  }
  return undefined;
}

function selectOf(ast: any): any {
  if (ast?.select) return ast.select;
  const q = ast?.query_expr ?? ast?.as;
  if (q?.type === 'select') return q;
  return q?.ast?.type === 'select' ? q.ast : undefined;
}

/** CREATE VIEW / CREATE TABLE … AS SELECT: output columns with lineage. False when there is no SELECT. */
function derivedTable(out: FileCollector, stmt: Statement, tokens: Token[], ast: any, resolver: QueryResolver, heuristic = false): boolean {
  const select = selectOf(ast);
  if (!select) return false;
  const reader = new TokenReader(out.source.text, tokens, out.names);
  const frame = nspFrame(out, stmt, reader);
  const query = nspQuery(select, frame);
  if (!query) return false;
  const name = reader.createdName();
  const table = name?.name ?? normaliseDottedName(String(ast.view?.view ?? ast.table?.[0]?.table ?? ''), out.names);
  const aliases: string[] = (ast.columns ?? []).map((c: any) => (typeof c === 'string' ? c : String(c?.column ?? c?.value ?? '')));
  const resolved = resolver.resolve(query);
  resolved.columns.forEach((c, i) => {
    const alias = aliases[i];
    out.column({ table, column: alias ? normaliseIdentifier(alias, false, out.names) : c.name, action: 'define', at: c.at, ...(c.lineage ? { lineage: c.lineage } : {}) }, heuristic);
  });
  for (const star of resolved.stars) {
    out.error(star.at, `columns of ${table} from \`${star.table ?? ''}.*\` cannot be listed without the definition of ${star.table ?? 'the source'}`, 'unknown-columns');
  }
  return true;
}

export function nspFrame(out: FileCollector, stmt: Statement, reader: TokenReader): NspFrame {
  let cursor = 0;
  return {
    offset(loc: any, name?: string): number {
      if (typeof loc?.start?.offset === 'number') return stmt.start + loc.start.offset;
      if (name !== undefined) {
        const i = reader.find(name, cursor);
        if (i !== undefined) {
          cursor = i + 1;
          return reader.tokens[i]!.start;
        }
      }
      return stmt.start;
    },
    ident: (value: string) => normaliseIdentifier(value, false, out.names),
    textAt: (offset: number) => expressionTextAt(out.source.text, offset, out.dialect),
  };
}
