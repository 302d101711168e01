import { describe, expect, it } from 'vitest';
import { selectOutputColumns } from '../../../src/extract/sql/index.js';

const model = `with customers as (
    select id as customer_id, email, first_name, birth_date from raw.shop_customers
),
orders as (
    select customer_id, amount_cents from raw.shop_orders
)
select
    c.customer_id,
    sha256(c.email) as email_sha,
    {{ pii_mask('first_name') }} as first_name_masked,
    extract(year from c.birth_date) as birth_year,
    sum(o.amount_cents) as lifetime_value,
    upper(c.first_name) as shout_name,
    u.*
from customers c
left join orders o on o.customer_id = c.customer_id
join raw.loyalty u on u.customer_id = c.customer_id
group by 1, 2, 3, 4, 6`;

describe('selectOutputColumns', () => {
  it('follows CTEs and aliases to base columns with transforms; leaves unknown stars to the caller', async () => {
    const sql = model.replace("{{ pii_mask('first_name') }}", 'pii_mask(c.first_name)');
    const r = await selectOutputColumns(sql, { file: 'models/marts/customer_value.sql', dialect: 'postgres', maskingFunctions: ['pii_mask'] });
    expect(r.errors).toEqual([]);
    const byName = Object.fromEntries(r.columns.map((c) => [c.name, c.lineage]));
    expect(Object.keys(byName)).toEqual(['customer_id', 'email_sha', 'first_name_masked', 'birth_year', 'lifetime_value', 'shout_name']);
    expect(byName.customer_id).toEqual({ from: [{ table: 'raw.shop_customers', column: 'id' }], transform: 'identity' });
    expect(byName.email_sha).toMatchObject({ from: [{ table: 'raw.shop_customers', column: 'email' }], transform: 'hash' });
    expect(byName.first_name_masked?.transform).toBe('hash');
    expect(byName.birth_year).toMatchObject({ from: [{ table: 'raw.shop_customers', column: 'birth_date' }], transform: 'truncate' });
    expect(byName.lifetime_value).toMatchObject({ from: [{ table: 'raw.shop_orders', column: 'amount_cents' }], transform: 'aggregate' });
    expect(byName.shout_name?.transform).toBe('identity');
    expect(r.stars).toEqual([{ table: 'raw.loyalty', location: { file: 'models/marts/customer_value.sql', line: 14, column: 5 } }]);
    expect(r.columns[1]?.location).toEqual({ file: 'models/marts/customer_value.sql', line: 9, column: 5 });
    expect(r.columns[1]?.expression).toBe('sha256(c.email)');
  });

  it('reads the same model in Snowflake through node-sql-parser', async () => {
    const sql = model.replace("{{ pii_mask('first_name') }}", 'md5(c.first_name)').replace(/\n\s+u\.\*/, '').replace('shout_name,', 'shout_name').replace(/join raw\.loyalty.*\n/, '');
    const r = await selectOutputColumns(sql, { file: 'm.sql', dialect: 'snowflake' });
    expect(r.errors).toEqual([]);
    expect(r.columns.map((c) => `${c.name}:${c.lineage?.transform}:${c.lineage?.from.map((f) => `${f.table}.${f.column}`).join('+')}`)).toEqual([
      'customer_id:identity:raw.shop_customers.id',
      'email_sha:hash:raw.shop_customers.email',
      'first_name_masked:hash:raw.shop_customers.first_name',
      'birth_year:truncate:raw.shop_customers.birth_date',
      'lifetime_value:aggregate:raw.shop_orders.amount_cents',
      'shout_name:identity:raw.shop_customers.first_name',
    ]);
  });

  it('expands `select *` from a CTE but returns a star over an upstream model', async () => {
    const r = await selectOutputColumns('with stg as (select * from analytics.stg_customers) select * except (ssn) from stg', { file: 'm.sql', dialect: 'bigquery' });
    expect(r.columns).toEqual([]);
    expect(r.stars.map((s) => s.table)).toEqual(['analytics.stg_customers']);
  });

  it('unions: names from the first arm, lineage from every arm', async () => {
    const r = await selectOutputColumns('select email from web_signups union all select lower(contact_email) from store_signups', { file: 'u.sql', dialect: 'postgres' });
    expect(r.columns[0]?.lineage?.from).toEqual([
      { table: 'web_signups', column: 'email' },
      { table: 'store_signups', column: 'contact_email' },
    ]);
  });

  it('reports a query it cannot parse with its line instead of throwing', async () => {
    const r = await selectOutputColumns('select\n  email,\n  from from customers', { file: 'bad.sql', dialect: 'postgres' });
    expect(r.columns).toEqual([]);
    expect(r.errors[0]).toMatchObject({ file: 'bad.sql', line: 3, kind: 'parse' });
  });
});
