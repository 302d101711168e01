// The PostgreSQL path (also tried first for Redshift and DuckDB): libpg-query parses the whole file;
// when it fails, each statement is parsed alone so one bad statement cannot hide the others, and
// what libpg-query still rejects goes to the heuristic extractor. DO bodies are descended into
// through libpg-query's PL/pgSQL parser.

/* eslint-disable @typescript-eslint/no-explicit-any -- the AST is JSON shaped by node type names */
import { parsePlPgSQLSync, parseSync } from 'libpg-query';
import type { FileCollector } from './collector.js';
import { extractHeuristic, qualifyLike } from './heuristic.js';
import { keyword, lex, skipTrivia, tokenIndexAt } from './lexer.js';
import type { Token } from './lexer.js';
import { normaliseIdentifier } from './names.js';
import { pgQuery } from './pg-query.js';
import type { PgFrame } from './pg-query.js';
import { pgTypeText } from './pg-types.js';
import { QueryResolver } from './query-model.js';
import { SourceText } from '../source-text.js';
import { codeTokens, splitStatements } from './statements.js';
import { definesFromQuery, gateStatementKind } from './statement-kind.js';
import { TokenReader } from './token-reader.js';
import { expressionTextAt } from './expression-text.js';
import { reportUnreadable } from './unreadable.js';
import { tolerantDerived } from './tolerant-derived.js';

export interface ParseStats {
  statements: number;
  heuristic: number;
  unreadable: number;
}

/** A piece of the file handed to libpg-query: the whole file, one statement, or a DO body statement. */
class Frame implements PgFrame {
  private readonly local: SourceText | undefined;
  constructor(
    private readonly out: FileCollector,
    readonly base: number,
    readonly text: string,
    /** False for DO-body statements, which the file's lexer saw as one string token. */
    readonly lexedInFile = true,
  ) {
    this.local = base === 0 && text === out.source.text ? undefined : new SourceText(text);
  }
  offset(byteOffset: number | undefined): number {
    const b = byteOffset ?? 0;
    return this.base + (this.local ? this.local.charOffset(b) : this.out.source.charOffset(b));
  }
  ident(value: string): string {
    return normaliseIdentifier(value, true, this.out.names);
  }
  textAt(offset: number): string {
    return expressionTextAt(this.out.source.text, offset, this.out.dialect);
  }
}

export function extractPostgres(out: FileCollector, text: string, maskingFunctions: ReadonlySet<string>, stats: ParseStats): void {
  const resolver = new QueryResolver(maskingFunctions);
  let parsed: any;
  try {
    parsed = parseSync(text);
  } catch {
    parsed = undefined;
  }
  if (parsed) {
    const frame = new Frame(out, 0, text);
    for (const raw of parsed.stmts ?? []) {
      stats.statements++;
      statement(out, frame, raw, resolver, stats);
    }
    return;
  }
  for (const stmt of splitStatements(text, out.tokens, out.dialect)) {
    stats.statements++;
    const stmtText = text.slice(stmt.start, stmt.end);
    let one: any;
    let message = '';
    try {
      one = parseSync(stmtText);
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    if (one) {
      const frame = new Frame(out, stmt.start, stmtText);
      for (const raw of one.stmts ?? []) statement(out, frame, raw, resolver, stats);
      continue;
    }
    const tokens = codeTokens(out.tokens, stmt);
    const kind = gateStatementKind(text, tokens);
    if (kind === undefined) continue;
    if (kind === 'DO') {
      doBlockHeuristic(out, tokens, stats);
      continue;
    }
    stats.heuristic++;
    // The token reader sees no column list in `… AS SELECT`: the query must be read, or the statement reported.
    if (definesFromQuery(text, tokens, kind)) {
      if (!tolerantDerived(out, stmt, tokens, kind, message)) reportUnreadable(out, stats, stmt.start, kind, message);
      continue;
    }
    const h = extractHeuristic(out, tokens);
    if (!h.recognised && h.events === 0) reportUnreadable(out, stats, stmt.start, kind, message);
  }
}

const HANDLED = new Set(['CreateStmt', 'AlterTableStmt', 'RenameStmt', 'CommentStmt', 'ViewStmt', 'CreateTableAsStmt', 'DropStmt', 'DoStmt']);

function statement(out: FileCollector, frame: Frame, raw: any, resolver: QueryResolver, stats: ParseStats): void {
  const node = raw.stmt ?? {};
  const [type] = Object.keys(node);
  const v = node[type!];
  if (!HANDLED.has(type ?? '')) return;
  const start = frame.offset(raw.stmt_location);
  const end = raw.stmt_len ? frame.offset((raw.stmt_location ?? 0) + raw.stmt_len) : frame.base + frame.text.length;
  const ctx = new StatementContext(out, frame, start, end);
  switch (type) {
    case 'CreateStmt':
      return createTable(ctx, v);
    case 'AlterTableStmt':
      return alterTable(ctx, v);
    case 'RenameStmt':
      return rename(ctx, v);
    case 'CommentStmt':
      return comment(ctx, v);
    case 'ViewStmt':
      return derivedTable(ctx, v.view, v.query, (v.aliases ?? []).map((a: any) => a.String?.sval ?? ''), resolver);
    case 'CreateTableAsStmt':
      return derivedTable(ctx, v.into?.rel, v.query, (v.into?.colNames ?? []).map((a: any) => a.String?.sval ?? ''), resolver);
    case 'DropStmt':
      return drop(ctx, v);
    case 'DoStmt':
      return doBlock(ctx, v, resolver, stats);
    default:
      return;
  }
}

/** Locates names libpg-query gives no position for (dropped columns, renames) by reading tokens. */
class StatementContext {
  private reader: TokenReader | undefined;
  private cursor = 0;
  constructor(
    readonly out: FileCollector,
    readonly frame: Frame,
    readonly start: number,
    readonly end: number,
  ) {}

  get tokens(): TokenReader {
    if (!this.reader) {
      const text = this.out.source.text;
      const inFile = this.out.tokens;
      let tokens: Token[];
      const first = tokenIndexAt(inFile, this.start);
      // Statements of a DO body live inside one string token of the file; lex them on their own.
      if (this.frame.lexedInFile) {
        tokens = [];
        for (let i = first; i < inFile.length && inFile[i]!.start < this.end; i++) if (inFile[i]!.kind !== 'comment') tokens.push(inFile[i]!);
      } else {
        tokens = lex(text.slice(this.start, this.end), this.out.dialect)
          .filter((t) => t.kind !== 'comment')
          .map((t) => ({ ...t, start: t.start + this.start, end: t.end + this.start }));
      }
      this.reader = new TokenReader(text, tokens, this.out.names);
    }
    return this.reader;
  }

  /** Offset of the first code token: where the statement really begins. */
  get codeStart(): number {
    return skipTrivia(this.out.source.text, this.start);
  }

  /** Offset of the next token naming `name`, searching forward from the previous hit. */
  find(name: string): number {
    const r = this.tokens;
    const i = r.find(name, this.cursor);
    if (i === undefined) return this.codeStart;
    this.cursor = i + 1;
    return r.tokens[i]!.start + (r.tokens[i]!.kind === 'string' ? 1 : 0);
  }

  table(rangeVar: any): string {
    return [rangeVar?.catalogname, rangeVar?.schemaname, rangeVar?.relname].filter(Boolean).map((p: string) => this.frame.ident(p)).join('.');
  }
}

function createTable(ctx: StatementContext, v: any): void {
  const table = ctx.table(v.relation);
  for (const elt of v.tableElts ?? []) {
    const col = elt.ColumnDef;
    if (!col?.colname) continue;
    const type = pgTypeText(col.typeName);
    ctx.out.column({ table, column: ctx.frame.ident(col.colname), action: 'define', at: ctx.frame.offset(col.location), ...(type ? { type } : {}) }, false);
  }
}

function alterTable(ctx: StatementContext, v: any): void {
  if (v.objtype && v.objtype !== 'OBJECT_TABLE' && v.objtype !== 'OBJECT_FOREIGN_TABLE') return;
  const table = ctx.table(v.relation);
  const cmds: any[] = (v.cmds ?? []).map((c: any) => c.AlterTableCmd).filter(Boolean);
  const singleAdd = cmds.length === 1 && cmds[0].subtype === 'AT_AddColumn';
  for (const cmd of cmds) {
    const def = cmd.def?.ColumnDef;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const type = pgTypeText(def?.typeName);
        const at = ctx.frame.offset(def?.location);
        ctx.out.column(
          { table, column: ctx.frame.ident(def?.colname ?? ''), action: 'add', at, ...(type ? { type } : {}), ...(singleAdd ? { annotationAbove: ctx.codeStart } : {}) },
          false,
        );
        break;
      }
      case 'AT_DropColumn':
        ctx.out.column({ table, column: ctx.frame.ident(cmd.name), action: 'drop', at: ctx.find(cmd.name) }, false);
        break;
      case 'AT_AlterColumnType': {
        const type = pgTypeText(def?.typeName);
        const at = def?.location !== undefined ? ctx.frame.offset(def.location) : ctx.find(cmd.name);
        ctx.out.column({ table, column: ctx.frame.ident(cmd.name), action: 'alter-type', at, ...(type ? { type } : {}) }, false);
        break;
      }
      default:
        break;
    }
  }
}

const TABLE_LIKE = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

function rename(ctx: StatementContext, v: any): void {
  const table = ctx.table(v.relation);
  if (v.renameType === 'OBJECT_COLUMN') {
    ctx.find(v.subname);
    const at = ctx.find(v.newname);
    ctx.out.column({ table, column: ctx.frame.ident(v.newname), action: 'rename', renamedFrom: ctx.frame.ident(v.subname), at }, false);
  } else if (TABLE_LIKE.has(v.renameType)) {
    ctx.out.tableEvent('rename-table', table, ctx.codeStart, qualifyLike(table, ctx.frame.ident(v.newname)));
  }
}

function comment(ctx: StatementContext, v: any): void {
  if (v.objtype !== 'OBJECT_COLUMN') return;
  const parts: string[] = (v.object?.List?.items ?? []).map((i: any) => ctx.frame.ident(i.String?.sval ?? ''));
  if (parts.length < 2) return;
  const column = parts[parts.length - 1]!;
  const at = ctx.find(column);
  const description = typeof v.comment === 'string' ? v.comment : undefined;
  ctx.out.column({ table: parts.slice(0, -1).join('.'), column, action: 'comment', at, ...(description !== undefined ? { description } : {}) }, false);
}

function drop(ctx: StatementContext, v: any): void {
  if (!TABLE_LIKE.has(v.removeType)) return;
  for (const obj of v.objects ?? []) {
    const parts: string[] = (obj.List?.items ?? []).map((i: any) => ctx.frame.ident(i.String?.sval ?? ''));
    if (parts.length === 0) continue;
    ctx.out.tableEvent('drop-table', parts.join('.'), ctx.find(parts[parts.length - 1]!));
  }
}

function derivedTable(ctx: StatementContext, rangeVar: any, queryNode: any, aliases: string[], resolver: QueryResolver): void {
  const table = ctx.table(rangeVar);
  const query = pgQuery(queryNode, ctx.frame);
  if (!query) return;
  const resolved = resolver.resolve(query);
  resolved.columns.forEach((c, i) => {
    const alias = aliases[i];
    ctx.out.column(
      { table, column: alias ? ctx.frame.ident(alias) : c.name, action: 'define', at: c.at, ...(c.lineage ? { lineage: c.lineage } : {}) },
      false,
    );
  });
  for (const star of resolved.stars) {
    ctx.out.error(star.at, `columns of ${table} from \`${star.table ?? ''}.*\` cannot be listed without the definition of ${star.table ?? 'the source'}`, 'unknown-columns');
  }
}

function doBlock(ctx: StatementContext, v: any, resolver: QueryResolver, stats: ParseStats): void {
  const body = (v.args ?? []).find((a: any) => a.DefElem?.defname === 'as')?.DefElem;
  const code: string | undefined = body?.arg?.String?.sval;
  if (code === undefined) return;
  const text = ctx.out.source.text;
  const literalStart = ctx.frame.offset(body.location);
  const tag = /^\$[A-Za-z0-9_]*\$/.exec(text.slice(literalStart, literalStart + 64))?.[0];
  const bodyStart = tag ? literalStart + tag.length : literalStart;
  const language = (v.args ?? []).find((a: any) => a.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'plpgsql';
  if (language !== 'plpgsql') return;
  let queries: string[];
  try {
    const fn = parsePlPgSQLSync(`CREATE FUNCTION sensitivity_gate_do() RETURNS void LANGUAGE plpgsql AS $sensitivity_gate$${code}$sensitivity_gate$`);
    queries = embeddedSql(fn);
  } catch {
    doBlockHeuristic(ctx.out, lex(code, 'postgres').map((t) => ({ ...t, start: t.start + bodyStart, end: t.end + bodyStart })), stats);
    return;
  }
  let searchFrom = bodyStart;
  for (const q of queries) {
    const found = text.indexOf(q, searchFrom);
    const base = found >= 0 ? found : bodyStart;
    if (found >= 0) searchFrom = found + q.length;
    let parsed: any;
    try {
      parsed = parseSync(q);
    } catch {
      continue;
    }
    const frame = new Frame(ctx.out, base, q, false);
    for (const raw of parsed.stmts ?? []) {
      stats.statements++;
      statement(ctx.out, frame, raw, resolver, stats);
    }
  }
}

/** SQL statements a PL/pgSQL function body runs directly (not `EXECUTE` strings, which are dynamic). */
function embeddedSql(fn: any): string[] {
  const out: string[] = [];
  const visit = (x: any) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const q = x.PLpgSQL_stmt_execsql?.sqlstmt?.PLpgSQL_expr?.query;
      if (typeof q === 'string') out.push(q);
      for (const k of Object.keys(x)) visit(x[k]);
    }
  };
  visit(fn);
  return out;
}

/** A DO body the PL/pgSQL parser rejects: read its DDL statements with the tolerant extractor. */
function doBlockHeuristic(out: FileCollector, tokens: Token[], stats: ParseStats): void {
  const text = out.source.text;
  const body = tokens.find((t) => t.kind === 'string' && text[t.start] === '$');
  const inner = body ? lex(text.slice(body.start, body.end).replace(/^\$[A-Za-z0-9_]*\$/, (m) => ' '.repeat(m.length)), 'postgres').map((t) => ({ ...t, start: t.start + body.start, end: t.end + body.start })) : tokens;
  // Inside a PL/pgSQL body every `;` ends a statement; BEGIN/IF are control words here.
  for (const stmt of splitStatements(text, inner, 'postgres', { blocks: false })) {
    const stmtTokens = codeTokens(inner, stmt);
    // Skip PL/pgSQL control words so `IF … THEN ALTER TABLE …` reads from ALTER.
    const from = stmtTokens.findIndex((t) => /^(ALTER|CREATE|COMMENT|DROP)$/.test(keyword(text, t)));
    if (from < 0) continue;
    const ddl = stmtTokens.slice(from);
    const kind = gateStatementKind(text, ddl);
    if (kind === undefined) continue;
    stats.statements++;
    stats.heuristic++;
    const h = extractHeuristic(out, ddl);
    if (!h.recognised && h.events === 0) reportUnreadable(out, stats, ddl[0]!.start, kind, 'inside a DO block the PL/pgSQL parser rejected');
  }
}
