import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractNotebook } from '../../../src/extract/notebook/extractor.js';
import type { ColumnFact } from '../../../src/types.js';
import { ipynb, lineOf } from './helpers.js';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../../fixtures/notebooks', name), 'utf8');
const options = { dialect: 'postgres' as const, failLevel: 'confidential' as const };
const byColumn = (facts: ColumnFact[]) => new Map(facts.map((f) => [`${f.table}.${f.column}`, f]));

describe('PySpark feature-engineering notebook', () => {
  const path = 'notebooks/pyspark-customer-features.ipynb';
  const text = fixture('pyspark-customer-features.ipynb');

  it('lists every column written to crm.customer_features with lineage and the JSON line of its source', async () => {
    const r = await extractNotebook(path, text, options);
    expect(r.errors).toEqual([]);
    const facts = byColumn(r.facts);
    expect([...facts.keys()].sort()).toEqual(
      ['birth_date', 'customer_email', 'customer_id', 'email_hash', 'lifetime_value', 'loyalty_tier', 'order_count', 'signup_date', 'signup_year'].map((c) => `crm.customer_features.${c}`),
    );
    const email = facts.get('crm.customer_features.customer_email')!;
    expect(email.location.line).toBe(lineOf(text, 'alias(\\"customer_email\\")'));
    expect(email.lineage).toMatchObject({ from: [{ table: 'crm.customers', column: 'email' }], transform: 'identity' });
    expect(email.context).toBe('cell 4');
    expect(email.origin).toBe('notebook');
    expect(facts.get('crm.customer_features.email_hash')?.lineage?.transform).toBe('hash');
    expect(facts.get('crm.customer_features.signup_year')?.lineage?.transform).toBe('truncate');
    expect(facts.get('crm.customer_features.lifetime_value')?.lineage).toMatchObject({ from: [{ table: 'sales.orders', column: 'order_total' }], transform: 'aggregate' });
    expect(facts.get('crm.customer_features.birth_date')?.location.line).toBe(lineOf(text, '\\"birth_date\\")'));
  });

  it('reads a # sensitivity-gate annotation above the line that makes the column', async () => {
    const nb = ipynb([
      {
        source: [
          'customers = spark.table("crm.customers")',
          'features = (customers',
          '    # sensitivity-gate: purpose=fraud_prevention, justification="Chargeback disputes need the billing email"',
          '    .withColumn("customer_email", F.col("email"))',
          '    .select("customer_id", "customer_email"))',
          'features.write.saveAsTable("crm.dispute_contacts")',
        ].join('\n'),
      },
    ]);
    const r = await extractNotebook('nb.ipynb', nb, options);
    const email = r.facts.find((f) => f.column === 'customer_email')!;
    expect(email.justification).toMatchObject({ purpose: 'fraud_prevention', justification: 'Chargeback disputes need the billing email' });
    expect(email.justification?.location?.line).toBe(lineOf(nb, 'sensitivity-gate:'));
    expect(r.facts.find((f) => f.column === 'customer_id')?.justification).toBeUndefined();
  });
});

describe('pandas customer segmentation with outputs', () => {
  const path = 'analysis/customer-segmentation.ipynb';
  const text = fixture('customer-segmentation.ipynb');

  it('reports the preview table of emails once, without printing any address', async () => {
    const r = await extractNotebook(path, text, options);
    expect(r.findings).toHaveLength(1);
    const f = r.findings![0]!;
    expect(f).toMatchObject({ kind: 'data-in-output', severity: 'error', level: 'confidential' });
    expect(f.message).toContain('cell 3');
    expect(f.message).toContain('column email');
    expect(f.message).toContain('5 values that look like email addresses');
    expect(f.message).not.toMatch(/@|maria|gmail/);
    expect(f.fix).toContain('jupyter nbconvert --clear-output --inplace');
    expect(f.fix).toContain('nbstripout');
    expect(f.location.line).toBe(lineOf(text, '<th>email</th>'));
  });

  it('follows pd.read_sql lineage into to_sql, and a column subset leaves email out', async () => {
    const r = await extractNotebook(path, text, options);
    const facts = byColumn(r.facts);
    expect([...facts.keys()].sort()).toEqual(['marketing.customer_segments.customer_id', 'marketing.customer_segments.segment', 'marketing.customer_segments.total_spend']);
    expect(facts.get('marketing.customer_segments.total_spend')?.lineage).toMatchObject({ from: [{ table: 'sales.orders', column: 'order_total' }], transform: 'aggregate' });
  });
});

describe('Databricks source notebook', () => {
  const path = 'jobs/loyalty_features.py';
  const text = fixture('databricks/loyalty_features.py');

  it('reads %sql cells, spark.sql f-strings and DataFrame writes at the file line', async () => {
    const r = await extractNotebook(path, text, options);
    expect(r.errors).toEqual([]);
    const facts = byColumn(r.facts);
    expect(facts.get('loyalty.member_contact.phone_number')).toMatchObject({ location: { line: lineOf(text, 'phone_number STRING'), column: 11 }, context: 'cell 3 sql' });
    const street = [...facts.values()].find((f) => f.column === 'street_address')!;
    expect(street.table).toMatch(/loyalty\.member_address$/);
    expect(street.location.line).toBe(lineOf(text, 'street_address STRING'));
    expect(facts.get('loyalty.member_offers.contact_email')).toMatchObject({
      location: { line: lineOf(text, '"contact_email")') },
      lineage: { from: [{ table: 'crm.loyalty_members', column: 'member_email' }] },
    });
    expect(facts.has('loyalty.member_offers.city')).toBe(false);
  });

  it('a .py or .sql file without the header is not a notebook', async () => {
    const r = await extractNotebook('etl/job.py', 'df.write.saveAsTable("x")\n', options);
    expect(r).toEqual({ facts: [], errors: [] });
  });
});

describe('notebooks that cannot be read', () => {
  it('broken JSON is a parse error naming the line, never a throw', async () => {
    const text = fixture('broken.ipynb');
    const r = await extractNotebook('nb/broken.ipynb', text, options);
    expect(r.facts).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'nb/broken.ipynb', line: lineOf(text, '  {', 2), kind: 'parse' })]);
    expect(r.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it('nbformat 3 is refused with the line of its nbformat key', async () => {
    const text = '{\n "nbformat": 3,\n "nbformat_minor": 0,\n "worksheets": []\n}\n';
    const r = await extractNotebook('old.ipynb', text, options);
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, kind: 'parse' })]);
    expect(r.errors[0]!.message).toMatch(/nbformat 3/);
  });

  it('SQL built at run time and writes to computed table names are reported, not guessed', async () => {
    const nb = ipynb([{ source: 'query = build_query(segment)\ncustomers = spark.sql(query)\ncustomers.write.saveAsTable(target_table)' }]);
    const r = await extractNotebook('nb.ipynb', nb, options);
    expect(r.facts).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.kind])).toEqual([
      [lineOf(nb, 'spark.sql(query)'), 'unsupported'],
      [lineOf(nb, 'saveAsTable'), 'unsupported'],
    ]);
  });

  it('re-running cells (new execution counts, new outputs) changes no fact', async () => {
    const cells = [{ source: 'df = spark.table("crm.customers").select("customer_id", "email")\ndf.write.saveAsTable("crm.contacts")' }];
    const before = await extractNotebook('nb.ipynb', ipynb(cells), options);
    const rerun = ipynb([{ ...cells[0]!, outputs: [{ output_type: 'stream', name: 'stdout', text: ['done\n'] }] }]).replace('"execution_count": null', '"execution_count": 7');
    const after = await extractNotebook('nb.ipynb', rerun, options);
    expect(after.facts).toEqual(before.facts);
  });
});
