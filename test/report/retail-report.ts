// A hand-written report for a realistic retail pull request: a PostgreSQL migration adds contact
// and payment columns to `customers`, a dbt mart exposes the email, and one notebook fails to parse.
import type { Finding, Report, ReportColumn } from '../../src/types.js';

export const HEAD_SHA = '9f3c2d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
export const BASE_SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80910a1b2c3';

const findings: Finding[] = [
  {
    kind: 'unjustified-column',
    severity: 'error',
    blocking: true,
    file: 'db/migrations/20251104_add_customer_contact.sql',
    line: 4,
    column: 30,
    table: 'public.customers',
    columnName: 'email',
    level: 'confidential',
    categories: ['contact'],
    rule: 'pii.contact.email',
    message: 'New column public.customers.email is confidential (contact) and has no justification.',
    why: 'token "email" in a customers table',
    fix: '-- sensitivity-gate: purpose=order_fulfillment, legal_basis=contract, retention=P2Y,\n--   justification="Order confirmations and delivery updates are sent by email"\n\n# or in data-justifications.yml:\n- columns: [public.customers.email]\n  purpose: order_fulfillment\n  justification: "Order confirmations and delivery updates are sent by email"',
  },
  {
    kind: 'unjustified-column',
    severity: 'error',
    blocking: true,
    file: 'db/migrations/20251104_add_customer_contact.sql',
    line: 6,
    table: 'public.customers',
    columnName: 'card_number',
    level: 'restricted',
    categories: ['financial'],
    rule: 'payment.card.pan',
    message: 'New column public.customers.card_number is restricted (financial) and has no justification.',
    why: 'tokens "card number" (payment card PAN)',
    fix: '-- sensitivity-gate: purpose=payments, legal_basis=contract, retention=P90D, owner=payments-team,\n--   justification="<why the raw card number must be stored>"',
  },
  {
    kind: 'exposure',
    severity: 'warning',
    blocking: false,
    file: 'models/marts/dim_customers.sql',
    line: 12,
    table: 'dim_customers',
    columnName: 'customer_email_hash',
    level: 'internal',
    categories: ['contact'],
    rule: 'lineage.hash',
    message: 'customers.email flows into dim_customers as a hash.',
    why: 'sha2(email) pseudonymises the address',
  },
  {
    kind: 'parse-error',
    severity: 'error',
    blocking: true,
    file: 'notebooks/churn_features.ipynb',
    line: 0,
    categories: [],
    rule: 'parse',
    message: 'notebooks/churn_features.ipynb could not be read: Unexpected token } in JSON at line 88',
  },
];

const columns: ReportColumn[] = [
  { file: 'db/migrations/20251104_add_customer_contact.sql', line: 4, table: 'public.customers', column: 'email', type: 'varchar(320)', level: 'confidential', categories: ['contact'], change: 'added', justified: false, origin: 'sql' },
  { file: 'db/migrations/20251104_add_customer_contact.sql', line: 5, table: 'public.customers', column: 'email_verified', type: 'boolean', level: 'internal', categories: [], change: 'added', justified: false, origin: 'sql' },
  { file: 'db/migrations/20251104_add_customer_contact.sql', line: 6, table: 'public.customers', column: 'card_number', type: 'char(16)', level: 'restricted', categories: ['financial'], change: 'added', justified: false, origin: 'sql' },
  { file: 'models/marts/dim_customers.sql', line: 12, table: 'dim_customers', column: 'customer_email_hash', level: 'internal', categories: ['contact'], change: 'added', justified: false, origin: 'dbt-model' },
  { file: 'models/marts/dim_customers.sql', line: 13, table: 'dim_customers', column: 'loyalty_tier', level: 'public', categories: [], change: 'added', justified: false, origin: 'dbt-model' },
];

export function retailReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'sensitivity-gate', version: '0.1.0' },
    mode: 'diff',
    base: BASE_SHA,
    head: HEAD_SHA,
    failLevel: 'confidential',
    findings,
    columns,
    errors: [{ file: 'notebooks/churn_features.ipynb', line: 88, message: 'Unexpected token } in JSON', kind: 'parse' }],
    summary: {
      filesAnalysed: 3,
      filesWithErrors: 1,
      columns: columns.length,
      findings: findings.length,
      blocking: findings.filter((f) => f.blocking).length,
      maxLevel: 'restricted',
      byLevel: { public: 1, internal: 2, confidential: 1, restricted: 1 },
      overrides: 0,
    },
    timings: { total: 41 },
    ...overrides,
  };
}

export function allClearReport(): Report {
  const cols = columns.filter((c) => c.level === 'public' || c.level === 'internal');
  return retailReport({
    findings: [],
    columns: cols,
    errors: [],
    summary: { filesAnalysed: 2, filesWithErrors: 0, columns: cols.length, findings: 0, blocking: 0, maxLevel: 'internal', byLevel: { public: 1, internal: 2, confidential: 0, restricted: 0 }, overrides: 0 },
  });
}

/** A report with `n` blocking findings on distinct columns, for the size limit. */
export function manyFindingsReport(n: number): Report {
  const many: Finding[] = [];
  const cols: ReportColumn[] = [];
  for (let i = 0; i < n; i++) {
    const file = `db/migrations/2025${String(1000 + (i % 97)).padStart(4, '0')}_customer_attributes_${i}.sql`;
    many.push({
      ...findings[0]!,
      file,
      line: 3 + (i % 40),
      columnName: `secondary_email_${i}`,
      message: `New column public.customers.secondary_email_${i} is confidential (contact) and has no justification; marketing and support both asked for it.`,
    });
    cols.push({ ...columns[0]!, file, line: 3 + (i % 40), column: `secondary_email_${i}` });
  }
  return retailReport({
    findings: many,
    columns: cols,
    errors: [],
    summary: { filesAnalysed: n, filesWithErrors: 0, columns: n, findings: n, blocking: n, maxLevel: 'confidential', byLevel: { public: 0, internal: 0, confidential: n, restricted: 0 }, overrides: 0 },
  });
}
