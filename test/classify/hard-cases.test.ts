// The checked-in table of hard cases: the peers' known false positives and negatives, glued and
// camelCase names, non-English names, type gates, table entities and transforms.
import { describe, expect, it } from 'vitest';
import casesText from './hard-cases.txt?raw';
import { createClassifier } from '../../src/classify/index.js';
import { isLevel, type Level } from '../../src/types.js';

interface Case {
  line: number;
  column: string;
  type?: string;
  table?: string;
  level: Level;
  /** undefined: no category expected; '*': not checked. */
  category?: string;
}

function parseCases(text: string): Case[] {
  const cases: Case[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [column, type, table, level, category] = line.split('|').map((f) => f.trim());
    if (!column || !isLevel(level)) throw new Error(`hard-cases.txt line ${i + 1}: malformed: ${line}`);
    cases.push({ line: i + 1, column, type: type || undefined, table: table || undefined, level, category: category || undefined });
  });
  return cases;
}

const cases = parseCases(casesText);
const classifier = createClassifier();

describe('hard cases', () => {
  it('has at least 300 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  // as the rule packs refuse a repeated word: a repeat only inflates the count, or contradicts the first
  it('lists each column, type and table once', () => {
    const first = new Map<string, number>();
    const repeats: string[] = [];
    for (const c of cases) {
      const key = `${c.column} | ${c.type ?? ''} | ${c.table ?? ''}`;
      const at = first.get(key);
      if (at === undefined) first.set(key, c.line);
      else repeats.push(`line ${c.line} repeats line ${at}: ${key}`);
    }
    expect(repeats).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.table ? `${c.table}.` : ''}${c.column}${c.type ? ` ${c.type}` : ''} → ${c.level}`, c] as const))('%s', (_name, c) => {
    const v = classifier.classify({ column: c.column, type: c.type, table: c.table });
    const context = `line ${c.line}: ${v.evidence.join('; ')}`;
    expect(v.level, context).toBe(c.level);
    if (c.category === '*') return;
    if (c.category) expect(v.categories, context).toContain(c.category);
    else expect(v.categories, context).toEqual([]);
  });
});
