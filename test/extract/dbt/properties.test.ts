import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultConfig } from '../../../src/config.js';
import { parseProperties } from '../../../src/extract/dbt/properties.js';

const config = defaultConfig();
const options = { keys: config.dbt.declarationKeys, classificationMap: config.contracts.classificationMap };

const SCHEMA = `version: 2

models:
  - name: dim_customers
    description: One row per customer.
    config:
      contract:
        enforced: true
      meta:
        owner: "@analytics"
    columns:
      - name: customer_id
        data_type: bigint
      - name: email
        data_type: varchar(320)
        description: Login email.
        meta:
          sensitivity: restricted
      - name: phone
        config:
          meta:
            contains_pii: true
            purpose: customer_support
            justification: "Delivery drivers call before arrival"
      - name: loyalty_segment
        tags: ['pii', 'marketing']
      - name: ad_id
        policy_tags: ['projects/shop/locations/eu/taxonomies/1/policyTags/7']
      - name: is_employee
        meta:
          pii: false
    versions:
      - v: 2
        columns:
          - include: all
            exclude: [phone]
          - name: email_hash

sources:
  - name: shop
    meta:
      purpose: order_fulfillment
    tables:
      - name: raw_customers
        columns:
          - name: EMAIL
            meta: {classification: pii}

seeds:
  - name: store_regions
    columns:
      - name: region_name
snapshots:
  - name: customers_snapshot
    columns:
      - name: email
        tags: [restricted]
`;

describe('parseProperties', () => {
  const { entities, errors } = parseProperties(SCHEMA, 'models/marts/schema.yml', options);
  const byName = new Map(entities.map((e) => [e.name, e]));
  const col = (entity: string, column: string) => byName.get(entity)?.columns.find((c) => c.name === column);

  it('reads models, versions, sources, seeds and snapshots with their columns', () => {
    expect(errors).toEqual([]);
    expect([...byName.keys()]).toEqual(['dim_customers', 'dim_customers_v2', 'store_regions', 'customers_snapshot', 'shop.raw_customers']);
    expect(byName.get('dim_customers')).toMatchObject({ kind: 'model', line: 4, contractEnforced: true, meta: { owner: '@analytics' } });
    expect(byName.get('dim_customers_v2')!.columns.map((c) => c.name)).toEqual(['customer_id', 'email', 'loyalty_segment', 'ad_id', 'is_employee', 'email_hash']);
  });

  it('locates each column on its "- name:" line, with the indentation of its keys', () => {
    expect(col('dim_customers', 'email')).toMatchObject({ line: 14, indent: 8, dataType: 'varchar(320)', description: 'Login email.' });
    expect(col('shop.raw_customers', 'email')).toMatchObject({ line: 46, indent: 12 });
  });

  it('reads declarations from meta, config.meta, tags and policy tags', () => {
    expect(col('dim_customers', 'email')!.declared).toMatchObject({ level: 'restricted', raw: 'meta.sensitivity: restricted' });
    expect(col('dim_customers', 'phone')!.declared).toMatchObject({ level: 'confidential', raw: 'meta.contains_pii: true' });
    expect(col('dim_customers', 'loyalty_segment')!.declared).toMatchObject({ level: 'confidential', tags: ['pii', 'marketing'] });
    expect(col('dim_customers', 'ad_id')!.declared?.level).toBe('confidential');
    expect(col('dim_customers', 'is_employee')!.declared).toMatchObject({ level: 'public', raw: 'meta.pii: false' });
    expect(col('shop.raw_customers', 'email')!.declared?.level).toBe('confidential');
    expect(col('customers_snapshot', 'email')!.declared?.level).toBe('restricted');
    expect(col('dim_customers', 'customer_id')!.declared).toBeUndefined();
  });

  it('keeps justification fields of column and model meta, and the meta line', () => {
    expect(col('dim_customers', 'phone')).toMatchObject({ metaLine: 21, meta: { purpose: 'customer_support' } });
    expect(byName.get('shop.raw_customers')!.meta).toMatchObject({ purpose: 'order_fulfillment' });
  });

  it('only counts the configured declaration keys', () => {
    const narrow = parseProperties(SCHEMA, 'schema.yml', { ...options, keys: ['sensitivity'] });
    const phone = narrow.entities[0]!.columns.find((c) => c.name === 'phone');
    expect(phone!.declared).toBeUndefined();
  });

  it('reports invalid YAML and malformed entries with file and line, and keeps going', () => {
    const broken = parseProperties('models:\n  - name: a\n    columns: [\n', 'models/bad.yml', options);
    expect(broken.errors[0]).toMatchObject({ file: 'models/bad.yml', kind: 'parse' });
    expect(broken.errors[0]!.line).toBeGreaterThanOrEqual(3);
    const shapes = parseProperties('models:\n  - description: no name\n  - name: ok\n    columns: nope\n', 'models/shape.yml', options);
    expect(shapes.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(shapes.entities.map((e) => e.name)).toEqual(['ok']);
  });

  it('never throws on arbitrary YAML-like text', () => {
    const token = fc.constantFrom('models:', 'sources:', '\n', '  ', '- ', 'name: ', 'columns:', 'meta:', 'tags: [pii]', 'x', '{', '[', ':', '"', 'versions:', 'v: 2', 'config:');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
        const r = parseProperties(parts.join(''), 'f.yml', options);
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });
});
