// The inline justification annotation shared by SQL comments, COMMENT ON COLUMN text, notebook
// comments and anywhere else an author writes free text next to a column:
//
//   -- sensitivity-gate: purpose=fraud_prevention, legal_basis=legitimate_interests, retention=P2Y,
//   --   justification="Chargeback disputes need the billing email"
//
// Values are bare words or double-quoted strings (with \" escapes); pairs are separated by commas
// or whitespace. Parsing is a single linear scan: annotation text can come from any pull request.

import type { Justification, JustificationSource, Location } from '../types.js';
import { isLevel } from '../types.js';

export const ANNOTATION_MARKER = 'sensitivity-gate:';

export const JUSTIFICATION_KEYS = [
  'purpose',
  'justification',
  'legal_basis',
  'retention',
  'owner',
  'expires',
  'level',
  'reason',
] as const;
export type JustificationKey = (typeof JUSTIFICATION_KEYS)[number];

export interface ParsedAnnotation {
  fields: Partial<Record<JustificationKey, string>>;
  /** Problems such as unknown keys or an unterminated quote; reported as invalid-justification. */
  problems: string[];
}

const KEY_ALIASES: Record<string, JustificationKey> = {
  'legal-basis': 'legal_basis',
  legalbasis: 'legal_basis',
  basis: 'legal_basis',
  why: 'justification',
  expiry: 'expires',
  until: 'expires',
};

function normaliseKey(key: string): JustificationKey | undefined {
  const k = key.trim().toLowerCase();
  if ((JUSTIFICATION_KEYS as readonly string[]).includes(k)) return k as JustificationKey;
  return KEY_ALIASES[k];
}

/** Finds the annotation marker in a piece of text and returns what follows it, or undefined. */
export function annotationBody(text: string): string | undefined {
  const at = text.toLowerCase().indexOf(ANNOTATION_MARKER);
  if (at < 0) return undefined;
  return text.slice(at + ANNOTATION_MARKER.length);
}

/** Parses `key=value, key="quoted value"` pairs. Never throws. */
export function parseAnnotationPairs(body: string): ParsedAnnotation {
  const fields: Partial<Record<JustificationKey, string>> = {};
  const problems: string[] = [];
  let i = 0;
  const n = body.length;
  const isSep = (c: string) => c === ',' || c === ';' || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    while (i < n && isSep(body[i]!)) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && body[i] !== '=' && !isSep(body[i]!)) i++;
    const rawKey = body.slice(keyStart, i);
    if (body[i] !== '=') {
      problems.push(`expected key=value, found "${rawKey.slice(0, 40)}"`);
      continue;
    }
    i++; // '='
    let value = '';
    if (body[i] === '"' || body[i] === "'") {
      const quote = body[i]!;
      i++;
      let closed = false;
      while (i < n) {
        const c = body[i]!;
        if (c === '\\' && i + 1 < n) {
          value += body[i + 1];
          i += 2;
          continue;
        }
        if (c === quote) {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) problems.push(`unterminated quote in the value of ${rawKey}`);
    } else {
      const start = i;
      while (i < n && !isSep(body[i]!)) i++;
      value = body.slice(start, i);
    }
    const key = normaliseKey(rawKey);
    if (!key) {
      problems.push(`unknown key "${rawKey.slice(0, 40)}" (known: ${JUSTIFICATION_KEYS.join(', ')})`);
      continue;
    }
    fields[key] = value.replace(/\s+/g, ' ').trim();
  }
  return { fields, problems };
}

/**
 * Strips comment leaders from a block of comment lines so that an annotation may continue over
 * several `--` or `#` lines.
 */
export function joinCommentLines(lines: string[]): string {
  return lines
    .map((l) => l.replace(/^\s*(--|#|\/\/|\/\*+|\*+\/?)\s?/, '').replace(/\*\/\s*$/, ''))
    .join(' ');
}

/** Turns annotation text into a Justification, or undefined when the text holds no annotation. */
export function justificationFromText(
  text: string,
  source: JustificationSource,
  location?: Location,
): { justification: Justification; problems: string[] } | undefined {
  const body = annotationBody(text);
  if (body === undefined) return undefined;
  const { fields, problems } = parseAnnotationPairs(body);
  const { justification } = toJustification(fields, source, location, problems);
  return { justification, problems };
}

/** Builds a Justification from already-split fields (dbt meta, contract customProperties, registry). */
export function toJustification(
  fields: Partial<Record<string, unknown>>,
  source: JustificationSource,
  location?: Location,
  problems: string[] = [],
): { justification: Justification } {
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v).trim());
  const j: Justification = { source };
  if (location) j.location = location;
  for (const key of JUSTIFICATION_KEYS) {
    const v = str(fields[key]);
    if (v === undefined || v === '') continue;
    if (key === 'level') {
      if (isLevel(v)) j.level = v;
      else problems.push(`level "${v}" is not one of public, internal, confidential, restricted`);
    } else {
      j[key] = v;
    }
  }
  if (problems.length > 0) j.problems = problems;
  return { justification: j };
}

/** True when a Justification carries anything beyond its source. */
export function hasJustificationContent(j: Justification | undefined): boolean {
  if (!j) return false;
  return JUSTIFICATION_KEYS.some((k) => j[k] !== undefined);
}
