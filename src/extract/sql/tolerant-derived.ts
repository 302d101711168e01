// A view or CREATE TABLE AS whose query no grammar accepts (a ClickHouse materialized view with its
// `TO` target and array syntax, vendor functions) still names its output columns in its final
// SELECT list. Reading them from tokens lets the gate classify what the view exposes instead of
// reporting its columns unknown; the facts are heuristic and the run says how they were read.

import type { FileCollector } from './collector.js';
import type { Token } from './lexer.js';
import { normaliseIdentifier } from './names.js';
import { queryStart } from './statement-kind.js';
import type { Statement } from './statements.js';
import { TokenReader } from './token-reader.js';
import { tolerantSelect } from './tolerant-select.js';

/**
 * Defines the output columns of the derived table in `stmt` from its SELECT list and warns that
 * no parser could read its query. False (nothing recorded) when the list cannot be read, so the caller
 * reports the statement as before.
 */
export function tolerantDerived(out: FileCollector, stmt: Statement, tokens: Token[], kind: string, parserMessage: string): boolean {
  const text = out.source.text;
  const reader = new TokenReader(text, tokens, out.names);
  const name = reader.createdName();
  const start = queryStart(text, tokens);
  if (!name || start < 0) return false;
  const queryOffset = tokens[start]!.start;
  const select = tolerantSelect(text.slice(queryOffset, stmt.end), out.dialect);
  // A `*` the text cannot expand would leave columns out: the statement stays unreadable instead.
  if (!select || select.columns.length === 0 || select.stars.length > 0) return false;
  const renamed = columnList(reader, name.next);
  select.columns.forEach((c, i) => {
    const alias = renamed[i];
    out.column(
      {
        table: name.name,
        column: alias ? alias.name : normaliseIdentifier(c.name, false, out.names),
        action: 'define',
        at: alias ? alias.at : queryOffset + c.at,
        ...(c.lineage ? { lineage: c.lineage } : {}),
      },
      true,
    );
  });
  const why = parserMessage ? ` (${parserMessage})` : '';
  out.error(stmt.start, `${kind} … AS SELECT: the query could not be read in ${out.dialect}${why}; its columns were read from the SELECT list by the tolerant reader, without lineage through subqueries`, 'unsupported');
  return true;
}

/** The names in `CREATE VIEW v (a, b) AS …`, which replace the query's own by position. */
function columnList(reader: TokenReader, i: number): { name: string; at: number }[] {
  if (!reader.isPunct(i, '(')) return [];
  const names: { name: string; at: number }[] = [];
  for (const [from, to] of reader.splitCommas(i + 1, reader.closeParen(i) - 1)) {
    const n = reader.name(from);
    if (n && n.next === to) names.push({ name: n.last, at: n.at });
  }
  return names;
}
