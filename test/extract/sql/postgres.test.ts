import { describe, expect, it } from 'vitest';
import { extractSql } from '../../../src/extract/sql/index.js';
import flyway from '../../../fixtures/sql/postgres/V3__customer_contact.sql?raw';
import prisma from '../../../fixtures/sql/postgres/prisma-migration.sql?raw';
import structure from '../../../fixtures/sql/postgres/structure.sql?raw';
import golangMigrate from '../../../fixtures/sql/postgres/000007_loyalty.up.sql?raw';
import supabase from '../../../fixtures/sql/postgres/supabase_identities.up.sql?raw';
import { summarise } from './helpers.js';

const pg = (file: string) => ({ file, dialect: 'postgres' as const });

describe('PostgreSQL migrations through libpg-query', () => {
  it('reads a Flyway migration: types, enum columns, every action, with lines after multi-byte text', async () => {
    const r = await extractSql(flyway, pg('db/V3__customer_contact.sql'));
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '5:5 define public.customers.id bigserial',
      '8:5 define public.customers.email varchar(255)',
      '9:5 define public.customers.display_name text',
      '10:5 define public.customers.tier loyalty_tier',
      '11:5 define public.customers.created_at timestamp with time zone',
      '16:16 add public.customers.phone_number varchar(32)',
      '18:42 drop public.customers.legacy_fax',
      '18:66 drop public.customers.legacy_pager',
      '19:60 rename public.customers.preferred_name from display_name',
      '20:43 alter-type public.customers.tier text',
      '22:36 comment public.customers.email',
    ]);
    expect(r.facts.every((f) => !f.heuristic && f.location.file === 'db/V3__customer_contact.sql')).toBe(true);
    expect(r.snapshot).toBeUndefined();
  });

  it('attaches annotations above a column, continued over comment lines, and above a single-column ADD', async () => {
    const r = await extractSql(flyway, pg('V3.sql'));
    const email = r.facts.find((f) => f.column === 'email' && f.action === 'define');
    expect(email?.justification).toMatchObject({
      source: 'inline-comment',
      purpose: 'order_fulfilment',
      legal_basis: 'contract',
      justification: 'Order confirmations are sent by email',
      location: { line: 6 },
    });
    const phone = r.facts.find((f) => f.column === 'phone_number');
    expect(phone?.justification).toMatchObject({ purpose: 'delivery', retention: 'P2Y' });
    // A plain trailing comment is not an annotation.
    expect(r.facts.find((f) => f.column === 'display_name')?.justification).toBeUndefined();
    const comment = r.facts.find((f) => f.action === 'comment');
    expect(comment?.justification).toMatchObject({ source: 'comment-on', purpose: 'account_login' });
    expect(comment?.description).toContain('Login e-mail');
  });

  it('converts libpg-query byte offsets so columns after multi-byte characters keep their column', async () => {
    const sql = "-- 顧客テーブル (customers) ünïcode\nCREATE TABLE kunden (名前 text, email text);";
    const r = await extractSql(sql, pg('k.sql'));
    expect(summarise(r.facts)).toEqual(['2:22 define kunden.名前 text', '2:31 define kunden.email text']);
  });

  it('reads Prisma output: quoted names keep case, backticks in the warning comment are harmless', async () => {
    const r = await extractSql(prisma, pg('prisma/migrations/20240101_init/migration.sql'));
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '9:32 drop User.marketingOptIn',
      '10:16 add User.dateOfBirth timestamp(3)',
      '11:16 add User.shippingAddress text',
      '15:5 define Order.id text',
      '16:5 define Order.userId text',
      '17:5 define Order.totalCents integer',
      '18:5 define Order.createdAt timestamp(3)',
    ]);
  });

  it('treats a Rails structure.sql dump as a snapshot and skips COPY data', async () => {
    const r = await extractSql(structure, pg('db/structure.sql'));
    expect(r.snapshot).toBe(true);
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '10:5 define public.stores.id bigint',
      '11:5 define public.stores.name varchar',
      '12:5 define public.stores.latitude numeric(9,6)',
      '13:5 define public.stores.longitude numeric(9,6)',
    ]);
  });

  it('descends into DO blocks and follows view lineage through CTEs', async () => {
    const r = await extractSql(golangMigrate, pg('migrations/000007_loyalty.up.sql'));
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)[0]).toBe('7:48 add loyalty_members.birth_date date');
    const seg = Object.fromEntries(r.facts.filter((f) => f.table === 'loyalty_segments').map((f) => [f.column, f.lineage]));
    expect(seg.email_hash).toEqual({ from: [{ table: 'loyalty_members', column: 'email' }], transform: 'hash', expression: 'md5(lower(email))' });
    expect(seg.birth_year?.transform).toBe('truncate');
    expect(seg.postcode_prefix?.transform).toBe('mask');
    expect(seg.member_count?.transform).toBe('aggregate');
    expect(seg.contact).toMatchObject({ transform: 'expression', from: [{ table: 'loyalty_members', column: 'email' }, { table: 'loyalty_members', column: 'id' }] });
    const ctas = r.facts.filter((f) => f.table === 'daily_basket');
    expect(ctas.map((f) => `${f.column}:${f.lineage?.transform}`)).toEqual(['store_id:identity', 'revenue_cents:aggregate']);
  });

  it('reads a DO block the PL/pgSQL parser rejects with the tolerant extractor', async () => {
    const sql = 'DO $$\nBEGIN\n  ALTER TABLE orders ADD COLUMN gift_note text;\n  IF oops THEN\nEND $$;';
    const r = await extractSql(sql, pg('do.sql'));
    expect(summarise(r.facts)).toEqual(['3:33 add orders.gift_note text']);
    expect(r.facts[0]?.heuristic).toBe(true);
  });

  it('substitutes Go-template placeholders and keeps them readable in table names', async () => {
    const r = await extractSql(supabase, pg('migrations/20210101_identities.up.sql'));
    expect(r.errors).toEqual([]);
    expect(r.facts.map((f) => `${f.action} ${f.table}.${f.column}`)).toContain('add {{ index .Options "Namespace" }}.users.phone');
    expect(r.facts.find((f) => f.column === 'identity_data')?.type).toBe('jsonb');
    const without = await extractSql(supabase, { ...pg('x.sql'), placeholders: false });
    expect(without.facts.every((f) => f.heuristic)).toBe(true);
  });

  it('strips psql meta-commands and variables before parsing', async () => {
    const sql = "\\set ON_ERROR_STOP on\nALTER TABLE :schema.orders ADD COLUMN coupon_code text;\nSELECT * FROM orders WHERE id = :'order_id';";
    const r = await extractSql(sql, pg('psql.sql'));
    expect(r.errors).toEqual([]);
    expect(r.facts.map((f) => `${f.table}.${f.column}`)).toEqual([':schema.orders.coupon_code']);
    expect(r.facts[0]?.heuristic).toBeUndefined();
  });

  it('emits table renames and drops', async () => {
    const r = await extractSql('ALTER TABLE sales.orders RENAME TO orders_archive;\nDROP TABLE IF EXISTS tmp_import, sales.old_orders;', pg('t.sql'));
    expect(r.tableEvents).toEqual([
      { action: 'rename-table', table: 'sales.orders', to: 'sales.orders_archive', location: { file: 't.sql', line: 1, column: 1 } },
      { action: 'drop-table', table: 'tmp_import', location: { file: 't.sql', line: 2, column: 22 } },
      { action: 'drop-table', table: 'sales.old_orders', location: { file: 't.sql', line: 2, column: 40 } },
    ]);
  });

  it('isolates a bad statement: the others are still read, DDL falls to the heuristic, the unreadable is an error', async () => {
    const sql = [
      'CREATE TABLE refunds (id bigint, reason text);',
      'ALTER TABLE refunds ADD COLUMN card_last4 char(4) ENCODE az64;',
      'CREATE VIEW refund_view AS SELEC * FRM refunds;',
      'INSERT INTO refunds VALUES (1, ;',
    ].join('\n');
    const r = await extractSql(sql, pg('bad.sql'));
    expect(summarise(r.facts)).toEqual(['1:23 define refunds.id bigint', '1:34 define refunds.reason text', '2:32 add refunds.card_last4 char(4)']);
    expect(r.facts.map((f) => Boolean(f.heuristic))).toEqual([false, false, true]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'bad.sql', line: 3, kind: 'parse' });
    expect(r.errors[0]?.message).toMatch(/^CREATE VIEW statement could not be read: syntax error/);
  });
});
