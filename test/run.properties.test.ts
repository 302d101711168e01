// The whole pipeline on arbitrary file contents of every kind: run() never throws, and every
// changed file it owns is either analysed or reported — nothing passes silently.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run } from '../src/run.js';
import { memoryChanges } from './helpers/memory-changes.js';

const PATHS = [
  'db/migrations/V7__x.sql',
  'notebooks/features.ipynb',
  'contracts/customers.odcs.yaml',
  'events/signup.schema.json',
  'schemas/order.avsc',
  'proto/customer.proto',
  '.sensitivity-gate.yml',
  'data-justifications.yml',
];

const fragments = fc.constantFrom(
  'CREATE TABLE t (email text, ssn char(11));',
  'ALTER TABLE customers ADD COLUMN phone text;',
  '{"cells": [{"cell_type": "code", "source": ["df.withColumn(\\"email\\", 1)"]}], "nbformat": 4}',
  'apiVersion: v3.0.2\nkind: DataContract\nschema:\n  - name: c\n    properties:\n      - name: email\n',
  '{"type": "record", "name": "r", "fields": [{"name": "email", "type": "string"}]}',
  'message Customer { string email = 1; }',
  'fail-level: restricted',
  'justifications: [{columns: [t.email], purpose: x}]',
  '(((', '"', "'", '{{ x }}', '\u0000', '-- sensitivity-gate: purpose=',
);
const content = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fragments, { maxLength: 5 }).map((a) => a.join('\n')));

describe('run() on arbitrary input', () => {
  it('never throws and reports every file it could not read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...PATHS), content, { maxKeys: 4 }), fc.dictionary(fc.constantFrom(...PATHS), content, { maxKeys: 4 }), async (base, head) => {
        try {
          const report = await run({ cwd: '/nonexistent', changes: memoryChanges(base, head), today: new Date('2026-11-29') });
          expect(report.schemaVersion).toBe(1);
          for (const f of report.findings) expect(f.line).toBeGreaterThanOrEqual(0);
        } catch (err) {
          // The only acceptable failure is an invalid base config, which is a usage error (exit 2).
          expect((err as Error).name).toBe('ConfigLoadError');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('run() scoped to a monorepo part', () => {
  it('checks only changes under the scope and prefers its own config', async () => {
    const head = {
      'services/shop/.sensitivity-gate.yml': 'fail-level: restricted\n',
      'services/shop/db/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text;\n',
      'services/shop/db/V3__card.sql': 'ALTER TABLE payments ADD COLUMN card_number text;\n',
      'services/crm/db/V9__phone.sql': 'ALTER TABLE leads ADD COLUMN phone text;\n',
    };
    const base = { 'services/shop/.sensitivity-gate.yml': 'fail-level: restricted\n' };
    const scoped = await run({ cwd: '/nonexistent', changes: memoryChanges(base, head), scope: './services/shop/', today: new Date('2026-11-29') });
    expect(scoped.failLevel).toBe('restricted');
    expect(scoped.columns.map((c) => c.file).sort()).toEqual(['services/shop/db/V2__email.sql', 'services/shop/db/V3__card.sql']);
    expect(scoped.findings.filter((f) => f.blocking).map((f) => f.columnName)).toEqual(['card_number']);
    const whole = await run({ cwd: '/nonexistent', changes: memoryChanges(base, head), today: new Date('2026-11-29') });
    expect(whole.failLevel).toBe('confidential');
    expect(whole.columns).toHaveLength(3);
  });
});
