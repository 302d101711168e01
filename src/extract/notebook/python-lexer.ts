// A Python tokenizer, enough to follow DataFrame code: names, numbers, operators, comments and every
// string form (prefixes r/b/f/u, single and triple quotes, backslash escapes), with line
// continuations and brackets folded into logical lines. It never throws: an unterminated string or
// bracket runs to the end of the cell so that broken code still yields locations.

export type PyTokenKind = 'name' | 'number' | 'string' | 'op' | 'comment' | 'newline';

export interface PyToken {
  kind: PyTokenKind;
  start: number;
  end: number;
  /** For strings: where the content starts and ends (inside prefix and quotes). */
  contentStart?: number;
  contentEnd?: number;
  /** For strings: the prefix letters, lower-cased (`f`, `rb`, ...). */
  prefix?: string;
  triple?: boolean;
}

const NAME_START = /[A-Za-z_\u0080-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_\u0080-\uffff]/;
const STRING_PREFIX = /^(?:r|u|f|b|br|rb|fr|rf)$/i;
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export function lexPython(text: string): PyToken[] {
  const tokens: PyToken[] = [];
  const n = text.length;
  let depth = 0;
  let i = 0;
  const pushNewline = (at: number) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind !== 'newline') tokens.push({ kind: 'newline', start: at, end: at + 1 });
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0) pushNewline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '#') {
      const end = lineEnd(text, i);
      tokens.push({ kind: 'comment', start: i, end });
      i = end;
      continue;
    }
    if (c === ';') {
      if (depth === 0) pushNewline(i);
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const t = readString(text, i, i);
      tokens.push(t);
      i = t.end;
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && STRING_PREFIX.test(word)) {
        const t = readString(text, i, j);
        tokens.push(t);
        i = t.end;
        continue;
      }
      tokens.push({ kind: 'name', start: i, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'number', start: i, end: j });
      i = j;
      continue;
    }
    if (OPENERS.has(c)) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    const op3 = text.slice(i, i + 3);
    const op2 = text.slice(i, i + 2);
    const len = op3 === '**=' || op3 === '//=' || op3 === '>>=' || op3 === '<<=' || op3 === '...' ? 3 : /^(==|!=|<=|>=|\*\*|\/\/|->|:=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|<<|>>)$/.test(op2) ? 2 : 1;
    tokens.push({ kind: 'op', start: i, end: i + len });
    i += len;
  }
  pushNewline(n);
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

function readString(text: string, start: number, quoteAt: number): PyToken {
  const prefix = text.slice(start, quoteAt).toLowerCase();
  const q = text[quoteAt]!;
  const triple = text[quoteAt + 1] === q && text[quoteAt + 2] === q;
  const delim = triple ? q.repeat(3) : q;
  const contentStart = quoteAt + delim.length;
  let i = contentStart;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    // Even in raw strings a backslash keeps the next quote from closing the string.
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && c === '\n') {
      // An unterminated single-quoted string ends at the line break, as in Python's own error.
      return { kind: 'string', start, end: i, contentStart, contentEnd: i, prefix, triple };
    }
    if (text.startsWith(delim, i)) {
      return { kind: 'string', start, end: i + delim.length, contentStart, contentEnd: i, prefix, triple };
    }
    i++;
  }
  return { kind: 'string', start, end: n, contentStart, contentEnd: Math.min(n, i), prefix, triple };
}

/** The source text of a token. */
export function tokenText(text: string, t: PyToken): string {
  return text.slice(t.start, t.end);
}
