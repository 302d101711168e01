// Names a statement by its leading keywords, to decide whether it can touch columns (gate DDL) and
// to name it in error messages.

import type { Token } from './lexer.js';
import { keyword, tokenText } from './lexer.js';

const CREATE_MODIFIERS = /^(OR|REPLACE|GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED|TRANSIENT|VOLATILE|EXTERNAL|MULTISET|SET|SECURE|RECURSIVE|MATERIALIZED|ALGORITHM|DEFINER|SQL|SECURITY|FORCE|HYBRID|DYNAMIC|ICEBERG|IF|NOT|EXISTS)$/;

/** e.g. `CREATE TABLE`, `ALTER TABLE`, `CREATE MATERIALIZED VIEW`, `DO`, or undefined when it cannot add or change columns. */
export function gateStatementKind(text: string, tokens: Token[]): string | undefined {
  const kw = (i: number) => keyword(text, tokens[i]);
  const head = kw(0);
  if (head === 'CREATE') {
    let i = 1;
    let materialized = false;
    while (i < tokens.length && CREATE_MODIFIERS.test(kw(i))) {
      if (kw(i) === 'MATERIALIZED') materialized = true;
      i++;
    }
    if (kw(i) === 'TABLE') return 'CREATE TABLE';
    if (kw(i) === 'VIEW') return materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW';
    return undefined;
  }
  if (head === 'ALTER' && kw(1) === 'TABLE') return 'ALTER TABLE';
  if (head === 'COMMENT' && kw(1) === 'ON' && kw(2) === 'COLUMN') return 'COMMENT ON COLUMN';
  if (head === 'RENAME' && kw(1) === 'TABLE') return 'RENAME TABLE';
  if (head === 'DROP' && kw(1) === 'TABLE') return 'DROP TABLE';
  if (head === 'DO') return 'DO';
  if ((head === 'EXEC' || head === 'EXECUTE') && /SP_RENAME$/.test(kw(1))) return 'sp_rename';
  return undefined;
}

/** A view, or a table created from a query (`CREATE TABLE t [(…)] AS SELECT|WITH …`). */
export function definesFromQuery(text: string, tokens: Token[], kind: string): boolean {
  if (kind === 'CREATE VIEW' || kind === 'CREATE MATERIALIZED VIEW') return true;
  return kind === 'CREATE TABLE' && queryStart(text, tokens) >= 0;
}

/** Index of the first token of the query after the statement's top-level `AS`, or -1 when none follows. */
export function queryStart(text: string, tokens: Token[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokenText(text, tokens[i]!);
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && keyword(text, tokens[i]) === 'AS') {
      const next = keyword(text, tokens[i + 1]);
      return next === 'SELECT' || next === 'WITH' || tokenText(text, tokens[i + 1]!) === '(' ? i + 1 : -1;
    }
  }
  return -1;
}
