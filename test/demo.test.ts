// `npm run demo` is the first thing a newcomer runs: it must keep showing a real report.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Report } from '../src/types.js';

const root = resolve(__dirname, '..');

describe('npm run demo', () => {
  it('runs the gate on the built-in retail pull request and fails it with findings in every file kind', () => {
    const r = spawnSync(process.execPath, ['scripts/demo.mjs', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    const json = r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1);
    const report = JSON.parse(json) as Report;
    expect(r.stdout).toContain('exit code 1');
    const byFile = (file: string) => report.findings.filter((f) => f.file === file && f.blocking).map((f) => `${f.kind}:${f.columnName}`).sort();
    expect(byFile('db/migrations/V3__checkout_contact_and_payment.sql')).toEqual([
      'exposure:contact',
      'unjustified-column:card_number',
      'unjustified-column:date_of_birth',
      'unjustified-column:phone_number',
      'unjustified-column:shipping_lat',
      'unjustified-column:shipping_lng',
    ]);
    expect(byFile('analytics/models/marts/mart_marketing_audience.sql')).toEqual(['exposure:contact', 'tier-violation:contact']);
    expect(byFile('contracts/customers.odcs.yaml')).toEqual(['declared-below-inferred:date_of_birth']);
    // Justified inline, by COMMENT ON and by the registry; hashed in the view and the mart.
    const justified = report.columns.filter((c) => c.justified).map((c) => `${c.table}.${c.column}`).sort();
    expect(justified).toEqual(['customers.email', 'orders.billing_email', 'orders.gift_message']);
    expect(report.columns.find((c) => c.column === 'email_key')?.level).toBe('internal');
  });
});
