// libpg-query SELECT ASTs → the parser-independent query model.

/* eslint-disable @typescript-eslint/no-explicit-any -- the AST is JSON shaped by node type names */
import type { Expr, FromItem, Query, Target } from './query-model.js';

export interface PgFrame {
  /** Converts a byte offset reported by libpg-query into a character offset in the file. */
  offset(byteOffset: number | undefined): number;
  /** Normalises an identifier libpg-query has already case-folded (restores placeholders). */
  ident(value: string): string;
  /** Expression text at a file offset, for reports. */
  textAt(offset: number): string;
}

export function pgQuery(node: any, frame: PgFrame): Query | undefined {
  const select = node?.SelectStmt;
  if (!select) return undefined;
  if (select.op && select.op !== 'SETOP_NONE') {
    const left = pgQuery(select.larg ? { SelectStmt: select.larg } : undefined, frame);
    const right = pgQuery(select.rarg ? { SelectStmt: select.rarg } : undefined, frame);
    if (!left) return right;
    const ctes = pgCtes(select.withClause, frame);
    for (const [k, v] of ctes) left.ctes.set(k, v);
    left.arms = [...(left.arms ?? []), ...(right ? [right] : [])];
    return left;
  }
  const query: Query = { ctes: pgCtes(select.withClause, frame), from: [], targets: [] };
  for (const item of select.fromClause ?? []) pgFrom(item, frame, query.from);
  for (const t of select.targetList ?? []) {
    const res = t.ResTarget;
    if (!res) continue;
    const at = frame.offset(res.location);
    const target: Target = { expr: pgExpr(res.val, frame), at };
    if (res.name !== undefined) target.alias = frame.ident(res.name);
    if (target.expr.k !== 'star') target.text = frame.textAt(at);
    query.targets.push(target);
  }
  return query;
}

function pgCtes(withClause: any, frame: PgFrame): Map<string, Query> {
  const ctes = new Map<string, Query>();
  for (const c of withClause?.ctes ?? []) {
    const cte = c.CommonTableExpr;
    const q = cte ? pgQuery(cte.ctequery, frame) : undefined;
    if (cte && q) {
      // `WITH x (a, b) AS (…)` renames the CTE's columns.
      const names: string[] = (cte.aliascolnames ?? []).map((n: any) => frame.ident(n.String?.sval ?? ''));
      names.forEach((n, i) => {
        const t = q.targets[i];
        if (t) t.alias = n;
      });
      ctes.set(frame.ident(cte.ctename), q);
    }
  }
  return ctes;
}

function pgFrom(node: any, frame: PgFrame, out: FromItem[]): void {
  if (node?.RangeVar) {
    const rv = node.RangeVar;
    const name = [rv.catalogname, rv.schemaname, rv.relname].filter(Boolean).map((p: string) => frame.ident(p)).join('.');
    const item: FromItem = { kind: 'table', name };
    if (rv.alias?.aliasname) item.alias = frame.ident(rv.alias.aliasname);
    out.push(item);
  } else if (node?.RangeSubselect) {
    const q = pgQuery(node.RangeSubselect.subquery, frame);
    if (q) {
      const item: FromItem = { kind: 'query', query: q };
      if (node.RangeSubselect.alias?.aliasname) item.alias = frame.ident(node.RangeSubselect.alias.aliasname);
      out.push(item);
    }
  } else if (node?.JoinExpr) {
    pgFrom(node.JoinExpr.larg, frame, out);
    pgFrom(node.JoinExpr.rarg, frame, out);
  }
}

const PASS_THROUGH_FUNCS: Record<string, string> = { CoalesceExpr: 'coalesce', MinMaxExpr: 'greatest', NullIfExpr: 'nullif' };

export function pgExpr(node: any, frame: PgFrame): Expr {
  if (!node || typeof node !== 'object') return { k: 'const', at: 0 };
  const [type] = Object.keys(node);
  const v = node[type!];
  const at = frame.offset(v?.location);
  switch (type) {
    case 'ColumnRef': {
      const fields: any[] = v.fields ?? [];
      const last = fields[fields.length - 1];
      const names = fields.filter((f) => f.String).map((f) => frame.ident(f.String.sval));
      if (last?.A_Star) return names.length > 0 ? { k: 'star', table: names.join('.'), at } : { k: 'star', at };
      return { k: 'col', parts: names, at };
    }
    case 'FuncCall': {
      const name = (v.funcname ?? []).map((n: any) => n.String?.sval ?? '').filter((s: string) => s !== 'pg_catalog').join('.');
      return { k: 'call', name, args: (v.args ?? []).map((a: any) => pgExpr(a, frame)), at };
    }
    case 'TypeCast':
      return { k: 'cast', arg: pgExpr(v.arg, frame), at };
    case 'A_Const':
    case 'SQLValueFunction':
    case 'ParamRef':
      return { k: 'const', at };
    case 'SubLink': {
      const q = pgQuery(v.subselect, frame);
      return q ? { k: 'sub', query: q, at } : { k: 'const', at };
    }
    default:
      if (type && PASS_THROUGH_FUNCS[type]) return { k: 'call', name: PASS_THROUGH_FUNCS[type]!, args: (v.args ?? []).map((a: any) => pgExpr(a, frame)), at };
      return { k: 'op', args: childNodes(v).map((c) => pgExpr(c, frame)), at };
  }
}

/** Every nested AST node of an expression we do not model specially (CASE, operators, …). */
function childNodes(value: any): any[] {
  const out: any[] = [];
  const visit = (x: any) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const keys = Object.keys(x);
      if (keys.length === 1 && /^[A-Z]/.test(keys[0]!)) out.push(x);
      else for (const k of keys) visit(x[k]);
    }
  };
  visit(value);
  return out;
}
