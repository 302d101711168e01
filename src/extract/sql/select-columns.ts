// selectOutputColumns: the output columns of the last query in a piece of SQL, for views here and
// for dbt models and notebook cells elsewhere.

/* eslint-disable @typescript-eslint/no-explicit-any -- parser ASTs are JSON shaped by node type names */
import { parseSync } from 'libpg-query';
import type { ExtractError } from '../../types.js';
import type { Dialect } from './dialects.js';
import { usesPostgresParser } from './dialects.js';
import { expressionTextAt } from './expression-text.js';
import { nspFrame } from './generic.js';
import type { QueryColumns, SqlExtractOptions } from './index.js';
import { lex } from './lexer.js';
import { normaliseIdentifier } from './names.js';
import { nspAstify, nspParser } from './nsp.js';
import { nspQuery } from './nsp-query.js';
import { pgQuery } from './pg-query.js';
import type { Query, Resolved } from './query-model.js';
import { QueryResolver } from './query-model.js';
import { SourceText } from '../source-text.js';
import { codeTokens, splitStatements } from './statements.js';
import { TokenReader } from './token-reader.js';
import { FileCollector } from './collector.js';
import { CommentIndex } from './justifications.js';

export async function selectColumns(text: string, placeholders: Map<string, string>, options: SqlExtractOptions): Promise<QueryColumns> {
  const source = new SourceText(text);
  const masking = new Set((options.maskingFunctions ?? []).map((f) => f.toLowerCase()));
  const names = { dialect: options.dialect, placeholders };
  const errors: ExtractError[] = [];
  const fail = (offset: number, message: string): QueryColumns => {
    const { line, column } = source.position(offset);
    errors.push({ file: options.file, line, column, message, kind: 'parse' });
    return { columns: [], stars: [], errors };
  };
  let query: Query | undefined;
  if (usesPostgresParser(options.dialect)) {
    let parsed: any;
    try {
      parsed = parseSync(text);
    } catch (e) {
      return fail(errorOffset(source, e), `query could not be parsed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const frame = {
      offset: (b: number | undefined) => source.charOffset(b ?? 0),
      ident: (v: string) => normaliseIdentifier(v, true, names),
      textAt: (o: number) => expressionTextAt(text, o, options.dialect),
    };
    for (const raw of parsed.stmts ?? []) query = pgQuery(queryNode(raw.stmt), frame) ?? query;
  } else {
    const parser = await nspParser(options.dialect);
    const tokens = lex(text, options.dialect);
    const stmts = splitStatements(text, tokens, options.dialect);
    const last = stmts[stmts.length - 1];
    if (!parser || !last) return fail(0, parser ? 'no query found' : `no query parser for ${options.dialect}`);
    const parsed = nspAstify(parser, options.dialect, text.slice(last.start, last.end));
    if (!parsed.ast) return fail(last.start, `query could not be parsed: ${parsed.message ?? ''}`);
    const collector = new FileCollector(options.file, options.dialect, options.origin ?? 'sql', source, () => tokens, new CommentIndex(source, [], options.file), placeholders);
    const reader = new TokenReader(text, codeTokens(tokens, last), collector.names);
    query = nspQuery(queryAst(parsed.ast), nspFrame(collector, last, reader));
  }
  if (!query) return fail(0, 'no SELECT found');
  return toColumns(new QueryResolver(masking).resolve(query), source, options.file, errors);
}

function queryNode(stmt: any): any {
  if (stmt?.SelectStmt) return stmt;
  return stmt?.ViewStmt?.query ?? stmt?.CreateTableAsStmt?.query;
}

function queryAst(ast: any): any {
  if (ast?.type === 'select') return ast;
  return ast?.select ?? ast?.query_expr ?? ast?.as;
}

function errorOffset(source: SourceText, e: unknown): number {
  const cursor = (e as { sqlDetails?: { cursorPosition?: number } })?.sqlDetails?.cursorPosition;
  return typeof cursor === 'number' ? source.charOffset(Math.max(0, cursor - 1)) : 0;
}

function toColumns(resolved: Resolved, source: SourceText, file: string, errors: ExtractError[]): QueryColumns {
  const loc = (at: number) => ({ file, ...source.position(at) });
  return {
    columns: resolved.columns.map((c) => ({
      name: c.name,
      location: loc(c.at),
      ...(c.lineage ? { lineage: c.lineage } : {}),
      ...(c.expression !== undefined ? { expression: c.expression } : {}),
    })),
    stars: resolved.stars.map((s) => ({ ...(s.table !== undefined ? { table: s.table } : {}), location: loc(s.at), ...(s.except ? { except: s.except } : {}) })),
    errors,
  };
}

export type { Dialect };
