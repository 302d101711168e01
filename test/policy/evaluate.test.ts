import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { evaluate } from '../../src/policy/evaluate.js';
import type { InferredSensitivity } from '../../src/policy/infer.js';
import type { ColumnChange, ColumnFact, Justification, Level } from '../../src/types.js';

const today = new Date('2026-11-29T00:00:00Z');
const sens = (level: Level, categories: string[] = [], extra: Partial<InferredSensitivity> = {}): InferredSensitivity => ({
  level,
  inferredLevel: level,
  categories,
  rules: categories.map((c) => `${c}.rule`),
  evidence: [`tokens match ${categories.join(', ') || 'nothing'}`],
  ...extra,
});
const fact = (column: string, extra: Partial<ColumnFact> = {}): ColumnFact => ({
  table: 'customers',
  column,
  type: 'text',
  origin: 'sql',
  action: 'add',
  location: { file: 'db/V2__contact.sql', line: 4, column: 5 },
  ...extra,
});
const added = (column: string, level: Level, extra: Partial<ColumnFact> = {}, s: Partial<InferredSensitivity> = {}): ColumnChange => ({
  kind: 'added',
  reasons: [],
  file: 'db/V2__contact.sql',
  table: 'customers',
  column,
  head: fact(column, extra),
  headSensitivity: sens(level, ['contact'], s),
});
const run = (changes: ColumnChange[], justificationFor: (f: ColumnFact) => Justification | undefined = () => undefined, config = defaultConfig()) =>
  evaluate({ changes, config, justificationFor, today });

const good: Justification = {
  source: 'inline-comment',
  purpose: 'customer_support',
  justification: 'Support agents call customers back about delivery problems',
  legal_basis: 'contract',
  retention: 'P1Y',
};

describe('evaluate', () => {
  it('blocks new columns at or above the fail level without justification, and includes a fix', () => {
    const { findings, columns } = run([added('email', 'confidential'), added('nickname_length', 'internal')]);
    expect(findings.map((f) => [f.kind, f.columnName, f.blocking])).toEqual([['unjustified-column', 'email', true]]);
    expect(findings[0]!.fix).toMatch(/^-- sensitivity-gate: purpose=/);
    expect(findings[0]!.fix).toContain('data-justifications.yml');
    expect(findings[0]).toMatchObject({ file: 'db/V2__contact.sql', line: 4, column: 5, level: 'confidential' });
    expect(columns.map((c) => [c.column, c.level, c.justified])).toEqual([
      ['email', 'confidential', false],
      ['nickname_length', 'internal', false],
    ]);
  });

  it('clears a column with a complete justification, and keeps a placeholder blocking', () => {
    expect(run([added('phone', 'restricted', { justification: good })]).findings).toEqual([]);
    const placeholder = run([added('phone', 'confidential', { justification: { ...good, justification: 'tbd' } })]);
    expect(placeholder.findings.map((f) => f.kind)).toEqual(['invalid-justification']);
    expect(placeholder.findings[0]!.message).toMatch(/placeholder/);
  });

  it('uses a justification from elsewhere (registry or COMMENT ON) when the fact has none', () => {
    const { findings, columns } = run([added('email', 'confidential')], (f) => (f.column === 'email' ? { ...good, source: 'registry' } : undefined));
    expect(findings).toEqual([]);
    expect(columns[0]!.justified).toBe(true);
  });

  it('flags a rise in sensitivity on a changed column but not an unchanged level', () => {
    const raised: ColumnChange = {
      kind: 'changed',
      reasons: ['rename'],
      file: 'db/V3.sql',
      table: 'users',
      column: 'email',
      base: fact('handle'),
      head: fact('email'),
      baseSensitivity: sens('internal'),
      headSensitivity: sens('confidential', ['contact']),
    };
    expect(run([raised]).findings.map((f) => [f.kind, f.message])).toEqual([
      ['sensitivity-raised', 'users.email becomes confidential (contact): renamed from handle (internal), without a justification'],
    ]);
    const same: ColumnChange = { ...raised, baseSensitivity: sens('confidential') };
    expect(run([same]).findings).toEqual([]);
  });

  it('names the upstream column of an exposure', () => {
    const change = added('contact', 'confidential', { lineage: { from: [{ table: 'stg_customers', column: 'email' }], transform: 'identity' } }, {
      via: { source: { table: 'stg_customers', column: 'email' }, transform: 'identity' },
    });
    const [finding] = run([change]).findings;
    expect(finding!.kind).toBe('exposure');
    expect(finding!.message).toContain('stg_customers.email');
  });

  it('flags a declaration below the inferred level and a lowered declaration', () => {
    const below = added('card_number', 'restricted', { declared: { level: 'public', raw: 'classification: public' } });
    expect(run([below]).findings.map((f) => f.kind)).toEqual(['declared-below-inferred']);
    const lowered: ColumnChange = {
      kind: 'changed',
      reasons: ['declared-level'],
      file: 'contracts/customers.odcs.yaml',
      table: 'customers',
      column: 'card_number',
      base: fact('card_number', { declared: { level: 'restricted' } }),
      head: fact('card_number', { declared: { level: 'public' } }),
      baseSensitivity: sens('restricted'),
      headSensitivity: sens('restricted'),
    };
    expect(run([lowered]).findings.map((f) => f.kind)).toEqual(['declared-below-inferred', 'declaration-lowered']);
  });

  it('lists a reasoned override and applies its level; an override without reason blocks', () => {
    const ok = run([added('store_phone', 'confidential', { justification: { source: 'inline-comment', level: 'internal', reason: 'This is the public phone number of a store' } })]);
    expect(ok.findings.map((f) => [f.kind, f.blocking])).toEqual([['level-override', false]]);
    expect(ok.columns[0]).toMatchObject({ level: 'internal', override: { level: 'internal' } });
    const bad = run([added('store_phone', 'confidential', { justification: { source: 'inline-comment', level: 'internal' } })]);
    expect(bad.findings.map((f) => f.kind)).toContain('invalid-justification');
  });

  it('enforces tier ceilings unless the column is hashed', () => {
    const config = defaultConfig();
    const mart = (transform: 'identity' | 'hash'): ColumnChange => ({
      ...added('email', 'confidential', { justification: good, lineage: { from: [{ table: 'stg', column: 'email' }], transform } }),
      file: 'models/marts/dim_customers.sql',
    });
    expect(run([mart('identity')], undefined, config).findings.map((f) => f.kind)).toEqual(['tier-violation']);
    expect(run([mart('hash')], undefined, config).findings).toEqual([]);
  });

  it('respects the fail level', () => {
    const config = defaultConfig();
    config.failLevel = 'restricted';
    expect(run([added('email', 'confidential')], undefined, config).findings).toEqual([]);
  });
});
