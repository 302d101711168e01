// Client-side and templating syntax that no SQL parser accepts is removed before parsing. Every
// replacement keeps the text's length and line breaks so that offsets still point into the file
// as the author wrote it.

import type { Dialect } from './dialects.js';
import { lex } from './lexer.js';

export interface Preprocessed {
  text: string;
  /** Substituted identifier → the placeholder as written, so table names can show the original. */
  placeholders: Map<string, string>;
}

export function preprocess(source: string, dialect: Dialect, substitute: boolean): Preprocessed {
  const placeholders = new Map<string, string>();
  let text = source;
  if (dialect === 'postgres' || dialect === 'redshift' || dialect === 'duckdb') text = blankPsqlClientSyntax(text);
  if (substitute) {
    // Go templates (`{{ index .Options "Namespace" }}`) and Flyway placeholders (`${schema}`).
    text = text.replace(/\{\{[^{}\n]*\}\}|\$\{[^{}\n]*\}/g, (m) => {
      const ident = sameLengthIdentifier(m);
      placeholders.set(ident.toLowerCase(), m.replace(/\s+/g, ' '));
      return ident;
    });
    if (dialect === 'postgres') text = substitutePsqlVariables(text, placeholders);
  }
  return { text, placeholders };
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** A placeholder becomes an identifier of the same length: `${schema}` → `__schema_`. */
function sameLengthIdentifier(placeholder: string): string {
  const body = placeholder.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(body) ? body : '_' + body.slice(1);
}

/** psql meta-commands (`\set`, `\copy`, `\i`) and the data rows that follow `COPY … FROM stdin;`. */
function blankPsqlClientSyntax(text: string): string {
  if (!text.includes('\\') ) return text;
  const lines = text.split('\n');
  let inCopyData = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inCopyData) {
      if (/^\\\.\s*$/.test(line)) inCopyData = false;
      lines[i] = blank(line);
      continue;
    }
    if (/^\s*\\[A-Za-z!?]/.test(line)) {
      lines[i] = blank(line);
      continue;
    }
    if (/^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$/i.test(line)) {
      lines[i] = blank(line);
      inCopyData = true;
    }
  }
  return lines.join('\n');
}

/** psql `:var`, `:'var'`, `:"var"` outside literals and comments; `::` casts and `:=` are left alone. */
function substitutePsqlVariables(text: string, placeholders: Map<string, string>): string {
  // Most files only hold `::` casts; lex only when something looks like a variable.
  if (!/(^|[^:\w]):['"A-Za-z_]/m.test(text)) return text;
  const tokens = lex(text, 'postgres');
  let out = '';
  let last = 0;
  for (const t of tokens) {
    if (t.kind !== 'op' || text[t.start] !== ':' || t.end !== t.start + 1) continue;
    if (text[t.start - 1] === ':' || /[A-Za-z0-9_\]]/.test(text[t.start - 1] ?? '')) continue;
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|'[A-Za-z_][A-Za-z0-9_]*'|"[A-Za-z_][A-Za-z0-9_]*")/.exec(text.slice(t.end, t.end + 64));
    if (!m) continue;
    const original = text.slice(t.start, t.end + m[0].length);
    // `:'v'` is a string literal in psql and `:"v"` a quoted identifier; `:v` is text spliced in.
    const replacement = m[0].startsWith("'") || m[0].startsWith('"') ? ' ' + m[0] : '_' + m[0];
    if (!m[0].startsWith("'") && !m[0].startsWith('"')) placeholders.set(replacement.toLowerCase(), original);
    out += text.slice(last, t.start) + replacement;
    last = t.start + original.length;
  }
  return last === 0 ? text : out + text.slice(last);
}
