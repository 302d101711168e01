// The last resort for a query no parser accepts (a dbt model's Snowflake `:` paths, `QUALIFY` or
// Jinja leftovers; a migration view in ClickHouse syntax): reads the final top-level SELECT list
// from tokens. Column names are reliable; lineage is given only where it is certain (a plain column
// read from the single relation in FROM).

import type { Lineage } from '../../types.js';
import { identifierValue, keyword, lex, tokenText, type Token } from './lexer.js';
import type { Dialect } from './dialects.js';

export interface TolerantColumn {
  name: string;
  at: number;
  lineage?: Lineage;
}

export interface TolerantStar {
  table?: string;
  at: number;
}

export interface TolerantSelect {
  columns: TolerantColumn[];
  stars: TolerantStar[];
  /** The relations named in the final FROM clause (unaliased names). */
  from: string[];
}

/** The lexer's keywords are upper-case; the lists here are lower-case. */
function kw(text: string, t: Token | undefined): string {
  return keyword(text, t).toLowerCase();
}

const CLAUSE_END = new Set(['from', 'where', 'group', 'order', 'having', 'qualify', 'limit', 'window', 'union', 'intersect', 'except', 'minus']);

function depthZeroSelect(text: string, tokens: Token[]): number {
  let depth = 0;
  let last = -1;
  tokens.forEach((t, i) => {
    const s = tokenText(text, t);
    if (s === '(') depth++;
    else if (s === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && kw(text, t) === 'select') last = i;
  });
  return last;
}

function name(text: string, t: Token): string {
  return identifierValue(text, t).value.toLowerCase();
}

function isIdent(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
}

/** Splits tokens at depth-0 commas. */
function splitItems(text: string, tokens: Token[]): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    const s = tokenText(text, t);
    if (s === '(' || s === '[') depth++;
    else if (s === ')' || s === ']') depth--;
    if (depth === 0 && s === ',') items.push([]);
    else items[items.length - 1]!.push(t);
  }
  return items.filter((i) => i.length > 0);
}

/** `a.b.c` as parts, when the tokens are exactly a dotted identifier path. */
function path(text: string, tokens: Token[]): string[] | undefined {
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i % 2 === 0) {
      if (!isIdent(t)) return undefined;
      parts.push(name(text, t));
    } else if (tokenText(text, t) !== '.') return undefined;
  }
  return tokens.length % 2 === 1 ? parts : undefined;
}

export function tolerantSelect(sql: string, dialect: Dialect): TolerantSelect | undefined {
  const tokens = lex(sql, dialect).filter((t) => t.kind !== 'comment');
  const start = depthZeroSelect(sql, tokens);
  if (start < 0) return undefined;
  let i = start + 1;
  while (['distinct', 'all'].includes(kw(sql, tokens[i]))) i++;
  let depth = 0;
  let end = i;
  for (; end < tokens.length; end++) {
    const s = tokenText(sql, tokens[end]!);
    if (s === '(') depth++;
    else if (s === ')') depth--;
    if (depth < 0 || s === ';' || (depth === 0 && CLAUSE_END.has(kw(sql, tokens[end])))) break;
  }
  const from: { name: string; alias?: string }[] = [];
  // Every relation counts, a subquery or a comma join too: lineage is certain only when FROM holds
  // exactly one relation and it is a plain table name.
  let relations = 0;
  if (kw(sql, tokens[end]) === 'from') {
    let fromDepth = 0;
    for (let j = end + 1; j < tokens.length; j++) {
      const s = tokenText(sql, tokens[j]!);
      const word = kw(sql, tokens[j]);
      if (s === '(') fromDepth++;
      else if (s === ')') fromDepth--;
      if (fromDepth < 0 || s === ';' || (fromDepth === 0 && ['where', 'group', 'order', 'qualify', 'union', 'having', 'limit', 'window'].includes(word))) break;
      const starts = j === end + 1 || (fromDepth === 0 && (word === 'join' || s === ','));
      if (!starts) continue;
      relations++;
      const parts: Token[] = [];
      let k = j === end + 1 ? j : j + 1;
      // `a.b.c`, stopping before an alias (`crm.contacts c` is not one path)
      while (isIdent(tokens[k])) {
        parts.push(tokens[k++]!);
        if (tokens[k] === undefined || tokenText(sql, tokens[k]!) !== '.') break;
        parts.push(tokens[k++]!);
      }
      const p = path(sql, parts);
      if (!p) continue;
      const aliasTok = kw(sql, tokens[k]) === 'as' ? tokens[k + 1] : tokens[k];
      const alias = isIdent(aliasTok) && !['on', 'using', 'where', 'left', 'right', 'inner', 'full', 'join', 'cross', 'group', 'order', 'qualify'].includes(kw(sql, aliasTok)) ? name(sql, aliasTok!) : undefined;
      from.push({ name: p.join('.'), ...(alias ? { alias } : {}) });
    }
  }
  const single = relations === 1 && from.length === 1 ? from[0] : undefined;
  const result: TolerantSelect = { columns: [], stars: [], from: from.map((f) => f.name) };
  for (const item of splitItems(sql, tokens.slice(i, end))) {
    const first = item[0]!;
    const text = item.map((t) => tokenText(sql, t)).join('');
    if (text === '*' || text.endsWith('.*')) {
      const qualifier = text === '*' ? undefined : text.slice(0, -2).toLowerCase();
      const table = qualifier === undefined ? single?.name : (from.find((f) => f.alias === qualifier || f.name === qualifier || f.name.endsWith('.' + qualifier))?.name ?? qualifier);
      result.stars.push({ ...(table !== undefined ? { table } : {}), at: first.start });
      continue;
    }
    const last = item[item.length - 1]!;
    const beforeLast = item[item.length - 2];
    let alias: string | undefined;
    let expr = item;
    if (item.length >= 2 && isIdent(last) && (kw(sql, beforeLast) === 'as' || (beforeLast && tokenText(sql, beforeLast) !== '.' && beforeLast.kind !== 'op'))) {
      alias = name(sql, last);
      expr = item.slice(0, kw(sql, beforeLast) === 'as' ? -2 : -1);
    }
    const p = path(sql, expr);
    const columnName = alias ?? p?.[p.length - 1];
    if (!columnName) continue;
    const column: TolerantColumn = { name: columnName, at: alias ? last.start : first.start };
    if (p && single && (p.length === 1 || p[0] === single.alias || single.name.endsWith(p[0]!))) {
      column.lineage = { from: [{ table: single.name, column: p[p.length - 1]! }], transform: 'identity' };
    }
    result.columns.push(column);
  }
  return result;
}
