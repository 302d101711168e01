// Views and CREATE TABLE AS in the dialects read by tokens (Spark, T-SQL, Snowflake): their query
// still yields output columns with lineage, or the columns are reported unknown — never skipped.

import { describe, expect, it } from 'vitest';
import { extractSql } from '../../../src/extract/sql/index.js';
import type { Dialect } from '../../../src/extract/sql/index.js';

const facts = async (dialect: Dialect, sql: string) => {
  const r = await extractSql(sql, { file: 'nb.sql', dialect });
  return {
    facts: r.facts.map((f) => ({ at: `${f.table}.${f.column}@${f.location.line}`, transform: f.lineage?.transform, from: f.lineage?.from.map((s) => `${s.table}.${s.column}`) })),
    errors: r.errors.map((e) => `${e.kind}@${e.line}`),
  };
};

describe('derived tables in token-read dialects', () => {
  it('reads a Spark CREATE TABLE AS SELECT and a view with their lineage', async () => {
    const r = await facts(
      'spark',
      [
        '-- Databricks feature table',
        'CREATE TABLE IF NOT EXISTS crm.customer_features',
        'USING DELTA AS',
        'SELECT c.id, c.email AS contact_email, sha2(c.phone, 256) AS phone_hash',
        'FROM crm.customers c;',
        'CREATE OR REPLACE VIEW crm.birthdays AS SELECT birth_date FROM crm.people;',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.facts).toEqual([
      { at: 'crm.customer_features.id@4', transform: 'identity', from: ['crm.customers.id'] },
      { at: 'crm.customer_features.contact_email@4', transform: 'identity', from: ['crm.customers.email'] },
      { at: 'crm.customer_features.phone_hash@4', transform: 'hash', from: ['crm.customers.phone'] },
      { at: 'crm.birthdays.birth_date@6', transform: 'identity', from: ['crm.people.birth_date'] },
    ]);
  });

  it('reads a T-SQL view and a Snowflake CTAS', async () => {
    expect((await facts('tsql', 'CREATE VIEW dbo.contacts AS\nSELECT FirstName, EmailAddress FROM dbo.Person;')).facts.map((f) => f.at)).toEqual([
      'dbo.contacts.firstname@2',
      'dbo.contacts.emailaddress@2',
    ]);
    const sf = await facts('snowflake', 'CREATE OR REPLACE TABLE marts.t AS SELECT email, md5(phone) AS ph FROM raw.users;');
    expect(sf.facts.map((f) => [f.at, f.transform])).toEqual([
      ['marts.t.email@1', 'identity'],
      ['marts.t.ph@1', 'hash'],
    ]);
  });

  it('reports the columns of an unreadable query as unknown instead of passing it over', async () => {
    const r = await facts('spark', "CREATE TABLE x AS SELECT TRANSFORM(a) USING 'cat' AS (b) FROM y;");
    expect(r.facts).toEqual([]);
    expect(r.errors).toEqual(['unknown-columns@1']);
  });
});
