// Python string literals as the text they hold, laid out at their own offsets: everything in the
// cell except the literal's content is blanked, so that a SQL statement inside `spark.sql("""…""")`
// is read with line and column numbers of the cell. f-string fields become a neutral identifier of
// the same length (`{catalog}` → `_catalog_`); escapes become spaces of the same length.

import { blank } from './cells.js';
import type { PyToken } from './python-lexer.js';

export interface LiteralText {
  /** Cell-length text: the literal content in place, blanks elsewhere. */
  text: string;
  /** The content alone (for table names and expressions). */
  value: string;
  /** True when an f-string field was substituted. */
  substituted: boolean;
}

export function literalText(cellText: string, parts: PyToken[]): LiteralText {
  let out = '';
  let last = 0;
  let value = '';
  let substituted = false;
  for (const part of parts) {
    const start = part.contentStart ?? part.start;
    const end = part.contentEnd ?? part.end;
    out += blank(cellText.slice(last, start));
    const content = contentOf(cellText.slice(start, end), part.prefix ?? '');
    if (content.substituted) substituted = true;
    out += content.text;
    value += content.text;
    last = end;
  }
  out += blank(cellText.slice(last));
  return { text: out, value, substituted };
}

/** The literal content as the program sees it, with the length of the source kept. */
function contentOf(source: string, prefix: string): { text: string; substituted: boolean } {
  const raw = prefix.includes('r');
  const format = prefix.includes('f');
  let text = '';
  let substituted = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\' && !raw && i + 1 < source.length) {
      const next = source[i + 1]!;
      // A quote stays a quote; a line continuation disappears; other escapes read as spaces.
      text += next === '\n' ? ' \n' : next === "'" || next === '"' ? ' ' + next : '  ';
      i += 2;
      continue;
    }
    if (format && c === '{') {
      if (source[i + 1] === '{') {
        text += ' {';
        i += 2;
        continue;
      }
      const close = fieldEnd(source, i);
      text += neutralIdentifier(source.slice(i, close));
      substituted = true;
      i = close;
      continue;
    }
    if (format && c === '}' && source[i + 1] === '}') {
      text += '} ';
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  return { text, substituted };
}

/** The end (exclusive) of an f-string field starting at `{`, nested braces included. */
function fieldEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return i + 1;
    else if (source[i] === '\n') return i;
  }
  return source.length;
}

/** `{catalog}` → `_catalog_`: a name no SQL reader treats specially, as long as the field. */
function neutralIdentifier(field: string): string {
  const body = field.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(body) ? body : '_' + body.slice(1);
}
