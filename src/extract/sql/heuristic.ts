// The tolerant extractor: reads column DDL from tokens alone. It is the primary path for dialects
// without a usable parser (Snowflake, Redshift, T-SQL, Spark) and the fallback for any statement a
// parser rejects. Its facts are marked heuristic. Per-dialect clause words that look like a column
// (`ADD SEARCH OPTIMIZATION`, `DROP UNIQUE`) are listed as stop-words so they never become columns.

import type { FileCollector } from './collector.js';
import type { Token } from './lexer.js';
import { stringValue } from './lexer.js';
import { TokenReader } from './token-reader.js';

/** Items in a column list or ADD/DROP clause that are not columns. */
const NON_COLUMN_ITEMS = new Set([
  'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'KEY', 'INDEX', 'FULLTEXT', 'SPATIAL', 'EXCLUDE', 'LIKE',
  'PERIOD', 'PARTITION', 'SEARCH', 'ROW', 'CLUSTERING', 'DEFAULT', 'SYSTEM', 'TAG', 'MASKING', 'ROW_ACCESS',
  'CONSTRAINTS', 'TABLESPACE', 'SUBPARTITION', 'SORTKEY', 'DISTKEY', 'DISTSTYLE', 'ENCODE', 'AGGREGATING',
  'IDENTITY', 'VERSIONING', 'FILEGROUP', 'STATISTICS', 'CONNECTION', 'PROJECTION', 'SPACE', 'EXPRESSION',
]);

/** Words that end a column's type and start its options. */
const TYPE_END = new Set([
  'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'REFERENCES', 'CHECK', 'UNIQUE', 'CONSTRAINT', 'COLLATE', 'GENERATED',
  'AUTO_INCREMENT', 'AUTOINCREMENT', 'IDENTITY', 'COMMENT', 'OPTIONS', 'ENCODE', 'AS', 'ON', 'WITH', 'MASKING',
  'TAG', 'SPARSE', 'ROWGUIDCOL', 'FIRST', 'AFTER', 'USING', 'STORAGE', 'COMPRESSION', 'INVISIBLE', 'VISIBLE',
  'DISTKEY', 'SORTKEY', 'KEY', 'FILESTREAM', 'MATERIALIZED', 'ALIAS', 'CODEC', 'TTL', 'SET', 'DROP', 'PERSISTED',
  'CASCADE', 'RESTRICT', 'ENABLE', 'DISABLE',
]);

export interface HeuristicResult {
  /** The statement's shape was understood (it may still hold no column events, e.g. ADD CONSTRAINT). */
  recognised: boolean;
  /** How many facts or table events it produced. */
  events: number;
}

export function extractHeuristic(out: FileCollector, stmtTokens: Token[]): HeuristicResult {
  const r = new TokenReader(out.source.text, stmtTokens, out.names);
  const before = out.facts.length + out.tableEvents.length;
  const recognised = readStatement(r, out);
  return { recognised, events: out.facts.length + out.tableEvents.length - before };
}

function readStatement(r: TokenReader, out: FileCollector): boolean {
  const head = r.kw(0);
  if (head === 'CREATE') {
    let i = r.skip(1, 'OR', 'REPLACE');
    while (/^(GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED|TRANSIENT|VOLATILE|EXTERNAL|MULTISET|SET|HYBRID|DYNAMIC|ICEBERG|EVENT|SNAPSHOT|VIRTUAL)$/.test(r.kw(i))) i++;
    if (r.kw(i) === 'TABLE') return createTable(r, out, r.skipIfNotExists(i + 1));
    return false;
  }
  if (head === 'ALTER' && r.kw(1) === 'TABLE') return alterTable(r, out);
  if (head === 'COMMENT' && r.kw(1) === 'ON') return commentOn(r, out);
  if (head === 'RENAME' && r.kw(1) === 'TABLE') return renameTables(r, out, 2);
  if (head === 'DROP' && r.kw(1) === 'TABLE') return dropTables(r, out);
  if ((head === 'EXEC' || head === 'EXECUTE') && /SP_RENAME$/.test(r.kw(1))) return spRename(r, out);
  return false;
}

function createTable(r: TokenReader, out: FileCollector, i: number): boolean {
  const table = r.name(i);
  if (!table) return false;
  const j = table.next;
  // `CREATE TABLE t AS SELECT …` has no column list to read here; `CREATE TABLE t LIKE u` copies one.
  if (!r.isPunct(j, '(')) return r.kw(j) === 'AS' || r.kw(j) === 'LIKE' || r.kw(j) === 'CLONE' || r.kw(j) === 'PARTITION' || r.kw(j) === 'OF';
  const close = r.closeParen(j);
  const closed = r.isPunct(close - 1, ')') && close - 1 > j;
  // A truncated statement still yields the columns it has, but what followed is unknown: say so.
  if (!closed) out.error(r.tokens[j]!.start, `CREATE TABLE ${table.name}: the column list is never closed; columns after this point are unknown`, 'parse');
  for (const [s, e] of r.splitCommas(j + 1, closed ? close - 1 : close)) columnDefinition(r, out, table.name, s, e, 'define');
  return true;
}

/** `name type [options]`; returns false for table constraints and other non-column items. */
function columnDefinition(
  r: TokenReader,
  out: FileCollector,
  table: string,
  s: number,
  e: number,
  action: 'define' | 'add' | 'alter-type',
  annotationAbove?: number,
  renamedFrom?: string,
): boolean {
  if (s >= e || NON_COLUMN_ITEMS.has(r.kw(s))) return false;
  const col = r.name(s);
  if (!col || col.next !== s + 1) return false;
  let typeEnd = col.next;
  while (typeEnd < e && !TYPE_END.has(r.kw(typeEnd))) {
    if (r.isPunct(typeEnd, '(')) typeEnd = r.closeParen(typeEnd);
    else typeEnd++;
  }
  // MySQL `varchar(20) CHARACTER SET utf8mb4` ends the type at CHARACTER; `character varying` does not.
  if (r.kw(typeEnd) === 'SET' && r.kw(typeEnd - 1) === 'CHARACTER' && typeEnd - 1 > col.next) typeEnd--;
  const type = typeEnd > col.next ? r.typeText(col.next, typeEnd) : undefined;
  out.column(
    {
      table,
      column: col.last,
      action,
      at: col.at,
      ...(type ? { type } : {}),
      ...(renamedFrom !== undefined ? { renamedFrom } : {}),
      ...(annotationAbove !== undefined ? { annotationAbove } : {}),
      ...descriptionOf(r, typeEnd, e),
    },
    true,
  );
  return true;
}

/** `COMMENT 'text'` (MySQL, Snowflake, Spark) or `OPTIONS(description="text")` (BigQuery). */
function descriptionOf(r: TokenReader, from: number, to: number): { description?: string } {
  for (let j = from; j < to; j++) {
    const t = r.tokens[j + 1];
    if (r.kw(j) === 'COMMENT' && t) {
      const str = r.kw(j + 1) === 'IS' || r.isPunct(j + 1, '=') ? r.tokens[j + 2] : t;
      if (str?.kind === 'string') return { description: stringValue(r.text, str) };
    }
    if (r.kw(j) === 'DESCRIPTION' && r.tokens[j + 1]?.kind === 'op') {
      const str = r.tokens[j + 2];
      if (str?.kind === 'string' || str?.kind === 'quoted') return { description: stringValue(r.text, str).replace(/^"|"$/g, '') };
    }
  }
  return {};
}

type Verb = 'ADD' | 'DROP' | 'ALTER' | 'MODIFY' | 'CHANGE' | 'RENAME' | 'OTHER';

function alterTable(r: TokenReader, out: FileCollector): boolean {
  let i = r.skipIfNotExists(2);
  i = r.skip(i, 'ONLY');
  const table = r.name(i);
  if (!table) return false;
  const clauses = r.splitCommas(table.next, r.tokens.length);
  const addCount = clauses.filter(([s]) => r.kw(s) === 'ADD').length;
  let verb: Verb = 'OTHER';
  let recognised = true;
  for (const [s, e] of clauses) {
    const word = r.kw(s);
    let j = s;
    if (word === 'ADD' || word === 'DROP' || word === 'ALTER' || word === 'MODIFY' || word === 'CHANGE' || word === 'RENAME') {
      verb = word;
      j = s + 1;
    } else if (verb !== 'ADD' && verb !== 'DROP') {
      // Only ADD and DROP continue over commas (`ADD a int, b int` in T-SQL/Snowflake, `DROP COLUMN a, b`).
      verb = 'OTHER';
    }
    const columnWord = r.kw(j) === 'COLUMN';
    if (columnWord) j++;
    switch (verb) {
      case 'ADD': {
        j = r.skipIfNotExists(j);
        if (r.isPunct(j, '(') && !columnWord) {
          // MySQL `ADD (a int, b int)`.
          for (const [cs, ce] of r.splitCommas(j + 1, r.closeParen(j) - 1)) columnDefinition(r, out, table.name, cs, ce, 'add');
        } else {
          const above = addCount === 1 && clauses.length === 1 ? r.tokens[0]!.start : undefined;
          columnDefinition(r, out, table.name, r.isPunct(j, '(') ? j + 1 : j, e, 'add', above);
        }
        break;
      }
      case 'DROP': {
        j = r.skipIfNotExists(j);
        if (!columnWord && NON_COLUMN_ITEMS.has(r.kw(j))) break;
        const col = r.name(j);
        if (col && col.next === j + 1) out.column({ table: table.name, column: col.last, action: 'drop', at: col.at }, true);
        break;
      }
      case 'ALTER':
      case 'MODIFY':
        alterColumn(r, out, table.name, j, e, columnWord);
        break;
      case 'CHANGE': {
        const from = r.name(j);
        if (from && from.next === j + 1 && r.isName(j + 1)) {
          const renamed = r.name(j + 1);
          const differs = renamed !== undefined && renamed.last !== from.last;
          if (differs) out.column({ table: table.name, column: renamed.last, action: 'rename', renamedFrom: from.last, at: renamed.at }, true);
          columnDefinition(r, out, table.name, j + 1, e, 'alter-type');
        }
        break;
      }
      case 'RENAME':
        if (!rename(r, out, table.name, s + 1, columnWord)) recognised = false;
        break;
      default:
        break;
    }
  }
  return recognised;
}

/** `ALTER [COLUMN] c [SET DATA] TYPE t`, T-SQL `ALTER COLUMN c t NULL`, MySQL `MODIFY c t`. */
function alterColumn(r: TokenReader, out: FileCollector, table: string, j: number, e: number, columnWord: boolean): void {
  if (!columnWord && NON_COLUMN_ITEMS.has(r.kw(j))) return;
  const col = r.name(j);
  if (!col || col.next !== j + 1) return;
  let k = col.next;
  k = r.skip(k, 'SET', 'DATA');
  if (r.kw(k) === 'TYPE') k++;
  else if (r.kw(k) === 'COMMENT' || (r.kw(k) === 'SET' && r.kw(k + 1) === 'COMMENT')) {
    const d = descriptionOf(r, k, e);
    if (d.description !== undefined) out.column({ table, column: col.last, action: 'comment', at: col.at, ...d }, true);
    return;
  } else if (/^(SET|DROP|RESET|ADD|UNSET|RESTART|OPTIONS)$/.test(r.kw(k)) || k >= e) return;
  let typeEnd = k;
  while (typeEnd < e && !TYPE_END.has(r.kw(typeEnd))) typeEnd = r.isPunct(typeEnd, '(') ? r.closeParen(typeEnd) : typeEnd + 1;
  if (typeEnd === k) return;
  out.column({ table, column: col.last, action: 'alter-type', at: col.at, type: r.typeText(k, typeEnd), ...descriptionOf(r, typeEnd, e) }, true);
}

/** `RENAME [COLUMN] a TO b` or `RENAME TO t2` (the table). */
function rename(r: TokenReader, out: FileCollector, table: string, j: number, columnWord: boolean): boolean {
  if (columnWord) j++;
  if (r.kw(j) === 'TO' || r.kw(j) === 'AS') {
    const to = r.name(j + 1);
    if (to) out.tableEvent('rename-table', table, r.tokens[0]!.start, qualifyLike(table, to.name));
    return to !== undefined;
  }
  if (r.kw(j) === 'INDEX' || r.kw(j) === 'KEY' || r.kw(j) === 'CONSTRAINT') return true;
  const from = r.name(j);
  if (!from || (r.kw(from.next) !== 'TO' && r.kw(from.next) !== 'AS')) return false;
  const to = r.name(from.next + 1);
  if (!to) return false;
  out.column({ table, column: to.last, action: 'rename', renamedFrom: from.last, at: to.at }, true);
  return true;
}

/** A rename target without a schema stays in the source table's schema. */
export function qualifyLike(table: string, to: string): string {
  if (to.includes('.')) return to;
  const dot = table.lastIndexOf('.');
  return dot < 0 ? to : table.slice(0, dot + 1) + to;
}

function commentOn(r: TokenReader, out: FileCollector): boolean {
  if (r.kw(2) !== 'COLUMN') return r.kw(2) !== '';
  const target = r.name(3);
  if (!target || r.kw(target.next) !== 'IS') return false;
  const str = r.tokens[target.next + 1];
  const dot = target.name.lastIndexOf('.');
  if (dot < 0) return false;
  const description = str?.kind === 'string' ? stringValue(r.text, str) : undefined;
  out.column(
    { table: target.name.slice(0, dot), column: target.last, action: 'comment', at: target.at, ...(description !== undefined ? { description } : {}) },
    true,
  );
  return true;
}

function renameTables(r: TokenReader, out: FileCollector, i: number): boolean {
  let ok = false;
  for (const [s] of r.splitCommas(i, r.tokens.length)) {
    const from = r.name(s);
    if (!from || r.kw(from.next) !== 'TO') continue;
    const to = r.name(from.next + 1);
    if (!to) continue;
    out.tableEvent('rename-table', from.name, r.tokens[s]!.start, to.name);
    ok = true;
  }
  return ok;
}

function dropTables(r: TokenReader, out: FileCollector): boolean {
  const i = r.skipIfNotExists(2);
  let ok = false;
  for (const [s] of r.splitCommas(i, r.tokens.length)) {
    const t = r.name(s);
    if (!t) continue;
    out.tableEvent('drop-table', t.name, r.tokens[s]!.start);
    ok = true;
  }
  return ok;
}

/** T-SQL `EXEC sp_rename 'dbo.orders.addr', 'address', 'COLUMN'`. */
function spRename(r: TokenReader, out: FileCollector): boolean {
  const args = r.tokens.slice(2).filter((t) => t.kind === 'string');
  const [what, to, kind] = args.map((t) => stringValue(r.text, t));
  if (what === undefined || to === undefined) return false;
  const at = args[1]!.start + 1;
  if (kind?.toUpperCase() === 'COLUMN') {
    const dot = what.lastIndexOf('.');
    if (dot < 0) return false;
    const table = what.slice(0, dot).toLowerCase().replace(/[[\]]/g, '');
    const from = what.slice(dot + 1).toLowerCase().replace(/[[\]]/g, '');
    out.column({ table, column: to.toLowerCase(), action: 'rename', renamedFrom: from, at }, true);
    return true;
  }
  const table = what.toLowerCase().replace(/[[\]]/g, '');
  out.tableEvent('rename-table', table, r.tokens[0]!.start, qualifyLike(table, to.toLowerCase()));
  return true;
}
