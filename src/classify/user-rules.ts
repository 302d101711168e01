// User rules from the config file's `rules:` list. They can add categories, add token patterns to
// a built-in category, change a built-in category's level, disable one, or decide columns by name.
// Everything is a token list or a bounded wildcard: no user input ever becomes a regular expression.
import { isLevel, type Level } from '../types.js';
import { globMatch, globProblem } from './glob.js';
import type { NameOverride } from './engine.js';
import { TYPE_FAMILIES, type CategoryRule, type TypeFamily } from './packs.js';
import { typeFamily } from './context.js';

/**
 * One entry of `rules:` in `.sensitivity-gate.yml`:
 *
 * ```yaml
 * rules:
 *   - id: acme.loyalty_number          # required; letters, digits, . _ -
 *     category: acme.loyalty           # optional; defaults to id; a built-in id (contact.email) extends it
 *     level: confidential              # required for a new category
 *     description: Loyalty card number
 *     tokens: [loyalty number, loyalty card]   # token sequences, matched like the built-in rules
 *     columns: [lty_*]                 # whole-name wildcards (* and ?), checked before any token logic
 *     tables: [crm.*]                  # optional wildcard gate for `columns`
 *     types: [text, integer]           # type families that can hold the value
 *   - id: no-free-text
 *     category: freetext.notes
 *     disable: true                    # turn a built-in category off
 * ```
 */
export interface UserRule {
  id: string;
  category: string;
  level?: Level;
  description?: string;
  regulations?: string[];
  /** Each pattern is a list of canonical tokens. */
  tokens: string[][];
  columns: string[];
  tables: string[];
  types?: TypeFamily[];
  disable?: boolean;
}

export interface RuleProblem {
  /** Path inside the value given to parseUserRules: `[2, 'tokens', 0]`. */
  path: (string | number)[];
  message: string;
}

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const TOKEN = /^[a-z0-9]{1,40}$/;
const MAX_PATTERNS = 200;
const MAX_PATTERN_TOKENS = 8;
const KNOWN_KEYS = ['id', 'category', 'level', 'description', 'regulations', 'tokens', 'columns', 'tables', 'types', 'disable'];

function stringList(value: unknown, path: (string | number)[], problems: RuleProblem[], max: number): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) {
    problems.push({ path, message: 'must be a list of strings' });
    return [];
  }
  if (list.length > max) problems.push({ path, message: `at most ${max} entries` });
  const out: string[] = [];
  list.slice(0, max).forEach((v, i) => {
    if (typeof v === 'string') out.push(v);
    else problems.push({ path: [...path, i], message: 'must be a string' });
  });
  return out;
}

/** Validates `rules:`. Never throws; each problem carries the path the config loader maps to a line. */
export function parseUserRules(value: unknown): { rules: UserRule[]; errors: RuleProblem[] } {
  const errors: RuleProblem[] = [];
  const rules: UserRule[] = [];
  if (value === undefined || value === null) return { rules, errors };
  if (!Array.isArray(value)) return { rules, errors: [{ path: [], message: 'rules must be a list' }] };
  value.forEach((raw, index) => {
    const problems: RuleProblem[] = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ path: [index], message: 'each rule must be a mapping with at least id and tokens or columns' });
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (key === 'regex' || key === 'pattern' || key === 'regexp') {
        problems.push({ path: [index, key], message: 'regular expressions are not accepted (they can run unbounded); use tokens or columns wildcards' });
      } else if (!KNOWN_KEYS.includes(key)) problems.push({ path: [index, key], message: `unknown key ${key}; expected one of ${KNOWN_KEYS.join(', ')}` });
    }
    const id = typeof r.id === 'string' ? r.id : '';
    if (!ID.test(id)) problems.push({ path: [index, 'id'], message: 'id is required: 1-64 letters, digits, . _ -' });
    const category = r.category === undefined ? id : typeof r.category === 'string' ? r.category : '';
    if (!ID.test(category)) problems.push({ path: [index, 'category'], message: 'category must be 1-64 letters, digits, . _ -' });
    let level: Level | undefined;
    if (r.level !== undefined) {
      if (isLevel(r.level)) level = r.level;
      else problems.push({ path: [index, 'level'], message: 'level must be one of public, internal, confidential, restricted' });
    }
    const tokens: string[][] = [];
    stringList(r.tokens, [index, 'tokens'], problems, MAX_PATTERNS).forEach((pattern, i) => {
      const words = pattern.toLowerCase().split(/[\s_-]+/).filter(Boolean);
      if (words.length === 0 || words.length > MAX_PATTERN_TOKENS) {
        problems.push({ path: [index, 'tokens', i], message: `a token pattern has 1-${MAX_PATTERN_TOKENS} words` });
      } else if (!words.every((w) => TOKEN.test(w))) {
        problems.push({ path: [index, 'tokens', i], message: 'token patterns are words of letters and digits separated by spaces (no wildcards or regular expressions)' });
      } else tokens.push(words);
    });
    const globs = (key: 'columns' | 'tables'): string[] =>
      stringList(r[key], [index, key], problems, MAX_PATTERNS).filter((g, i) => {
        const why = globProblem(g);
        if (why) problems.push({ path: [index, key, i], message: `wildcard ${why}` });
        return !why;
      });
    const columns = globs('columns');
    const tables = globs('tables');
    let types: TypeFamily[] | undefined;
    if (r.types !== undefined) {
      types = [];
      stringList(r.types, [index, 'types'], problems, 20).forEach((t, i) => {
        if ((TYPE_FAMILIES as readonly string[]).includes(t)) types!.push(t as TypeFamily);
        else problems.push({ path: [index, 'types', i], message: `unknown type family ${t}; expected one of ${TYPE_FAMILIES.join(', ')}` });
      });
    }
    const disable = r.disable === true;
    if (r.disable !== undefined && typeof r.disable !== 'boolean') problems.push({ path: [index, 'disable'], message: 'disable must be true or false' });
    if (!disable && tokens.length === 0 && columns.length === 0 && level === undefined) {
      problems.push({ path: [index], message: 'a rule needs tokens, columns, a level or disable: true' });
    }
    if (tables.length > 0 && columns.length === 0) problems.push({ path: [index, 'tables'], message: 'tables only gates columns wildcards; add columns' });
    if (problems.length > 0) {
      errors.push(...problems);
      return;
    }
    const rule: UserRule = { id, category, tokens, columns, tables };
    if (level) rule.level = level;
    if (typeof r.description === 'string') rule.description = r.description;
    if (r.regulations !== undefined) rule.regulations = stringList(r.regulations, [index, 'regulations'], errors, 20);
    if (types) rule.types = types;
    if (disable) rule.disable = true;
    rules.push(rule);
  });
  return { rules, errors };
}

const ALL_TYPES = [...TYPE_FAMILIES];

/**
 * Merges user rules into the built-in categories. A rule for an unknown category without a level
 * is skipped rather than guessed (parseUserRules already reported nothing for it, so this only
 * happens with hand-built rules). `read` gives a token pattern's words as a column name
 * made of them is read, so `telefone celular` or `loyalty card no` match the names they describe.
 */
export function applyUserRules(
  builtin: CategoryRule[],
  userRules: UserRule[],
  read: (words: string[]) => string[] = (words) => words,
): { rules: CategoryRule[]; overrides: NameOverride[] } {
  const byId = new Map(builtin.map((r) => [r.id, { ...r, patterns: [...r.patterns] }]));
  const overrides: NameOverride[] = [];
  for (const u of userRules) {
    if (u.disable) {
      byId.delete(u.category);
      continue;
    }
    let target = byId.get(u.category);
    if (!target) {
      if (!u.level) continue;
      target = {
        id: u.category,
        family: u.category.split('.')[0] ?? u.category,
        level: u.level,
        description: u.description ?? u.category,
        regulations: u.regulations ?? [],
        types: u.types ?? ALL_TYPES,
        patterns: [],
        ownable: false,
        reveals: [],
        componentPatterns: [],
        source: u.id,
      };
      byId.set(u.category, target);
    } else {
      if (u.level) target.level = u.level;
      if (u.types) target.types = u.types;
    }
    for (const words of u.tokens) {
      const asRead = read(words);
      const pattern = (asRead.length > 0 ? asRead : words).join(' ');
      if (!target.patterns.includes(pattern)) target.patterns.push(pattern);
    }
    if (u.columns.length > 0) {
      const rule = target;
      const gateTypes = u.types;
      overrides.push({
        id: u.id,
        rule,
        matches: (column, table, type) => {
          if (!u.columns.some((g) => globMatch(g, column))) return false;
          if (u.tables.length > 0 && !(table !== undefined && u.tables.some((g) => globMatch(g, table)))) return false;
          const fam = typeFamily(type);
          return !(gateTypes && fam && !gateTypes.includes(fam));
        },
      });
    }
  }
  return { rules: [...byId.values()].filter((r) => r.patterns.length > 0), overrides };
}
