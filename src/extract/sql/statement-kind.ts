// Names a statement by its leading keywords, to decide whether it can touch columns (gate DDL) and
// to name it in error messages.

import type { Token } from './lexer.js';
import { keyword } from './lexer.js';

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
