// What a contract author declared about a field (classification, pii, tags) and the justification
// they wrote for it. Every format reduces its own syntax to a list of key/value entries — the field's
// keys, ODCS customProperties, datacontract.com `config`, proto options — and this module reads
// them the same way everywhere, so one vocabulary maps to levels through the configured map.

import type { Declared, Justification, Level } from '../../types.js';
import { maxLevel, levelRank } from '../../types.js';
import { annotationBody, parseAnnotationPairs, toJustification, type JustificationKey } from '../../policy/annotation.js';
import { clip, type ContractSink } from './sink.js';
import { booleanOf, isMapNode, isSeqNode, textList, textOf, type Pos, type TreeEntry, type TreeNode } from './tree.js';

/** `x-pii`, `isPII`, `contains_pii` and `containsPii` are the same key to an author. */
export function normaliseKey(key: string): string {
  return key
    .toLowerCase()
    .replace(/^x-/, '')
    .replace(/[-_\s]/g, '');
}

const LEVEL_KEYS = new Set(['classification', 'sensitivity', 'dataclassification', 'confidentiality', 'securityclassification', 'sensitivitylevel']);
const PII_KEYS = new Set(['pii', 'ispii', 'containspii', 'personaldata', 'ispersonaldata', 'personallyidentifiable']);
const CRITICAL_KEYS = new Set(['criticaldataelement', 'criticaldataelementstatus']);
const TAG_KEYS = new Set(['tags']);

const JUSTIFICATION_BY_NORMAL_KEY: Record<string, JustificationKey> = {
  purpose: 'purpose',
  justification: 'justification',
  legalbasis: 'legal_basis',
  retention: 'retention',
  owner: 'owner',
  expires: 'expires',
  expiry: 'expires',
  level: 'level',
  reason: 'reason',
};

/** The key under which a nested block of justification fields may be written (`x-sensitivity-gate:`). */
const NESTED_JUSTIFICATION_KEY = 'sensitivitygate';

export interface DeclarationOptions {
  classificationMap: Record<string, Level>;
}

function mapWord(word: string, map: Record<string, Level>): Level | undefined {
  return map[word.trim().toLowerCase()];
}

/**
 * Reads declarations from the given entries. `pii: true` is at least confidential; tags only ever
 * raise the level, because a `public` tag usually names an audience or an API, not a classification.
 */
export function declaredFrom(entries: TreeEntry[], options: DeclarationOptions, sink: ContractSink): Declared | undefined {
  let level: Level | undefined;
  const tags: string[] = [];
  const categories: string[] = [];
  const raw: string[] = [];
  let at: Pos | undefined;
  const raise = (l: Level) => {
    level = level === undefined ? l : maxLevel(level, l);
  };
  for (const e of entries) {
    const key = normaliseKey(e.key);
    if (LEVEL_KEYS.has(key)) {
      const word = textOf(e.value);
      if (word === undefined || word.trim() === '') continue;
      at ??= e.keyPos;
      raw.push(`${e.key}: ${clip(word, 60)}`);
      const l = mapWord(word, options.classificationMap);
      if (l) raise(l);
      else {
        sink.error(
          e.value,
          `${e.key} "${clip(word, 60)}" is not mapped to a level (public, internal, confidential, restricted); add it under contracts.classification-map in .sensitivity-gate.yml`,
          'unsupported',
        );
      }
    } else if (PII_KEYS.has(key)) {
      const b = booleanOf(e.value);
      if (b === undefined) continue;
      at ??= e.keyPos;
      raw.push(`${e.key}: ${b}`);
      if (b) {
        raise('confidential');
        if (!categories.includes('pii')) categories.push('pii');
      }
    } else if (CRITICAL_KEYS.has(key)) {
      if (booleanOf(e.value) === true) {
        tags.push('critical-data-element');
        raw.push(`${e.key}: true`);
      }
    } else if (TAG_KEYS.has(key)) {
      for (const tag of textList(e.value)) {
        tags.push(tag);
        const l = mapWord(tag, options.classificationMap);
        if (l && levelRank(l) >= levelRank('confidential')) {
          at ??= e.keyPos;
          raise(l);
          raw.push(`tag: ${clip(tag, 60)}`);
        }
      }
    }
  }
  if (level === undefined && tags.length === 0 && raw.length === 0) return undefined;
  const declared: Declared = {};
  if (level) declared.level = level;
  if (categories.length) declared.categories = categories;
  if (tags.length) declared.tags = [...new Set(tags)];
  if (raw.length) declared.raw = raw.join(', ');
  if (at) declared.location = sink.location(at);
  return declared;
}

/**
 * Reads justification fields from the entries, from a nested `sensitivity-gate` block among them,
 * and from `sensitivity-gate:` annotations inside the given free texts (doc, description, comments).
 * Structured fields win over annotation text when both give the same key.
 */
export function justificationFrom(entries: TreeEntry[], texts: (string | undefined)[], fallbackAt: Pos, sink: ContractSink): Justification | undefined {
  const fields: Partial<Record<JustificationKey, string>> = {};
  const problems: string[] = [];
  let at: Pos | undefined;
  const take = (list: TreeEntry[]) => {
    for (const e of list) {
      const key = normaliseKey(e.key);
      if (key === NESTED_JUSTIFICATION_KEY && isMapNode(e.value)) {
        at ??= e.keyPos;
        take(e.value.entries);
        continue;
      }
      const target = JUSTIFICATION_BY_NORMAL_KEY[key];
      if (!target) continue;
      const value = textOf(e.value);
      at ??= e.keyPos;
      if (value === undefined) {
        if (isMapNode(e.value) || isSeqNode(e.value)) problems.push(`${e.key} must be text, not a ${isMapNode(e.value) ? 'mapping' : 'list'}`);
        continue;
      }
      fields[target] ??= value;
    }
  };
  take(entries);
  for (const text of texts) {
    if (!text) continue;
    const body = annotationBody(text);
    if (body === undefined) continue;
    at ??= fallbackAt;
    const parsed = parseAnnotationPairs(body);
    problems.push(...parsed.problems);
    for (const [k, v] of Object.entries(parsed.fields) as [JustificationKey, string][]) fields[k] ??= v;
  }
  if (Object.keys(fields).length === 0 && problems.length === 0) return undefined;
  return toJustification(fields, 'contract', sink.location(at ?? fallbackAt), problems).justification;
}

/** `[{property: purpose, value: marketing}, ...]` (ODCS customProperties) as entries. */
export function customPropertyEntries(node: TreeNode | undefined): TreeEntry[] {
  if (!isSeqNode(node)) return [];
  const out: TreeEntry[] = [];
  for (const item of node.items) {
    if (!isMapNode(item)) continue;
    const prop = item.entries.find((e) => e.key === 'property');
    const value = item.entries.find((e) => e.key === 'value');
    const name = textOf(prop?.value);
    if (!prop || !name) continue;
    out.push({ key: name, keyPos: prop.keyPos, value: value?.value ?? { kind: 'scalar', value: null, line: prop.keyPos.line, column: prop.keyPos.column } });
  }
  return out;
}
