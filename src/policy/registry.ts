// The central justification registry (default `data-justifications.yml`): entries that map
// `table.column` patterns to justifications, so that a privacy team can own approvals through
// CODEOWNERS instead of reviewing comments scattered over migrations.
//
//   justifications:
//     - columns: [customers.billing_email, "*.card_last4"]
//       purpose: fraud_prevention
//       justification: Chargeback disputes need the billing email of the cardholder
//       legal_basis: legitimate_interests
//       retention: P2Y
//       owner: "@acme/privacy"
//       expires: 2027-06-30

import { LineCounter, parseDocument } from 'yaml';
import { lineOf } from '../config.js';
import type { ExtractError, Justification } from '../types.js';
import { JUSTIFICATION_KEYS, toJustification } from './annotation.js';

export interface RegistryEntry {
  patterns: string[];
  matchers: RegExp[][];
  justification: Justification;
}

export interface Registry {
  file: string;
  entries: RegistryEntry[];
  errors: ExtractError[];
}

const ENTRY_KEYS = ['columns', ...JUSTIFICATION_KEYS];

/** One pattern segment: `*` matches any run of characters within a name; nothing else is special. */
function segmentMatcher(segment: string): RegExp {
  const body = segment
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]*');
  return new RegExp(`^${body}$`);
}

export function compilePattern(pattern: string): RegExp[] {
  return pattern.split('.').map(segmentMatcher);
}

/** A pattern of N segments matches the last N segments of `schema.table.column`. */
export function patternMatches(matchers: RegExp[], table: string, column: string): boolean {
  const parts = [...table.toLowerCase().split('.'), column.toLowerCase()];
  if (matchers.length > parts.length) return false;
  const tail = parts.slice(parts.length - matchers.length);
  return matchers.every((m, i) => m.test(tail[i]!));
}

export function emptyRegistry(file: string): Registry {
  return { file, entries: [], errors: [] };
}

export function parseRegistry(text: string, file: string): Registry {
  const registry = emptyRegistry(file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  for (const e of doc.errors) {
    registry.errors.push({ file, line: lc.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}`, kind: 'config' });
  }
  if (doc.errors.length) return registry;
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // Alias bombs and dangling aliases are rejected by the YAML library at conversion time.
    registry.errors.push({ file, line: 1, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}`, kind: 'config' });
    return registry;
  }
  if (raw === null || raw === undefined) return registry;
  const fail = (path: (string | number)[], message: string) =>
    registry.errors.push({ file, line: lineOf(doc, lc, path), message, kind: 'config' });
  const list = Array.isArray(raw) ? raw : (raw as Record<string, unknown>).justifications;
  const base: (string | number)[] = Array.isArray(raw) ? [] : ['justifications'];
  if (!Array.isArray(list)) {
    fail([], 'the registry must be a list of entries, or a mapping with a `justifications:` list');
    return registry;
  }
  list.forEach((entry: unknown, i) => {
    const path = [...base, i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(path, 'each entry must be a mapping');
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!ENTRY_KEYS.includes(key)) fail([...path, key], `unknown key "${key}"; allowed: ${ENTRY_KEYS.join(', ')}`);
    }
    const cols = typeof e.columns === 'string' ? [e.columns] : e.columns;
    if (!Array.isArray(cols) || cols.length === 0 || cols.some((c) => typeof c !== 'string' || !c.includes('.'))) {
      return fail([...path, 'columns'], 'columns must list table.column patterns (`*` matches within a name)');
    }
    const location = { file, line: lineOf(doc, lc, path), column: 1 };
    const fields: Record<string, unknown> = {};
    for (const k of JUSTIFICATION_KEYS) {
      const v = e[k];
      fields[k] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    }
    const { justification } = toJustification(fields, 'registry', location);
    registry.entries.push({ patterns: cols as string[], matchers: (cols as string[]).map(compilePattern), justification });
  });
  return registry;
}

export function lookupRegistry(registry: Registry, table: string, column: string): Justification | undefined {
  for (const entry of registry.entries) {
    if (entry.matchers.some((m) => patternMatches(m, table, column))) return entry.justification;
  }
  return undefined;
}
