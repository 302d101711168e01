// Splits a file into statements on top-level `;` (and T-SQL `GO` lines). Used to isolate a statement
// the real parser rejects, and as the statement list for the dialects parsed one statement at a time.

import type { Dialect } from './dialects.js';
import type { Token } from './lexer.js';
import { keyword } from './lexer.js';
import { gateStatementKind } from './statement-kind.js';

export interface Statement {
  /** Character offsets of the statement text (first non-comment token to the `;`, exclusive). */
  start: number;
  end: number;
  /** Index range into the file's token list, comments included. */
  firstToken: number;
  endToken: number;
}

export function splitStatements(text: string, tokens: Token[], dialect: Dialect, options: { blocks?: boolean } = {}): Statement[] {
  const blocks = options.blocks ?? true;
  const out: Statement[] = [];
  let first = -1;
  // `BEGIN … END` bodies (T-SQL, PL/SQL-like blocks, PostgreSQL BEGIN ATOMIC) hold inner `;`.
  let blockDepth = 0;
  const close = (endToken: number) => {
    if (first >= 0) {
      const last = lastCodeToken(tokens, first, endToken);
      if (last >= 0) out.push({ start: tokens[first]!.start, end: tokens[last]!.end, firstToken: first, endToken });
    }
    first = -1;
    blockDepth = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'comment') continue;
    if (dialect === 'tsql' && t.kind === 'word' && keyword(text, t) === 'GO' && isAloneOnLine(text, t)) {
      close(i);
      continue;
    }
    if (first < 0) {
      if (t.kind === 'punct' && text[t.start] === ';') continue;
      first = i;
    }
 if (t.kind === 'punct') {
      const ch = text[t.start];
      if (ch === ';' && blockDepth === 0) {
        // `;` ends a statement even inside unbalanced parentheses, so one typo cannot swallow the rest of the file.
        close(i);
        continue;
      }
    } else if (t.kind === 'word') {
      const kw = keyword(text, t);
      if (!blocks) continue;
      if (kw === 'BEGIN' && opensBlock(text, tokens, i, first)) blockDepth++;
      else if ((kw === 'CASE') && blockDepth > 0) blockDepth++;
      else if (kw === 'END' && blockDepth > 0) blockDepth--;
    }
  }
  close(tokens.length);
  return out;
}

/** `BEGIN` opens a block inside CREATE FUNCTION/PROCEDURE/TRIGGER bodies, not as a lone transaction start. */
function opensBlock(text: string, tokens: Token[], at: number, first: number): boolean {
  if (at === first) {
    // A statement that is just `BEGIN;` / `BEGIN TRANSACTION` is a transaction, not a block.
    const next = nextCode(tokens, at);
    const kw = keyword(text, next === undefined ? undefined : tokens[next]);
    return !(next === undefined || text[tokens[next]!.start] === ';' || kw === 'TRANSACTION' || kw === 'WORK' || kw === 'TRAN');
  }
  const head = keyword(text, tokens[first]);
  return head === 'CREATE' || head === 'ALTER';
}

function nextCode(tokens: Token[], at: number): number | undefined {
  for (let i = at + 1; i < tokens.length; i++) if (tokens[i]!.kind !== 'comment') return i;
  return undefined;
}

function lastCodeToken(tokens: Token[], from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (tokens[i]!.kind !== 'comment') return i;
  return -1;
}

function isAloneOnLine(text: string, t: Token): boolean {
  const before = text.lastIndexOf('\n', t.start - 1);
  const after = text.indexOf('\n', t.end);
  const line = text.slice(before + 1, after < 0 ? text.length : after);
  return /^\s*go\s*(\d+\s*)?(--.*)?$/i.test(line);
}

/** Code tokens (no comments) of a statement. */
export function codeTokens(tokens: Token[], stmt: Statement): Token[] {
  const out: Token[] = [];
  for (let i = stmt.firstToken; i < stmt.endToken; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'comment' && t.start < stmt.end) out.push(t);
  }
  return out;
}

export interface GateStatement {
  stmt: Statement;
  /** The statement's tokens without comments. */
  tokens: Token[];
  /** e.g. `CREATE TABLE`, `ALTER TABLE` (see gateStatementKind). */
  kind: string;
}

/**
 * The statements of a file that can add or change columns, for the paths that read one statement
 * at a time. Every statement is counted, gate DDL or not.
 */
export function* gateStatements(text: string, tokens: Token[], dialect: Dialect, stats: { statements: number }): Generator<GateStatement> {
  for (const stmt of splitStatements(text, tokens, dialect)) {
    stats.statements++;
    const code = codeTokens(tokens, stmt);
    const kind = gateStatementKind(text, code);
    if (kind !== undefined) yield { stmt, tokens: code, kind };
  }
}
