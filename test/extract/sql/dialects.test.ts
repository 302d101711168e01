import { describe, expect, it } from 'vitest';
import { extractSql } from '../../../src/extract/sql/index.js';
import mysql from '../../../fixtures/sql/mysql/V2__loyalty.sql?raw';
import bigquery from '../../../fixtures/sql/other/bigquery_customers.sql?raw';
import snowflake from '../../../fixtures/sql/other/snowflake_events.sql?raw';
import tsql from '../../../fixtures/sql/other/tsql_orders.sql?raw';
import sqlite from '../../../fixtures/sql/other/sqlite_kv.sql?raw';
import { summarise } from './helpers.js';

describe('MySQL through node-sql-parser', () => {
  it('reads backticks, COMMENT attributes, CHANGE (rename + type), MODIFY, ADD … AFTER, DROP and RENAME TABLE', async () => {
    const r = await extractSql(mysql, { file: 'V2__loyalty.sql', dialect: 'mysql' });
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '3:3 define loyalty_accounts.id bigint unsigned',
      '4:3 define loyalty_accounts.customer_email varchar(255)',
      '5:3 define loyalty_accounts.points int',
      '6:3 define loyalty_accounts.date_of_birth date',
      '12:26 rename loyalty_accounts.points_balance from points',
      '12:26 alter-type loyalty_accounts.points_balance bigint',
      '13:17 alter-type loyalty_accounts.date_of_birth datetime',
      '14:14 add loyalty_accounts.phone varchar(32)',
      '15:15 drop loyalty_accounts.legacy_code',
    ]);
    expect(r.facts.some((f) => f.heuristic)).toBe(false);
    expect(r.facts[1]?.justification).toMatchObject({ source: 'comment-on', purpose: 'loyalty_programme', legal_basis: 'consent' });
    expect(r.facts[3]?.description).toBe('for birthday vouchers');
    expect(r.tableEvents).toEqual([{ action: 'rename-table', table: 'loyalty_accounts', to: 'loyalty_members', location: { file: 'V2__loyalty.sql', line: 17, column: 14 } }]);
  });

  it('treats `#` as a comment in MySQL but not in PostgreSQL', async () => {
    const r = await extractSql('# sensitivity-gate: purpose=support\nALTER TABLE tickets ADD COLUMN caller_phone varchar(20);', { file: 'a.sql', dialect: 'mysql' });
    expect(r.facts[0]?.justification?.purpose).toBe('support');
  });
});

describe('BigQuery', () => {
  it('reads OPTIONS(description) and nested STRUCT types with the tolerant extractor, views through the parser', async () => {
    const r = await extractSql(bigquery, { file: 'bq.sql', dialect: 'bigquery' });
    expect(summarise(r.facts)).toEqual([
      '2:3 define retail.customers.customer_id int64',
      '3:3 define retail.customers.email string',
      '4:3 define retail.customers.addresses array<struct<street string,city string>>',
      '5:3 define retail.customers.signup_ts timestamp',
      '7:41 add retail.customers.loyalty_id string',
      '8:44 define retail.customer_keys.customer_id',
      '8:57 define retail.customer_keys.email_fp',
    ]);
    expect(r.facts[0]).toMatchObject({ heuristic: true, description: 'surrogate key' });
    expect(r.facts[1]?.justification).toMatchObject({ purpose: 'marketing', legal_basis: 'consent' });
    expect(r.facts[6]?.lineage).toEqual({ from: [{ table: 'retail.customers', column: 'email' }], transform: 'hash', expression: 'FARM_FINGERPRINT(email)' });
  });
});

describe('Snowflake (tolerant extractor is primary)', () => {
  it('reads VARIANT, masking policies, multi-column ADD and SET DATA TYPE; ADD SEARCH OPTIMIZATION is no column', async () => {
    const r = await extractSql(snowflake, { file: 'sf.sql', dialect: 'snowflake' });
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '2:5 define analytics.web_events.event_id varchar(36)',
      '3:5 define analytics.web_events.payload variant',
      '4:5 define analytics.web_events.ip_address varchar(45)',
      '5:5 define analytics.web_events.customer_email varchar',
      '8:45 add analytics.web_events.user_agent varchar',
      '8:65 add analytics.web_events.device_id varchar',
      '9:47 alter-type analytics.web_events.customer_email varchar(320)',
      '10:46 drop analytics.web_events.legacy_cookie',
    ]);
    expect(r.facts.every((f) => f.heuristic)).toBe(true);
    expect(r.facts[3]?.description).toBe('customer login');
  });

  it('does not read DROP UNIQUE / ADD CONSTRAINT / DROP PRIMARY KEY as columns', async () => {
    const sql = 'ALTER TABLE orders DROP UNIQUE (order_ref);\nALTER TABLE orders ADD CONSTRAINT pk PRIMARY KEY (id);\nALTER TABLE orders DROP PRIMARY KEY;';
    const r = await extractSql(sql, { file: 'c.sql', dialect: 'snowflake' });
    expect(r.facts).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});

describe('T-SQL', () => {
  it('reads bracketed names, GO batches, computed columns, ADD lists and sp_rename', async () => {
    const r = await extractSql(tsql, { file: 'orders.sql', dialect: 'tsql' });
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '2:5 define dbo.orders.orderid int',
      '3:5 define dbo.orders.customeremail nvarchar(256)',
      '4:5 define dbo.orders.total',
      '5:5 define dbo.orders.quantity int',
      '6:5 define dbo.orders.unitprice decimal(10,2)',
      '10:32 add dbo.orders.shippingphone nvarchar(32)',
      '10:67 add dbo.orders.giftmessage nvarchar(400)',
      '12:45 rename dbo.orders.buyeremail from customeremail',
    ]);
  });
});

describe('SQLite', () => {
  it('reads an sqlx migration through node-sql-parser', async () => {
    const r = await extractSql(sqlite, { file: 'kv.sql', dialect: 'sqlite' });
    expect(r.errors).toEqual([]);
    expect(summarise(r.facts)).toEqual([
      '3:5 define cart_items.id integer',
      '4:5 define cart_items.session_token text',
      '5:5 define cart_items.sku text',
      '6:5 define cart_items.quantity integer',
      '8:35 add cart_items.customer_email text',
      '9:45 rename cart_items.product_sku from sku',
      '10:36 drop cart_items.quantity',
    ]);
  });
});

describe('unreadable statements', () => {
  it('reports gate DDL nothing can read, with its line, in every dialect; other statements are not errors', async () => {
    for (const dialect of ['mysql', 'snowflake', 'tsql', 'sqlite', 'postgres'] as const) {
      const r = await extractSql('GRANT SELECT ON orders TO analyst;\n\nALTER TABLE;\nCREATE TABLE (;', { file: 'x.sql', dialect });
      expect(r.errors.map((e) => `${e.line} ${e.message.split(' could')[0]}`), dialect).toEqual(['3 ALTER TABLE statement', '4 CREATE TABLE statement']);
    }
  });
});
