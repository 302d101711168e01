// node-sql-parser SELECT ASTs → the parser-independent query model.

/* eslint-disable @typescript-eslint/no-explicit-any -- node-sql-parser's AST types are loose unions */
import type { Expr, FromItem, Query, Target } from './query-model.js';

export interface NspFrame {
  /** File offset for a node's `loc`, or for the first occurrence of `name` when the grammar gives none. */
  offset(loc: any, name?: string): number;
  ident(value: string): string;
  textAt(offset: number): string;
}

export function nspQuery(ast: any, frame: NspFrame): Query | undefined {
  if (!ast || ast.type !== 'select') return undefined;
  const query: Query = { ctes: new Map(), from: [], targets: [] };
  for (const cte of ast.with ?? []) {
    const name = typeof cte.name === 'string' ? cte.name : cte.name?.value;
    const q = nspQuery(cte.stmt?.ast ?? cte.stmt, frame);
    if (name && q) query.ctes.set(frame.ident(String(name)), q);
  }
  for (const f of ast.from ?? []) {
    const inner = f.expr?.ast ?? (f.expr?.type === 'select' ? f.expr : undefined);
    if (inner) {
      const q = nspQuery(inner, frame);
      if (q) query.from.push({ kind: 'query', query: q, ...(f.as ? { alias: frame.ident(String(f.as)) } : {}) });
    } else if (typeof f.table === 'string') {
      const name = [f.db, f.schema, f.table].filter((p: unknown) => typeof p === 'string' && p !== '').map((p: string) => frame.ident(p)).join('.');
      const item: FromItem = { kind: 'table', name };
      if (f.as) item.alias = frame.ident(String(f.as));
      query.from.push(item);
    }
  }
  const columns = ast.columns === '*' ? [{ expr: { type: 'column_ref', table: null, column: '*' } }] : (ast.columns ?? []);
  for (const c of columns) {
    const expr = nspExpr(c.expr, frame);
    const alias = typeof c.as === 'string' ? c.as : c.as?.value;
    const at = expr.k === 'star' ? expr.at : frame.offset(c.expr?.loc, alias ?? nameHint(c.expr));
    const target: Target = { expr, at };
    if (alias) target.alias = frame.ident(String(alias));
    if (expr.k !== 'star') target.text = frame.textAt(at);
    query.targets.push(target);
  }
  if (ast._next) {
    const next = nspQuery(ast._next, frame);
    if (next) query.arms = [next, ...(next.arms ?? [])];
  }
  return query;
}

function nameHint(expr: any): string | undefined {
  if (expr?.type === 'column_ref') return columnName(expr.column);
  return undefined;
}

function columnName(column: any): string {
  if (typeof column === 'string') return column;
  return String(column?.expr?.value ?? column?.value ?? '');
}

function nspExpr(node: any, frame: NspFrame): Expr {
  if (!node || typeof node !== 'object') return { k: 'const', at: 0 };
  const at = node.loc ? frame.offset(node.loc) : 0;
  switch (node.type) {
    case 'column_ref': {
      const column = columnName(node.column);
      const table = typeof node.table === 'string' ? node.table : undefined;
      if (column === '*') return table ? { k: 'star', table: frame.ident(table), at: frame.offset(node.loc, table) } : { k: 'star', at: frame.offset(node.loc, '*') };
      return { k: 'col', parts: [...(table ? [frame.ident(table)] : []), frame.ident(column)], at };
    }
    case 'function': {
      // BigQuery's grammar puts an unqualified function name in `name.schema`.
      const parts = [node.name?.schema?.value, ...(node.name?.name ?? []).map((n: any) => n.value)].filter((p) => typeof p === 'string' && p !== '');
      const name = parts.join('.') || String(node.name ?? '');
      return { k: 'call', name, args: (node.args?.value ?? []).map((a: any) => nspExpr(a, frame)), at };
    }
    case 'aggr_func':
      return { k: 'call', name: String(node.name), args: node.args?.expr ? [nspExpr(node.args.expr, frame)] : [], at };
    case 'cast':
      return { k: 'cast', arg: nspExpr(node.expr, frame), at };
    case 'extract':
      // `extract(year from ts)` is its own node type in these grammars.
      return { k: 'call', name: 'extract', args: children(node).map((c) => nspExpr(c, frame)), at };
    case 'number':
    case 'string':
    case 'single_quote_string':
    case 'double_quote_string':
    case 'bool':
    case 'null':
      return { k: 'const', at };
    default: {
      if (node.ast || node.type === 'select') {
        const q = nspQuery(node.ast ?? node, frame);
        return q ? { k: 'sub', query: q, at } : { k: 'const', at };
      }
      return { k: 'op', args: children(node).map((c) => nspExpr(c, frame)), at };
    }
  }
}

/** Nested expression nodes of an operator, CASE, or any construct without its own case above. */
function children(node: any): any[] {
  const out: any[] = [];
  const visit = (x: any, top: boolean) => {
    if (Array.isArray(x)) x.forEach((y) => visit(y, false));
    else if (x && typeof x === 'object') {
      if (!top && typeof x.type === 'string') out.push(x);
      else for (const [k, v] of Object.entries(x)) if (k !== 'loc') visit(v, false);
    }
  };
  visit(node, true);
  return out;
}
