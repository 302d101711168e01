import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIALECTS, extractSql, selectOutputColumns } from '../../../src/extract/sql/index.js';
import flyway from '../../../fixtures/sql/postgres/V3__customer_contact.sql?raw';
import mysql from '../../../fixtures/sql/mysql/V2__loyalty.sql?raw';

const fragments = [
  'CREATE TABLE', 'ALTER TABLE', 'ADD COLUMN', 'DROP COLUMN', 'RENAME', 'TO', 'COMMENT ON COLUMN', 'IS', 'DO $$', '$$',
  'BEGIN', 'END', ';', '(', ')', ',', "'", '"', '`', '[', ']', '/*', '*/', '--', '\n', 'customers', 'email', 'varchar(255)',
  '{{ x }}', '${schema}', ':var', '\\set x', 'CREATE VIEW v AS SELECT', 'md5(', '*', '.', 'ü', '顧客', 'GO\n', 'CHANGE', 'MODIFY',
  // the tolerant reader's way in: views and CREATE TABLE AS whose query no grammar accepts
  'CREATE MATERIALIZED VIEW mv TO t AS SELECT', 'CREATE TABLE t AS SELECT', 'FROM', 'JOIN', 'c', 'AS', 'arrayJoin(',
];
const sqlish = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(' '));

describe('no input crashes the SQL extractors', () => {
  it('random token soup in every dialect', async () => {
    await fc.assert(
      fc.asyncProperty(sqlish, fc.constantFrom(...DIALECTS), async (sql, dialect) => {
        const r = await extractSql(sql, { file: 'f.sql', dialect });
        for (const f of r.facts) expect(f.location.line).toBeGreaterThanOrEqual(1);
        await selectOutputColumns(sql, { file: 'f.sql', dialect });
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary unicode strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom(...DIALECTS), async (sql, dialect) => {
        const r = await extractSql(sql, { file: 'f.sql', dialect });
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('every truncation of real migrations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom([flyway, 'postgres'] as const, [mysql, 'mysql'] as const), fc.nat(), async ([text, dialect], cut) => {
        const r = await extractSql(text.slice(0, cut % (text.length + 1)), { file: 'f.sql', dialect });
        // Truncation may make a statement unreadable, but then it is an error with a line, never silence.
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        expect(r.errors.filter((e) => e.message.startsWith('internal error'))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
