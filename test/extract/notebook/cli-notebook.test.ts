// Pull requests that add notebooks, through the built CLI (dist/cli.js) on temporary git repositories.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/types.js';
import { tempRepo, type TempRepo } from '../../helpers/git-repo.js';
import { ipynb, lineOf } from './helpers.js';

const CLI = resolve(__dirname, '../../../dist/cli.js');

function check(cwd: string): { code: number | null; report: Report; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, '--base', 'main', '--format', 'json'], { cwd, encoding: 'utf8' });
  if (!r.stdout.startsWith('{')) throw new Error(`no JSON report (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, report: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function featureNotebook(annotated: boolean): string {
  const note = (text: string) => (annotated ? [`    # sensitivity-gate: ${text}`] : []);
  return ipynb([
    { type: 'markdown', source: '# Birthday campaign audience' },
    { source: 'from pyspark.sql import functions as F\ncustomers = spark.table("crm.customers")' },
    {
      source: [
        'audience = (',
        '    customers',
        ...note('purpose=marketing, justification="Birthday vouchers are emailed to opted-in members"'),
        '    .withColumn("customer_email", F.lower(F.col("email")))',
        ...note('purpose=marketing, legal_basis=consent, retention=P1Y, justification="The voucher is sent in the birthday month"'),
        '    .withColumn("birth_date", F.col("date_of_birth"))',
        '    .select("customer_id", "customer_email", "birth_date", "loyalty_tier")',
        ')',
        'audience.write.mode("overwrite").saveAsTable("marketing.birthday_audience")',
      ].join('\n'),
    },
  ]);
}

describe('notebook pull requests', () => {
  it('fails a notebook writing customer_email and birth_date into a new table, on their lines; passes once annotated', () => {
    repo = tempRepo('sg-nb-');
    repo.commit('init', { 'README.md': '# retail analytics\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const plain = featureNotebook(false);
    repo.commit('audience notebook', { 'notebooks/birthday_audience.ipynb': plain });
    const failed = check(repo.dir);
    expect(failed.code).toBe(1);
    const blocking = failed.report.findings.filter((f) => f.blocking).map((f) => [f.columnName, f.file, f.line]);
    expect(blocking).toEqual(
      expect.arrayContaining([
        ['customer_email', 'notebooks/birthday_audience.ipynb', lineOf(plain, 'withColumn(\\"customer_email\\"')],
        ['birth_date', 'notebooks/birthday_audience.ipynb', lineOf(plain, 'withColumn(\\"birth_date\\"')],
      ]),
    );
    expect(blocking).toHaveLength(2);
    const fix = failed.report.findings.find((f) => f.columnName === 'customer_email')?.fix ?? '';
    expect(fix).toMatch(/^# sensitivity-gate: /m);

    repo.commit('justify', { 'notebooks/birthday_audience.ipynb': featureNotebook(true) });
    const passed = check(repo.dir);
    expect(passed.report.findings.filter((f) => f.blocking)).toEqual([]);
    expect(passed.code).toBe(0);
    expect(passed.report.columns.find((c) => c.column === 'customer_email')).toMatchObject({ justified: true, table: 'marketing.birthday_audience' });
  });

  it('fails a notebook committed with an output table of emails, without printing them', () => {
    repo = tempRepo('sg-nb-');
    repo.commit('init', { 'README.md': '# retail analytics\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const emails = ['olivia.martin@example.org', 'noah.kim@example.net', 'emma.rossi@example.com'];
    const html = ['<table>', '<thead><tr><th></th><th>customer_id</th><th>email</th></tr></thead>', '<tbody>', ...emails.map((e, i) => `<tr><th>${i}</th><td>${700 + i}</td><td>${e}</td></tr>`), '</tbody></table>'];
    const nb = ipynb([
      {
        source: 'churned = pd.read_sql("SELECT customer_id, email FROM crm.customers WHERE churned", engine)\nchurned.head()',
        outputs: [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/html': html.map((l) => l + '\n'), 'text/plain': ['...'] } }],
      },
    ]);
    repo.commit('explore churn', { 'analysis/churn.ipynb': nb });
    const { code, report, stdout } = check(repo.dir);
    expect(code).toBe(1);
    const finding = report.findings.find((f) => f.kind === 'data-in-output');
    expect(finding).toMatchObject({ blocking: true, file: 'analysis/churn.ipynb', line: lineOf(nb, '<th>email</th>') });
    expect(finding?.message).toContain('cell 1');
    for (const e of emails) expect(stdout).not.toContain(e);
  });

  it('reports an output already on the base branch once: not again when other cells change, again when it changes', () => {
    repo = tempRepo('sg-nb-');
    const table = (emails: string[]) => ({
      output_type: 'execute_result',
      execution_count: 1,
      metadata: {},
      data: { 'text/html': ['<table>', '<tr><th>customer_id</th><th>email</th></tr>', ...emails.map((e, i) => `<tr><td>${i}</td><td>${e}</td></tr>`), '</table>'] },
    });
    const notebook = (extraCell: boolean, emails: string[]) =>
      ipynb([
        ...(extraCell ? [{ type: 'markdown' as const, source: '## Churn by region' }] : []),
        { source: 'churned.head()', outputs: [table(emails)] },
      ]);
    const old = ['liam.b@example.org', 'ava.c@example.net'];
    repo.commit('init', { 'analysis/churn.ipynb': notebook(false, old) });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('add a heading cell', { 'analysis/churn.ipynb': notebook(true, old) });
    const unchanged = check(repo.dir);
    expect(unchanged.report.findings.filter((f) => f.kind === 'data-in-output')).toEqual([]);
    expect(unchanged.code).toBe(0);

    repo.commit('re-run the cell', { 'analysis/churn.ipynb': notebook(true, ['mia.d@example.com', 'leo.e@example.org']) });
    const rerun = check(repo.dir);
    expect(rerun.report.findings.filter((f) => f.kind === 'data-in-output')).toHaveLength(1);
    expect(rerun.code).toBe(1);
  });
});
