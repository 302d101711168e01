// A cursor over one statement's code tokens, with the small reads both the heuristic extractor and
// the location finder need: keywords, qualified names, balanced parentheses.

import type { Token } from './lexer.js';
import { identifierValue, keyword } from './lexer.js';
import type { NameContext } from './names.js';
import { normaliseIdentifier, qualifiedName } from './names.js';

export interface NameRead {
  name: string;
  /** The last part alone (the column of `t.c`), normalised. */
  last: string;
  /** Offset of the last part. */
  at: number;
  next: number;
}

export class TokenReader {
  constructor(
    readonly text: string,
    readonly tokens: Token[],
    readonly names: NameContext,
  ) {}

  kw(i: number): string {
    return keyword(this.text, this.tokens[i]);
  }

  isPunct(i: number, ch: string): boolean {
    const t = this.tokens[i];
    return t !== undefined && t.kind === 'punct' && this.text[t.start] === ch;
  }

  isName(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
  }

  /** Skips the given keyword sequence if present; returns the index after it, or i. */
  skip(i: number, ...words: string[]): number {
    for (let k = 0; k < words.length; k++) if (this.kw(i + k) !== words[k]) return i;
    return i + words.length;
  }

  skipIfNotExists(i: number): number {
    return this.skip(this.skip(i, 'IF', 'NOT', 'EXISTS'), 'IF', 'EXISTS');
  }

  /** The name a `CREATE … TABLE` or `CREATE … VIEW` statement creates (after any `IF NOT EXISTS`). */
  createdName(): NameRead | undefined {
    const at = this.tokens.findIndex((_, i) => i > 0 && (this.kw(i) === 'VIEW' || this.kw(i) === 'TABLE'));
    return at < 0 ? undefined : this.name(this.skipIfNotExists(at + 1));
  }

  /** Reads `a`, `a.b`, `"A".b.c`. */
  name(i: number): NameRead | undefined {
    if (!this.isName(i)) return undefined;
    const parts: string[] = [];
    let at = this.tokens[i]!.start;
    let j = i;
    for (;;) {
      const { value, quoted } = identifierValue(this.text, this.tokens[j]!);
      parts.push(normaliseIdentifier(value, quoted, this.names));
      at = this.tokens[j]!.start;
      j++;
      if (this.isPunct(j, '.') && this.isName(j + 1)) j++;
      else break;
    }
    return { name: qualifiedName(parts), last: parts[parts.length - 1]!, at, next: j };
  }

  /** Index after the `)` matching the `(` at i. */
  closeParen(i: number): number {
    let depth = 0;
    for (let j = i; j < this.tokens.length; j++) {
      if (this.isPunct(j, '(')) depth++;
      else if (this.isPunct(j, ')')) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return this.tokens.length;
  }

  /** Splits [from, to) at top-level commas into [start, end) index ranges. */
  splitCommas(from: number, to: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let depth = 0;
    // Type parameters such as BigQuery's ARRAY<STRUCT<a STRING, b STRING>> hold commas too; `<`
    // counts only right after a type word, so comparisons in CHECK expressions do not.
    let angle = 0;
    let start = from;
    for (let j = from; j < to; j++) {
      const t = this.tokens[j]!;
      if (this.isPunct(j, '(')) depth++;
      else if (this.isPunct(j, ')')) depth--;
      else if (t.kind === 'op') {
        const op = this.text.slice(t.start, t.end);
        if (op === '<' && /^(ARRAY|STRUCT|MAP|RANGE)$/.test(this.kw(j - 1))) angle++;
        else if (angle > 0 && /^>+$/.test(op)) angle = Math.max(0, angle - op.length);
      } else if (depth === 0 && angle === 0 && this.isPunct(j, ',')) {
        out.push([start, j]);
        start = j + 1;
      }
    }
    if (start < to) out.push([start, to]);
    return out;
  }

  /** Type text as written, lower-cased, with SQL spacing normalised: `varchar(255)`, `numeric(10, 2)`. */
  typeText(from: number, to: number): string {
    let out = '';
    for (let j = from; j < to; j++) {
      const t = this.tokens[j]!;
      const s = this.text.slice(t.start, t.end);
      const prev = out[out.length - 1];
      const glue = out === '' || s === '(' || s === ')' || s === ',' || s === '[' || s === ']' || prev === '(' || prev === '[' || prev === ',' || s.startsWith('[') || s === '.' || prev === '.' || /^[<>]/.test(s) || prev === '<';
      out += (glue ? '' : ' ') + (t.kind === 'quoted' ? s : s.toLowerCase());
    }
    return out.replace(/ +\)/g, ')').trim();
  }

  /** First token in [from, to) naming `name` (normalised comparison), for locating parser results. */
  find(name: string, from = 0, to = this.tokens.length): number | undefined {
    const want = name.toLowerCase();
    for (let j = from; j < to; j++) {
      const t = this.tokens[j]!;
      if (t.kind === 'word' || t.kind === 'quoted') {
        if (identifierValue(this.text, t).value.toLowerCase() === want) return j;
      } else if (t.kind === 'string' && this.text.slice(t.start, t.end).toLowerCase().includes(want)) return j;
    }
    return undefined;
  }
}
