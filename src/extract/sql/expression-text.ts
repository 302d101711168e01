// Parsers give where an expression starts but not where it ends; the text shown in reports
// (`md5(lower(email))`) is read from there up to the end of the select item.

import type { Dialect } from './dialects.js';
import { keyword, lex } from './lexer.js';

const MAX_LENGTH = 200;
const ENDS_ITEM = new Set(['FROM', 'AS', 'WHERE', 'INTO', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'UNION', 'WINDOW', 'QUALIFY', 'EXCEPT', 'INTERSECT']);

export function expressionTextAt(text: string, offset: number, dialect: Dialect): string {
  const window = text.slice(offset, offset + MAX_LENGTH * 2);
  const tokens = lex(window, dialect);
  let depth = 0;
  let end = 0;
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    const ch = window[t.start];
    if (t.kind === 'punct') {
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (ch === ',' || ch === ';')) break;
    } else if (depth === 0 && t.kind === 'word' && end > 0 && ENDS_ITEM.has(keyword(window, t))) break;
    end = t.end;
  }
  const s = window.slice(0, end).replace(/\s+/g, ' ').trim();
  return s.length > MAX_LENGTH ? s.slice(0, MAX_LENGTH - 1) + '…' : s;
}
