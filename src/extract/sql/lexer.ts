// A tolerant SQL lexer shared by every dialect: statement splitting, comment attachment and the
// heuristic extractor all read its tokens. It never throws: an unterminated quote or comment simply
// runs to the end of the text, so that broken input still yields locations for error messages.

import type { Dialect } from './dialects.js';
import { backslashEscapes, hashComments } from './dialects.js';

export type TokenKind =
  | 'word' // bare identifier or keyword
  | 'quoted' // "ident", `ident`, [ident]
  | 'string' // '…', E'…', N'…', $tag$…$tag$
  | 'number'
  | 'comment'
  | 'punct' // ( ) , ; .
  | 'op'; // any other symbol run

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

// Character-code tests: this loop runs over every character of every file, so it avoids regexes.
function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isOpChar(c: number): boolean {
  // + - * / < > = ~ ! @ % ^ & | ? :
  return c === 43 || c === 45 || c === 42 || c === 47 || c === 60 || c === 62 || c === 61 || c === 126 || c === 33 || c === 64 || c === 37 || c === 94 || c === 38 || c === 124 || c === 63 || c === 58;
}

export function lex(text: string, dialect: Dialect, options: { commentsOnly?: boolean } = {}): Token[] {
  const all: Token[] = [];
  // Comment attachment needs only the comments; not allocating the other tokens keeps the
  // parsed-file path cheap (the full token list is built only when a statement needs reading).
  const tokens = options.commentsOnly ? { push: (t: Token) => (t.kind === 'comment' ? all.push(t) : 0) } : all;
  const n = text.length;
  const hash = hashComments(dialect);
  const backslash = backslashEscapes(dialect);
  const brackets = dialect === 'tsql';
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if ((c === '-' && text[i + 1] === '-') || (c === '#' && hash)) {
      while (i < n && text[i] !== '\n') i++;
      tokens.push({ kind: 'comment', start, end: i });
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      // PostgreSQL nests block comments; other dialects rarely contain `/*` inside a comment.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else i++;
      }
      tokens.push({ kind: 'comment', start, end: i });
      continue;
    }
    if (c === "'") {
      i = skipQuoted(text, i, "'", backslash);
      tokens.push({ kind: 'string', start, end: i });
      continue;
    }
    if ((c === 'E' || c === 'e' || c === 'N' || c === 'n' || c === 'B' || c === 'b' || c === 'X' || c === 'x') && text[i + 1] === "'") {
      i = skipQuoted(text, i + 1, "'", backslash || c === 'E' || c === 'e');
      tokens.push({ kind: 'string', start, end: i });
      continue;
    }
    if (c === '"' || c === '`') {
      i = skipQuoted(text, i, c, false);
      tokens.push({ kind: 'quoted', start, end: i });
      continue;
    }
    if (c === '[' && brackets) {
      const close = text.indexOf(']', i + 1);
      i = close < 0 ? n : close + 1;
      tokens.push({ kind: 'quoted', start, end: i });
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        tokens.push({ kind: 'string', start, end: i });
        continue;
      }
    }
    if (c >= '0' && c <= '9') {
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'number', start, end: i });
      continue;
    }
    if (isWordStart(text.charCodeAt(i))) {
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'word', start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === ';' || c === '.') {
      tokens.push({ kind: 'punct', start, end: i + 1 });
      i++;
      continue;
    }
    i++;
    while (i < n && isOpChar(text.charCodeAt(i)) && !(text[i] === '-' && text[i + 1] === '-')) i++;
    tokens.push({ kind: 'op', start, end: i });
  }
  return all;
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 95;
}

/** Returns the offset after the closing quote; a doubled quote is an escaped quote. */
function skipQuoted(text: string, open: number, quote: string, backslash: boolean): number {
  let i = open + 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (backslash && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

export function tokenText(text: string, token: Token): string {
  return text.slice(token.start, token.end);
}

/** Upper-cased keyword text of a bare word, or '' for anything else. */
export function keyword(text: string, token: Token | undefined): string {
  return token && token.kind === 'word' ? text.slice(token.start, token.end).toUpperCase() : '';
}

/** The identifier a word or quoted token names, with quotes removed (case not yet normalised). */
export function identifierValue(text: string, token: Token): { value: string; quoted: boolean } {
  const raw = text.slice(token.start, token.end);
  if (token.kind !== 'quoted') return { value: raw, quoted: false };
  const q = raw[0]!;
  const close = q === '[' ? ']' : q;
  const inner = raw.endsWith(close) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return { value: inner.split(close + close).join(close), quoted: true };
}

/** The contents of a string literal token (quotes removed, doubled quotes collapsed). */
export function stringValue(text: string, token: Token): string {
  let raw = text.slice(token.start, token.end);
  if (raw.startsWith('$')) {
    const tag = /^\$[A-Za-z0-9_]*\$/.exec(raw)?.[0] ?? '$$';
    return raw.slice(tag.length, raw.endsWith(tag) ? raw.length - tag.length : raw.length);
  }
  if (/^[EeNnBbXx]'/.test(raw)) raw = raw.slice(1);
  const inner = raw.length > 1 && raw.endsWith("'") ? raw.slice(1, -1) : raw.slice(1);
  return inner.replace(/''/g, "'").replace(/\\(['"\\])/g, '$1');
}

/** Index of the first token whose start is >= offset (binary search; tokens are in text order). */
export function tokenIndexAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The offset of the first code character at or after `offset`, past whitespace and comments. */
export function skipTrivia(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return i;
  }
}
