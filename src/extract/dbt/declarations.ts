// What a dbt author declared about a column's sensitivity: `meta` / `config.meta` keys (configurable,
// e.g. `sensitivity: restricted`, `contains_pii: true`), `tags: [pii]` and BigQuery `policy_tags`.

import { isLevel, levelRank, type Declared, type Level } from '../../types.js';

export interface DeclarationInput {
  meta: Record<string, unknown>;
  tags: string[];
  policyTags: string[];
}

export interface DeclarationOptions {
  /** Meta keys that count as a declaration (config `dbt.declaration-keys`). */
  keys: readonly string[];
  /** Classification words → level (config `contracts.classification-map`, which includes the levels). */
  classificationMap: Readonly<Record<string, Level>>;
}

/** Tags that mark personal data without naming a level. */
const PERSONAL_TAGS = new Set(['pii', 'phi', 'personal', 'personal_data', 'gdpr', 'sensitive', 'spi']);

/** The level a meta value states: a level or classification word, or `true` for a yes/no key. */
function levelOfValue(value: unknown, map: Readonly<Record<string, Level>>): Level | undefined {
  if (value === true) return 'confidential';
  if (value === false) return 'public';
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (isLevel(v)) return v;
    if (map[v]) return map[v];
    if (v === 'true' || v === 'yes') return 'confidential';
    if (v === 'false' || v === 'no') return 'public';
  }
  return undefined;
}

export function readDeclaration(input: DeclarationInput, options: DeclarationOptions): Declared | undefined {
  const found: { level: Level; raw: string }[] = [];
  const keys = new Set(options.keys.map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(input.meta)) {
    if (!keys.has(key.toLowerCase())) continue;
    const level = levelOfValue(value, options.classificationMap);
    if (level) found.push({ level, raw: `meta.${key}: ${String(value)}` });
  }
  for (const tag of input.tags) {
    const t = tag.toLowerCase();
    const level = isLevel(t) ? t : PERSONAL_TAGS.has(t) ? 'confidential' : options.classificationMap[t];
    if (level && (isLevel(t) || PERSONAL_TAGS.has(t))) found.push({ level, raw: `tags: [${tag}]` });
  }
  if (input.policyTags.length > 0) found.push({ level: 'confidential', raw: `policy_tags: [${input.policyTags[0]}]` });
  if (found.length === 0 && input.tags.length === 0) return undefined;
  const declared: Declared = {};
  if (input.tags.length > 0) declared.tags = [...input.tags];
  if (found.length > 0) {
    // An explicit level in meta outranks what tags suggest; otherwise the highest stated level counts.
    const explicit = found.find((f) => f.raw.startsWith('meta.') && !/: (true|false)$/.test(f.raw));
    const top = explicit ?? found.reduce((a, b) => (levelRank(b.level) > levelRank(a.level) ? b : a));
    declared.level = top.level;
    declared.raw = top.raw;
  }
  return declared;
}
