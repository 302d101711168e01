// A small Protocol Buffers tokenizer: identifiers (dotted), numbers, strings, punctuation, with
// each comment attached to the token it documents — leading comments to the next token, a comment
// on the same line after a token to that token — because field comments carry annotations.

export interface ProtoToken {
  kind: 'ident' | 'number' | 'string' | 'punct';
  text: string;
  line: number;
  column: number;
  leading: string[];
  trailing: string[];
}

export interface ProtoTokens {
  tokens: ProtoToken[];
  problems: { line: number; column: number; message: string }[];
}

const IDENT_START = /[A-Za-z_.]/;
const IDENT_PART = /[A-Za-z0-9_.]/;
const NUMBER_PART = /[0-9A-Za-z_.+-]/;

export function tokenizeProto(text: string): ProtoTokens {
  const tokens: ProtoToken[] = [];
  const problems: ProtoTokens['problems'] = [];
  let pending: string[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const push = (kind: ProtoToken['kind'], value: string, startLine: number, startCol: number) => {
    tokens.push({ kind, text: value, line: startLine, column: startCol, leading: pending, trailing: [] });
    pending = [];
  };
  const addComment = (body: string, startLine: number) => {
    const last = tokens[tokens.length - 1];
    if (last && last.line === startLine && pending.length === 0) last.trailing.push(body);
    else pending.push(body);
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    const col = i - lineStart + 1;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      addComment(text.slice(i + 2, stop).trim(), line);
      i = stop;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const startLine = line;
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end;
      const body = text.slice(i + 2, stop);
      if (end < 0) problems.push({ line, column: col, message: 'unterminated /* comment' });
      for (const ch of body) if (ch === '\n') line++;
      if (body.includes('\n')) lineStart = i + 2 + body.lastIndexOf('\n') + 1;
      addComment(
        body
          .split('\n')
          .map((l) => l.replace(/^\s*\*?\s?/, ''))
          .join('\n')
          .trim(),
        startLine,
      );
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let j = i + 1;
      let value = '';
      while (j < n && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < n) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        value += text[j];
        j++;
      }
      if (j >= n || text[j] !== c) problems.push({ line, column: col, message: 'unterminated string' });
      push('string', value, startLine, col);
      i = j < n && text[j] === c ? j + 1 : j;
      continue;
    }
    if (IDENT_START.test(c) && !(c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      push('ident', text.slice(i, j), line, col);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || ((c === '-' || c === '.') && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && NUMBER_PART.test(text[j]!)) j++;
      push('number', text.slice(i, j), line, col);
      i = j;
      continue;
    }
    push('punct', c, line, col);
    i++;
  }
  return { tokens, problems };
}
