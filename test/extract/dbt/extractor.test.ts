import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { configFromYaml } from '../../../src/config.js';
import { dbtExtractor } from '../../../src/extract/dbt/extractor.js';
import type { FileTree } from '../../../src/extract/types.js';
import type { ColumnFact, ExtractResult } from '../../../src/types.js';
import { context, dirTree, mapTree } from './dir-tree.js';

const FIXTURE = resolve(__dirname, '../../../fixtures/dbt/retail_shop');

async function extract(tree: FileTree, path: string, ctx = context(tree)): Promise<ExtractResult> {
  const text = await tree.read(path);
  if (text === undefined) throw new Error(`no ${path}`);
  return dbtExtractor.extract({ path, text }, ctx);
}

const summary = (f: ColumnFact) => [f.column, f.location.line, f.lineage ? `${f.lineage.transform}<-${f.lineage.from.map((s) => `${s.table}.${s.column}`).join(',')}` : ''];

describe('dbt extractor on the retail project', () => {
  const tree = dirTree(FIXTURE);
  const ctx = context(tree);

  it('claims only files under the paths of dbt_project.yml', async () => {
    const claimed = [];
    for (const f of await tree.list()) if (await dbtExtractor.matches(f, ctx)) claimed.push(f);
    expect(claimed.sort()).toEqual([
      'dbt_project.yml',
      'models/intermediate/int_customer_orders.sql',
      'models/marts/dim_customers.sql',
      'models/marts/schema.yml',
      'models/staging/_sources.yml',
      'models/staging/schema.yml',
      'models/staging/stg_customers.sql',
      'models/staging/stg_orders.sql',
      'seeds/store_regions.csv',
      'snapshots/customers_snapshot.sql',
    ]);
  });

  it('reads a staging model through its CTEs: columns on their own lines, lineage to the source, YAML declarations', async () => {
    const r = await extract(tree, 'models/staging/stg_customers.sql');
    expect(r.errors).toEqual([]);
    expect(r.facts.map(summary)).toEqual([
      ['customer_id', 13, 'identity<-shop.raw_customers.id'],
      ['email', 14, 'identity<-shop.raw_customers.email'],
      ['first_name', 15, 'identity<-shop.raw_customers.first_name'],
      ['last_name', 16, 'identity<-shop.raw_customers.last_name'],
      ['phone_number', 17, 'identity<-shop.raw_customers.phone'],
      ['date_of_birth', 18, 'identity<-shop.raw_customers.birth_date'],
      ['created_at', 19, 'identity<-shop.raw_customers.created_at'],
    ]);
    const email = r.facts.find((f) => f.column === 'email')!;
    expect(email).toMatchObject({ table: 'stg_customers', origin: 'dbt-model', type: 'varchar', declared: { level: 'confidential', tags: ['pii'] } });
    // The source's YAML declares raw_customers.email as PII: that travels on the lineage.
    expect(email.lineage!.from[0]!.declared).toBe('confidential');
    expect(r.facts.find((f) => f.column === 'date_of_birth')!.declared?.level).toBe('restricted');
  });

  it('follows macros, loops over project vars, aggregates and masks', async () => {
    const orders = await extract(tree, 'models/staging/stg_orders.sql');
    expect(orders.facts.map(summary)).toEqual(
      expect.arrayContaining([
        ['order_total', 16, 'expression<-shop.raw_orders.amount_cents'],
        ['shipping_postcode_area', 17, 'mask<-shop.raw_orders.shipping_postcode'],
      ]),
    );
    const rollup = await extract(tree, 'models/intermediate/int_customer_orders.sql');
    expect(rollup.facts.map((f) => f.column)).toEqual([
      'customer_id',
      'first_name',
      'first_order_at',
      'order_count',
      'placed_orders',
      'shipped_orders',
      'completed_orders',
      'returned_orders',
      'lifetime_value',
    ]);
    expect(rollup.facts.find((f) => f.column === 'returned_orders')).toMatchObject({ location: { line: 17 }, lineage: { transform: 'aggregate' } });
  });

  it('reads snapshots, seeds and the YAML of sources', async () => {
    const snap = await extract(tree, 'snapshots/customers_snapshot.sql');
    expect(snap.facts.map(summary)).toEqual([
      ['customer_id', 12, 'identity<-stg_customers.customer_id'],
      ['email', 12, 'identity<-stg_customers.email'],
      ['created_at', 12, 'identity<-stg_customers.created_at'],
    ]);
    expect(snap.facts[0]!.table).toBe('customers_snapshot');
    const seed = await extract(tree, 'seeds/store_regions.csv');
    expect(seed.facts.map((f) => [f.table, f.column, f.location.column])).toEqual([
      ['store_regions', 'store_id', 1],
      ['store_regions', 'region_name', 10],
      ['store_regions', 'country_code', 22],
    ]);
    const sources = await extract(tree, 'models/staging/_sources.yml');
    expect(sources.facts.find((f) => f.column === 'email')).toMatchObject({ table: 'shop.raw_customers', origin: 'dbt-yaml', location: { line: 10 }, declared: { level: 'confidential' } });
  });
});

describe('dbt extractor on harder projects', () => {
  const project = "name: shop\nversion: '1.0.0'\nmodel-paths: ['models']\n";

  it('expands select * and dbt_utils.star() from upstream models, minus except, with lineage to the upstream column', async () => {
    const tree = mapTree({
      'dbt_project.yml': project,
      'models/stg_customers.sql': "select id as customer_id, email, phone from {{ source('shop', 'customers') }}\n",
      'models/customers_wide.sql': "select * from {{ ref('stg_customers') }}\n",
      'models/customers_safe.sql': "select\n  {{ dbt_utils.star(from=ref('customers_wide'), except=['phone']) }}\nfrom {{ ref('customers_wide') }}\n",
    });
    const wide = await extract(tree, 'models/customers_wide.sql');
    expect(wide.facts.map(summary)).toEqual([
      ['customer_id', 1, 'identity<-stg_customers.customer_id'],
      ['email', 1, 'identity<-stg_customers.email'],
      ['phone', 1, 'identity<-stg_customers.phone'],
    ]);
    const safe = await extract(tree, 'models/customers_safe.sql');
    expect(safe.errors).toEqual([]);
    expect(safe.facts.map(summary)).toEqual([
      ['customer_id', 2, 'identity<-customers_wide.customer_id'],
      ['email', 2, 'identity<-customers_wide.email'],
    ]);
  });

  it('uses upstream YAML columns when the upstream SQL is a macro, and reports what stays unknown', async () => {
    const tree = mapTree({
      'dbt_project.yml': project,
      'models/base_orders.sql': "{{ fivetran_utils.union_data(table_identifier='orders') }}\n",
      'models/base_refunds.sql': "{{ fivetran_utils.union_data(table_identifier='refunds') }}\n",
      'models/schema.yml': 'models:\n  - name: base_orders\n    columns:\n      - name: order_id\n      - name: billing_email\n',
      'models/orders.sql': "select * from {{ ref('base_orders') }}\n",
      'models/refunds.sql': "with r as (select * from {{ ref('base_refunds') }})\nselect * from r\n",
      'models/generated.sql': "select\n  order_id,\n  {{ pivot_columns('status') }}\nfrom {{ ref('orders') }}\n",
    });
    const base = await extract(tree, 'models/base_orders.sql');
    expect(base.errors).toEqual([{ file: 'models/base_orders.sql', line: 1, message: 'base_orders: columns unknown (macro fivetran_utils.union_data)', kind: 'unknown-columns' }]);
    const orders = await extract(tree, 'models/orders.sql');
    expect(orders.facts.map((f) => f.column)).toEqual(['order_id', 'billing_email']);
    const refunds = await extract(tree, 'models/refunds.sql');
    expect(refunds.facts).toEqual([]);
    expect(refunds.errors[0]).toMatchObject({ line: 2, kind: 'unknown-columns' });
    expect(refunds.errors[0]!.message).toMatch(/select \* from base_refunds: .*columns unknown \(macro fivetran_utils.union_data\)/);
    const generated = await extract(tree, 'models/generated.sql');
    expect(generated.facts.map((f) => f.column)).toEqual(['order_id']);
    expect(generated.errors).toEqual([expect.objectContaining({ line: 3, kind: 'unknown-columns', message: 'generated: columns unknown (macro pivot_columns)' })]);
  });

  it('ends a ref cycle with a reason instead of waiting on itself', async () => {
    const tree = mapTree({
      'dbt_project.yml': project,
      'models/a.sql': "select * from {{ ref('b') }}\n",
      'models/b.sql': "select * from {{ ref('a') }}\n",
    });
    const a = await extract(tree, 'models/a.sql');
    expect(a.facts).toEqual([]);
    expect(a.errors[0]!.message).toMatch(/cyclic/);
  });

  it('reads Snowflake models (`:` paths, QUALIFY) with the adapter named in profiles.yml', async () => {
    const tree = mapTree({
      'dbt_project.yml': "name: web\nprofile: web\nmodel-paths: ['models']\n",
      'profiles.yml': 'web:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      account: xy12345\n',
      'models/sessions.sql': [
        'select',
        '    raw:user.email::varchar as user_email,',
        '    session_id',
        "from {{ source('web', 'events') }}",
        'qualify row_number() over (partition by session_id order by ts) = 1',
      ].join('\n'),
    });
    const r = await extract(tree, 'models/sessions.sql');
    expect(r.errors).toEqual([]);
    expect(r.facts.map((f) => [f.column, f.location.line])).toEqual([
      ['user_email', 2],
      ['session_id', 3],
    ]);
  });

  it('reports an unparseable model and an invalid dbt_project.yml with file and line', async () => {
    const tree = mapTree({
      'dbt_project.yml': "name: shop\nmodel-paths: ['models'\n",
      'models/broken.sql': 'select\n  customer_id,\n  from from where\n',
    });
    const ctx = context(tree);
    const projectErrors = await extract(tree, 'dbt_project.yml', ctx);
    expect(projectErrors.errors[0]).toMatchObject({ file: 'dbt_project.yml', kind: 'parse' });
    // The parser stops at line 3; the tolerant reader still names the column it can see, and says so.
    const broken = await extract(tree, 'models/broken.sql', ctx);
    expect(broken.errors).toEqual([expect.objectContaining({ file: 'models/broken.sql', line: 3, kind: 'unsupported' })]);
    expect(broken.facts.map((f) => [f.column, f.heuristic])).toEqual([['customer_id', true]]);
    const hopeless = await dbtExtractor.extract({ path: 'models/hopeless.sql', text: '{{ config(materialized="view") }}\n\nupdate orders set x = 1\n' }, ctx);
    expect(hopeless.errors).toEqual([{ file: 'models/hopeless.sql', line: 3, message: 'model SQL could not be parsed: no SELECT found', kind: 'parse' }]);
  });

  it('uses the configured declaration keys and masking macros', async () => {
    const config = configFromYaml('dbt:\n  declaration-keys: [data_class]\n  masking-macros: [tokenize_pii]\n', '.sensitivity-gate.yml');
    const tree = mapTree({
      'dbt_project.yml': project,
      'models/m.sql': "select {{ tokenize_pii('email') }} as email_token, phone from {{ source('crm', 'contacts') }}\n",
      'models/m.yml': 'models:\n  - name: m\n    columns:\n      - name: phone\n        meta:\n          data_class: restricted\n          sensitivity: public\n',
    });
    const r = await extract(tree, 'models/m.sql', context(tree, config));
    expect(r.facts.map(summary)).toEqual([
      ['email_token', 1, 'hash<-crm.contacts.email'],
      ['phone', 1, 'identity<-crm.contacts.phone'],
    ]);
    expect(r.facts[1]!.declared).toMatchObject({ level: 'restricted', raw: 'meta.data_class: restricted' });
  });

  it('never throws on arbitrary model text', async () => {
    const piece = fc.constantFrom('select ', '*', ' from ', "{{ ref('m') }}", '{{ x(', ') }}', '{% if a %}', '{% endif %}', 'with c as (', ')', ',', 'a', ' as b', '\n', ';', "'", '::', '{{ dbt_utils.star(from=ref(\'m\')) }}', 'qualify');
    const tree = mapTree({ 'dbt_project.yml': project, 'models/m.sql': "select id, email from {{ source('s', 't') }}\n" });
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (parts) => {
        const r = await dbtExtractor.extract({ path: 'models/x.sql', text: parts.join('') }, context(tree));
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        for (const f of r.facts) expect(f.location.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });
});
