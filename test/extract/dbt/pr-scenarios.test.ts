// dbt pull requests as real git commits on the retail fixture project, judged by the built CLI
// (dist/cli.js; `npm run build` first).

import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Finding, Report } from '../../../src/types.js';
import { tempRepo, type TempRepo } from '../../helpers/git-repo.js';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const FIXTURE = resolve(__dirname, '../../../fixtures/dbt/retail_shop');

function fixtureFiles(prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[prefix + relative(FIXTURE, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(FIXTURE);
  return out;
}

function check(cwd: string): { code: number | null; report: Report } {
  const r = spawnSync(process.execPath, [CLI, '--base', 'main', '--format', 'json'], { cwd, encoding: 'utf8' });
  if (!r.stdout.startsWith('{')) throw new Error(`no JSON report (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, report: JSON.parse(r.stdout) as Report };
}

const blocking = (report: Report): Finding[] => report.findings.filter((f) => f.blocking);

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function shop(extra: Record<string, string> = {}): TempRepo {
  const r = tempRepo('sg-dbt-');
  r.commit('retail dbt project', { ...fixtureFiles(), ...extra });
  r.git('checkout', '-q', '-b', 'feature');
  return r;
}

const MART_WITH = (selectEmail: string) => `{{ config(materialized='table') }}

with customer_orders as (
    select * from {{ ref('int_customer_orders') }}
),

customers as (
    select * from {{ ref('stg_customers') }}
)

select
    customer_orders.customer_id,
    ${selectEmail},
    customer_orders.first_order_at,
    customer_orders.order_count,
    customer_orders.lifetime_value,
    case when customer_orders.lifetime_value > 500 then 'gold' else 'standard' end as loyalty_tier
from customer_orders
join customers on customers.customer_id = customer_orders.customer_id
`;

describe('dbt pull requests', () => {
  it('fails a mart that selects email as contact from a staging model, on the mart line, naming stg_customers.email', () => {
    repo = shop();
    repo.commit('contact in the mart', { 'models/marts/dim_customers.sql': MART_WITH('customers.email as contact') });
    const { code, report } = check(repo.dir);
    expect(code).toBe(1);
    const exposure = blocking(report).find((f) => f.kind === 'exposure');
    expect(exposure).toMatchObject({ file: 'models/marts/dim_customers.sql', line: 13, table: 'dim_customers', columnName: 'contact' });
    expect(exposure!.message).toContain('stg_customers.email');
    // The fix is YAML for the mart's own schema.yml, indented like its other columns.
    expect(exposure!.fix).toContain('# models/marts/schema.yml, in the columns of the entry at line 4:\n      - name: contact\n        config:\n          meta:\n            purpose: ');
    expect(blocking(report).map((f) => f.kind)).toContain('tier-violation');
  });

  it('passes the same mart when the email is hashed and the marts tier allows hashed identifiers', () => {
    repo = shop();
    repo.commit('hashed contact', { 'models/marts/dim_customers.sql': MART_WITH('md5(lower(customers.email)) as contact_key') });
    const { code, report } = check(repo.dir);
    expect(blocking(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.columns.find((c) => c.column === 'contact_key')).toMatchObject({ change: 'added', table: 'dim_customers' });
  });

  it('still fails a hashed identifier when the marts tier does not allow hashing', () => {
    repo = shop({ '.sensitivity-gate.yml': 'tiers:\n  - name: marts\n    paths: ["**/marts/**"]\n    max-level: public\n    allow-hashed: false\n' });
    repo.commit('hashed contact', { 'models/marts/dim_customers.sql': MART_WITH('md5(lower(customers.email)) as contact_key') });
    const { code, report } = check(repo.dir);
    expect(code).toBe(1);
    expect(blocking(report).find((f) => f.kind === 'tier-violation')).toMatchObject({ columnName: 'contact_key', line: 13 });
  });

  it('clears the exposure with a justification in the column meta of schema.yml, in the same pull request', () => {
    // The tier ceiling is a separate rule, judged even for justified columns; this repository sets none.
    repo = shop({ '.sensitivity-gate.yml': 'tiers: []\n' });
    const yaml = readFileSync(join(FIXTURE, 'models/marts/schema.yml'), 'utf8').replace(
      '      - name: loyalty_tier\n',
      [
        '      - name: contact',
        '        config:',
        '          meta:',
        '            purpose: customer_support',
        '            justification: "Support agents reply to loyalty members from the dashboard"',
        '      - name: loyalty_tier',
        '',
      ].join('\n'),
    );
    repo.commit('justified contact', {
      'models/marts/dim_customers.sql': MART_WITH('customers.email as contact'),
      'models/marts/schema.yml': yaml,
    });
    const { code, report } = check(repo.dir);
    expect(blocking(report)).toEqual([]);
    expect(code).toBe(0);
    // Declared in SQL and YAML in one PR: judged once, on the SQL line.
    const contact = report.columns.filter((c) => c.column === 'contact');
    expect(contact).toHaveLength(1);
    expect(contact[0]).toMatchObject({ file: 'models/marts/dim_customers.sql', justified: true });
  });

  it('fails when a pii tag is removed from a staging column without justification', () => {
    repo = shop();
    const yaml = readFileSync(join(FIXTURE, 'models/staging/schema.yml'), 'utf8').replace('        tags: [pii]\n', '');
    repo.commit('drop the pii tag', { 'models/staging/schema.yml': yaml });
    const { code, report } = check(repo.dir);
    expect(code).toBe(1);
    expect(blocking(report).find((f) => f.kind === 'declaration-lowered')).toMatchObject({
      file: 'models/staging/schema.yml',
      table: 'stg_customers',
      columnName: 'email',
      line: 10,
    });
  });

  it('fails when meta.sensitivity is lowered, and passes when the lowering is justified in meta', () => {
    repo = shop();
    const base = readFileSync(join(FIXTURE, 'models/staging/schema.yml'), 'utf8');
    repo.commit('lower dob', { 'models/staging/schema.yml': base.replace('sensitivity: restricted', 'sensitivity: internal') });
    const lowered = check(repo.dir);
    expect(lowered.code).toBe(1);
    expect(blocking(lowered.report).map((f) => [f.kind, f.columnName])).toEqual(expect.arrayContaining([['declaration-lowered', 'date_of_birth']]));

    repo.commit('justify', {
      'models/staging/schema.yml': base.replace(
        '          sensitivity: restricted\n',
        [
          '          sensitivity: internal',
          '          purpose: fraud_prevention',
          '          justification: "Only the birth year is kept downstream for age checks"',
          '          legal_basis: legal_obligation',
          '          retention: P2Y',
          '',
        ].join('\n'),
      ),
    });
    const justified = check(repo.dir);
    expect(blocking(justified.report).filter((f) => f.columnName === 'date_of_birth')).toEqual([]);
  });

  it('adds a justified column through a model-level meta justification', () => {
    repo = shop();
    repo.commit('phone in intermediate', {
      'models/intermediate/int_customer_contacts.sql': 'select customer_id, phone_number from {{ ref(\'stg_customers\') }}\n',
      'models/intermediate/contacts.yml': [
        'version: 2',
        'models:',
        '  - name: int_customer_contacts',
        '    meta:',
        '      purpose: customer_support',
        '      justification: "Call-back list for open support tickets"',
        '',
      ].join('\n'),
    });
    const { code, report } = check(repo.dir);
    expect(blocking(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.columns.find((c) => c.column === 'phone_number')).toMatchObject({ justified: true, table: 'int_customer_contacts' });
  });

  it('carries a sensitivity declared in an unchanged upstream YAML into an exposure downstream, under any name', () => {
    repo = shop({
      'models/staging/stg_loyalty.sql': "select member_id, care_segment from {{ source('crm', 'loyalty_members') }}\n",
      'models/staging/loyalty.yml': [
        'version: 2',
        'models:',
        '  - name: stg_loyalty',
        '    columns:',
        '      - name: care_segment',
        '        description: Pharmacy care programme the member is enrolled in.',
        '        meta:',
        '          sensitivity: restricted',
        '',
      ].join('\n'),
    });
    repo.commit('segment in a mart', {
      'models/marts/fct_member_segments.sql': "select member_id, care_segment as segment from {{ ref('stg_loyalty') }}\n",
    });
    const { code, report } = check(repo.dir);
    expect(code).toBe(1);
    const exposure = blocking(report).find((f) => f.kind === 'exposure');
    expect(exposure).toMatchObject({ file: 'models/marts/fct_member_segments.sql', line: 1, columnName: 'segment', level: 'restricted' });
    expect(exposure!.message).toContain('stg_loyalty.care_segment');
  });

  it('reads two dbt projects in a monorepo, each with its own paths', () => {
    repo = tempRepo('sg-dbt-mono-');
    repo.commit('two projects', {
      ...fixtureFiles('shop/'),
      'loyalty/dbt_project.yml': "name: loyalty\nversion: '1.0.0'\nmodel-paths: ['transform']\n",
      'loyalty/transform/members.sql': 'select member_id, tier from {{ source(\'crm\', \'members\') }}\n',
      'loyalty/models/not_a_model.sql': 'create table scratch (id int);\n',
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('emails in both', {
      'loyalty/transform/members.sql': "select member_id, tier, email_address from {{ source('crm', 'members') }}\n",
      'shop/models/marts/dim_customers.sql': MART_WITH('customers.email as contact'),
    });
    const { code, report } = check(repo.dir);
    expect(code).toBe(1);
    const byFile = blocking(report).filter((f) => f.kind !== 'tier-violation').map((f) => [f.file, f.table, f.columnName]);
    expect(byFile).toEqual(
      expect.arrayContaining([
        ['loyalty/transform/members.sql', 'members', 'email_address'],
        ['shop/models/marts/dim_customers.sql', 'dim_customers', 'contact'],
      ]),
    );
  });
});
