// Table and column names as the snapshot compares them: unquoted identifiers fold to lower case,
// quoted ones keep their case where the dialect makes quoting case-sensitive, and the schema
// qualifier stays as written (`public.customers` and `customers` are different names here; the
// schema diff decides whether they meet).

import type { Dialect } from './dialects.js';
import { quotedIdentifiersKeepCase } from './dialects.js';

export interface NameContext {
  dialect: Dialect;
  /** Substituted placeholder identifier → original text (see preprocess). */
  placeholders: Map<string, string>;
}

export function normaliseIdentifier(value: string, quoted: boolean, ctx: NameContext): string {
  const restored = ctx.placeholders.get(value.toLowerCase());
  if (restored !== undefined) return restored;
  if (!quoted) return value.toLowerCase();
  if (!quoteKeepsCase(value, ctx.dialect)) return value.toLowerCase();
  return value;
}

function quoteKeepsCase(value: string, dialect: Dialect): boolean {
  if (!quotedIdentifiersKeepCase(dialect)) return false;
  // Snowflake folds unquoted names to upper case, so "EMAIL" is the same column as email.
  if (dialect === 'snowflake') return value !== value.toUpperCase();
  return true;
}

/** Joins name parts (`schema`, `table`) already normalised. */
export function qualifiedName(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

/** Splits and normalises a dotted name as written in text, e.g. `"Sales".Customers` or `dbo.[Order]`. */
export function normaliseDottedName(raw: string, ctx: NameContext): string {
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|([^."`[\]\s]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    if (m[1] !== undefined) parts.push(normaliseIdentifier(m[1].replace(/""/g, '"'), true, ctx));
    else if (m[2] !== undefined) parts.push(normaliseIdentifier(m[2].replace(/``/g, '`'), true, ctx));
    else if (m[3] !== undefined) parts.push(normaliseIdentifier(m[3], true, ctx));
    else if (m[4] !== undefined) parts.push(normaliseIdentifier(m[4], false, ctx));
  }
  return qualifiedName(parts);
}
