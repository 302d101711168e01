// A view whose query no parser accepts still exposes the columns its SELECT list names: they are
// read from tokens (heuristic facts, a warning that says so) instead of reported unknown.

import { describe, expect, it } from 'vitest';
import { extractSql } from '../../../src/extract/sql/index.js';
import type { Dialect } from '../../../src/extract/sql/index.js';
import { tolerantSelect } from '../../../src/extract/sql/tolerant-select.js';

const read = async (dialect: Dialect, sql: string) => {
  const r = await extractSql(sql, { file: 'db/migrations/0009_views.sql', dialect });
  return {
    facts: r.facts.map((f) => `${f.location.line}:${f.location.column} ${f.table}.${f.column}${f.lineage ? ' <- ' + f.lineage.from.map((s) => `${s.table}.${s.column}`).join(',') : ''}${f.heuristic ? ' (heuristic)' : ''}`),
    errors: r.errors.map((e) => `${e.kind}@${e.line}: ${e.message}`),
  };
};

// The shape of a ClickHouse analytics migration: a materialized view writing into a table (`TO`),
// with array functions and lambdas PostgreSQL's grammar rejects.
const clickhouseView = [
  '-- hourly rollup of page views',
  'CREATE MATERIALIZED VIEW analytics.page_views_hourly_mv',
  'TO analytics.page_views_hourly',
  'AS',
  'SELECT',
  '    website_id,',
  '    session_id,',
  '    visitor_email,',
  '    arrayFilter(x -> x != \'\', groupArray(ip_address)) AS ip_addresses,',
  '    toStartOfHour(created_at) AS hour',
  'FROM (SELECT website_id, session_id, visitor_email, ip_address, created_at FROM analytics.page_views)',
  'GROUP BY website_id, session_id, visitor_email, hour;',
].join('\n');

describe('views read by the tolerant reader', () => {
  it('reads a ClickHouse materialized view with a TO target in a PostgreSQL-dialect migration', async () => {
    const r = await read('postgres', 'ALTER TABLE analytics.page_views ADD COLUMN tag text;\n' + clickhouseView);
    expect(r.facts).toEqual([
      '1:45 analytics.page_views.tag',
      '7:5 analytics.page_views_hourly_mv.website_id (heuristic)',
      '8:5 analytics.page_views_hourly_mv.session_id (heuristic)',
      '9:5 analytics.page_views_hourly_mv.visitor_email (heuristic)',
      '10:58 analytics.page_views_hourly_mv.ip_addresses (heuristic)',
      '11:34 analytics.page_views_hourly_mv.hour (heuristic)',
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^unsupported@3: CREATE MATERIALIZED VIEW … AS SELECT: the query could not be read in postgres \(syntax error at or near "TO"\); its columns were read from the SELECT list/);
  });

  it('keeps lineage where the query reads one table and takes the names of a column list', async () => {
    const r = await read('postgres', "CREATE VIEW crm.contact_view (contact_email, phone) AS SELECT c.email, c.phone FROM crm.contacts c WHERE c.tags @@@ 'x' :: ;");
    expect(r.facts).toEqual([
      '1:31 crm.contact_view.contact_email <- crm.contacts.email (heuristic)',
      '1:46 crm.contact_view.phone <- crm.contacts.phone (heuristic)',
    ]);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['unsupported@1']);
  });

  it('reads the view in the MySQL family, where node-sql-parser rejects the query', async () => {
    const r = await read('mysql', 'CREATE VIEW shop.buyer_contacts AS SELECT b.email AS buyer_email, b.phone FROM shop.buyers b WHERE b.id IN TABLE x;');
    expect(r.facts).toEqual(['1:54 shop.buyer_contacts.buyer_email <- shop.buyers.email (heuristic)', '1:67 shop.buyer_contacts.phone <- shop.buyers.phone (heuristic)']);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['unsupported@1']);
  });

  it('reads the view in a token-read dialect when no grammar reads its query', async () => {
    const r = await read('spark', "CREATE OR REPLACE VIEW crm.v AS SELECT email, TRANSFORM(a) USING 'cat' AS (b) FROM y;");
    expect(r.facts).toEqual(['1:40 crm.v.email <- y.email (heuristic)']);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['unsupported@1']);
  });

  it('reads a CREATE TABLE AS whose query PostgreSQL rejects (a trailing comma before FROM)', async () => {
    const r = await read('postgres', 'create or replace table loyalty_members\nas\nselect\n    member_no as member_id,\n    email_address,\n    postal_code as zipcode,\nfrom raw.loyalty.members;');
    expect(r.facts).toEqual([
      '4:18 loyalty_members.member_id <- raw.loyalty.members.member_no (heuristic)',
      '5:5 loyalty_members.email_address <- raw.loyalty.members.email_address (heuristic)',
      '6:20 loyalty_members.zipcode <- raw.loyalty.members.postal_code (heuristic)',
    ]);
    expect(r.errors.map((e) => e.split(':')[0])).toEqual(['unsupported@1']);
  });

  it('reports a CREATE TABLE AS it cannot read instead of passing it over', async () => {
    for (const dialect of ['postgres', 'mysql'] as const) {
      const r = await read(dialect, 'CREATE TABLE loyalty_copy AS SELECT *, FROM members WHERE ;');
      expect(r.facts).toEqual([]);
      expect(r.errors[0]).toMatch(/^parse@1: CREATE TABLE statement could not be read/);
    }
  });

  it('still reports the statement when the SELECT list cannot be read or holds a star it cannot expand', async () => {
    const typo = await read('postgres', 'CREATE VIEW refund_view AS SELEC * FRM refunds;');
    expect(typo.facts).toEqual([]);
    expect(typo.errors[0]).toMatch(/^parse@1: CREATE VIEW statement could not be read/);
    const star = await read('postgres', 'CREATE MATERIALIZED VIEW mv TO t AS SELECT *, email FROM users;');
    expect(star.facts).toEqual([]);
    expect(star.errors[0]).toMatch(/^parse@1: CREATE MATERIALIZED VIEW statement could not be read/);
  });
});

describe('lineage from the tolerant reader', () => {
  const lineage = (sql: string) => tolerantSelect(sql, 'snowflake')!.columns.map((c) => `${c.name}${c.lineage ? ' <- ' + c.lineage.from.map((f) => `${f.table}.${f.column}`).join(',') : ''}`);

  it('follows an aliased table, qualified or not', () => {
    expect(lineage('select c.email, phone as mobile from raw.crm.contacts as c where c.payload:deleted::boolean = false qualify 1')).toEqual([
      'email <- raw.crm.contacts.email',
      'mobile <- raw.crm.contacts.phone',
    ]);
  });

  it('gives none when FROM holds more than one relation, however joined', () => {
    expect(lineage('select email from crm.contacts c, crm.leads l')).toEqual(['email']);
    expect(lineage('select email from (select email from crm.leads where x:y = 1) s join crm.contacts c on c.id = s.id')).toEqual(['email']);
    expect(lineage('select email from crm.contacts c left join crm.leads l on l.id = c.id')).toEqual(['email']);
  });
});
