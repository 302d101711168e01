// A parser-independent model of a SELECT (built from libpg-query or node-sql-parser ASTs) and the
// resolution of its output columns: names, lineage to base-table columns through CTEs, subqueries
// and aliases, and the transform applied on the way.

import type { Lineage, LineageSource, Transform } from '../../types.js';
import { callTransform, composeTransforms, weakestTransform } from './transforms.js';

export type Expr =
  | { k: 'col'; parts: string[]; at: number }
  | { k: 'star'; table?: string; at: number; except?: string[] }
  | { k: 'call'; name: string; args: Expr[]; at: number }
  | { k: 'cast'; arg: Expr; at: number }
  | { k: 'const'; at: number }
  | { k: 'op'; args: Expr[]; at: number }
  | { k: 'sub'; query: Query; at: number };

export interface Target {
  /** Alias as written (normalised), when there is one. */
  alias?: string;
  expr: Expr;
  /** Offset of the target in the file (its start or its alias). */
  at: number;
  /** Source text of the expression (bounded), for reports. */
  text?: string;
}

export type FromItem = { kind: 'table'; name: string; alias?: string } | { kind: 'query'; query: Query; alias?: string };

export interface Query {
  ctes: Map<string, Query>;
  from: FromItem[];
  targets: Target[];
  /** Other arms of UNION / INTERSECT / EXCEPT: same output names, lineage from every arm. */
  arms?: Query[];
}

export interface ResolvedColumn {
  name: string;
  at: number;
  lineage?: Lineage;
  expression?: string;
}

export interface ResolvedStar {
  table?: string;
  at: number;
  except?: string[];
}

export interface Resolved {
  columns: ResolvedColumn[];
  stars: ResolvedStar[];
}

interface Flow {
  from: LineageSource[];
  transform: Transform;
}

const MAX_DEPTH = 32;

export class QueryResolver {
  constructor(private readonly masking: ReadonlySet<string>) {}

  resolve(query: Query, outer: Map<string, Query> = new Map(), depth = 0): Resolved {
    const scope = new Map([...outer, ...query.ctes]);
    const columns: ResolvedColumn[] = [];
    const stars: ResolvedStar[] = [];
    for (const target of query.targets) {
      if (target.expr.k === 'star') {
        this.expandStar(target.expr, query, scope, depth, columns, stars);
        continue;
      }
      const flow = this.flow(target.expr, query, scope, depth);
      const col: ResolvedColumn = { name: target.alias ?? implicitName(target.expr), at: target.at };
      if (flow.from.length > 0 || flow.transform !== 'identity') {
        col.lineage = { from: dedupe(flow.from), transform: flow.from.length === 0 && flow.transform === 'identity' ? 'expression' : flow.transform };
        if (target.text !== undefined && flow.transform !== 'identity') col.lineage.expression = target.text;
      }
      if (target.text !== undefined) col.expression = target.text;
      columns.push(col);
    }
    for (const arm of query.arms ?? []) {
      const other = this.resolve(arm, scope, depth + 1);
      other.columns.forEach((c, i) => {
        const mine = columns[i];
        if (mine && c.lineage) {
          const from = dedupe([...(mine.lineage?.from ?? []), ...c.lineage.from]);
          mine.lineage = { from, transform: weakestTransform([mine.lineage?.transform ?? 'identity', c.lineage.transform]) };
        }
      });
    }
    return { columns, stars };
  }

  private expandStar(star: Extract<Expr, { k: 'star' }>, query: Query, scope: Map<string, Query>, depth: number, columns: ResolvedColumn[], stars: ResolvedStar[]): void {
    const items = star.table === undefined ? query.from : query.from.filter((f) => matchesAlias(f, star.table!));
    if (items.length === 0) {
      stars.push({ ...(star.table !== undefined ? { table: star.table } : {}), at: star.at, ...(star.except ? { except: star.except } : {}) });
      return;
    }
    for (const item of items) {
      const derived = this.derived(item, scope);
      if (!derived || depth >= MAX_DEPTH) {
        stars.push({ table: item.kind === 'table' ? item.name : (item.alias ?? ''), at: star.at, ...(star.except ? { except: star.except } : {}) });
        continue;
      }
      const inner = this.resolve(derived, scope, depth + 1);
      for (const c of inner.columns) {
        if (star.except?.includes(c.name)) continue;
        columns.push({ ...c, at: star.at });
      }
      for (const s of inner.stars) stars.push({ ...s, at: star.at });
    }
  }

  /** The query behind a FROM item when it is a subquery or a CTE, else undefined (a base table). */
  private derived(item: FromItem, scope: Map<string, Query>): Query | undefined {
    if (item.kind === 'query') return item.query;
    return item.name.includes('.') ? undefined : scope.get(item.name);
  }

  private flow(expr: Expr, query: Query, scope: Map<string, Query>, depth: number): Flow {
    switch (expr.k) {
      case 'col':
        return this.columnFlow(expr.parts, query, scope, depth);
      case 'cast':
        return this.flow(expr.arg, query, scope, depth);
      case 'const':
      case 'star':
        return { from: [], transform: 'identity' };
      case 'sub': {
        if (depth >= MAX_DEPTH) return { from: [], transform: 'expression' };
        const inner = this.resolve(expr.query, scope, depth + 1).columns[0];
        return { from: inner?.lineage?.from ?? [], transform: inner?.lineage?.transform ?? 'identity' };
      }
      case 'call': {
        const own = callTransform(expr.name, this.masking);
        const args = expr.args.map((a) => this.flow(a, query, scope, depth));
        const carrying = args.filter((a) => a.from.length > 0);
        const inner = weakestTransform(carrying.map((a) => a.transform));
        const from = carrying.flatMap((a) => a.from);
        if (own === 'pass') return { from, transform: carrying.length === 0 ? 'identity' : inner };
        return { from, transform: carrying.length === 0 ? own : composeTransforms(own, inner) };
      }
      case 'op': {
        const args = expr.args.map((a) => this.flow(a, query, scope, depth)).filter((a) => a.from.length > 0);
        if (args.length === 0) return { from: [], transform: 'identity' };
        return { from: args.flatMap((a) => a.from), transform: composeTransforms('expression', weakestTransform(args.map((a) => a.transform))) };
      }
    }
  }

  private columnFlow(parts: string[], query: Query, scope: Map<string, Query>, depth: number): Flow {
    const column = parts[parts.length - 1]!;
    const qualifier = parts.length > 1 ? parts.slice(0, -1).join('.') : undefined;
    const candidates = qualifier === undefined ? query.from : query.from.filter((f) => matchesAlias(f, qualifier));
    // An unqualified name is looked up in derived sources first (they list their columns); among
    // several base tables the first one is assumed, as no catalog is available.
    for (const item of candidates) {
      const derived = this.derived(item, scope);
      if (!derived) continue;
      if (depth >= MAX_DEPTH) return { from: [], transform: 'expression' };
      const inner = this.resolve(derived, scope, depth + 1);
      const hit = inner.columns.find((c) => c.name === column);
      if (hit) return { from: hit.lineage?.from ?? [], transform: hit.lineage?.transform ?? 'identity' };
      if (qualifier !== undefined || candidates.length === 1) {
        const star = inner.stars[0];
        if (star?.table !== undefined) return { from: [{ table: star.table, column }], transform: 'identity' };
      }
    }
    const bases = candidates.filter((f): f is Extract<FromItem, { kind: 'table' }> => f.kind === 'table' && this.derived(f, scope) === undefined);
    const base = bases[0];
    if (base) {
      const others = [...new Set(bases.slice(1).map((b) => b.name))].filter((n) => n !== base.name);
      // unqualified among several tables: the run resolves it once it knows their columns
      const source: LineageSource = qualifier === undefined && others.length > 0 ? { table: base.name, column, alternatives: others } : { table: base.name, column };
      return { from: [source], transform: 'identity' };
    }
    if (qualifier !== undefined && candidates.length === 0) return { from: [{ table: qualifier, column }], transform: 'identity' };
    return { from: [], transform: 'identity' };
  }
}

function matchesAlias(item: FromItem, qualifier: string): boolean {
  if (item.alias !== undefined) return item.alias === qualifier;
  if (item.kind !== 'table') return false;
  return item.name === qualifier || item.name.endsWith('.' + qualifier);
}

/** The name PostgreSQL and most engines give an unaliased target. */
function implicitName(expr: Expr): string {
  switch (expr.k) {
    case 'col':
      return expr.parts[expr.parts.length - 1]!;
    case 'call':
      return expr.name.toLowerCase().replace(/^.*\./, '');
    case 'cast':
      return implicitName(expr.arg);
    default:
      return '?column?';
  }
}

function dedupe(sources: LineageSource[]): LineageSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.table}\u0000${s.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
