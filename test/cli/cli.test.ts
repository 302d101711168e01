// The real CLI (dist/cli.js, built by `pretest`) as a subprocess on temporary git repositories.

import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/run.js';
import { join, resolve } from 'node:path';
import type { Report } from '../../src/types.js';
import { tempRepo, type TempRepo } from '../helpers/git-repo.js';
import { scratchDir } from '../helpers/scratch.js';

const CLI = resolve(__dirname, '../../dist/cli.js');

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonReport(cwd: string, ...args: string[]): { code: number | null; report: Report } {
  const r = cli(cwd, ...args, '--format', 'json');
  if (!r.stdout.startsWith('{')) throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const V1 = `-- Flyway V1: customer accounts
CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    loyalty_tier text NOT NULL DEFAULT 'bronze'
);
`;

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function baseRepo(extra: Record<string, string> = {}): TempRepo {
  const r = tempRepo('sg-cli-');
  r.commit('customers', { 'db/migration/V1__customers.sql': V1, ...extra });
  r.git('checkout', '-q', '-b', 'feature');
  return r;
}

describe('sensitivity-gate check', () => {
  it('fails a PR that adds email, ssn and date_of_birth without justification, naming each with file and line', () => {
    repo = baseRepo();
    repo.commit('contact', {
      'db/migration/V2__customer_identity.sql': [
        '-- Flyway V2: identity verification for the loyalty programme',
        'ALTER TABLE customers ADD COLUMN email varchar(320);',
        'ALTER TABLE customers ADD COLUMN ssn char(11);',
        'ALTER TABLE customers',
        '    ADD COLUMN date_of_birth date;',
        'ALTER TABLE customers ADD COLUMN email_verified boolean NOT NULL DEFAULT false;',
        '',
      ].join('\n'),
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    const blocking = report.findings.filter((f) => f.blocking).map((f) => [f.columnName, f.file, f.line]);
    expect(blocking).toEqual(
      expect.arrayContaining([
        ['email', 'db/migration/V2__customer_identity.sql', 2],
        ['ssn', 'db/migration/V2__customer_identity.sql', 3],
        ['date_of_birth', 'db/migration/V2__customer_identity.sql', 5],
      ]),
    );
    expect(blocking).toHaveLength(3);
    expect(report.findings.find((f) => f.columnName === 'ssn')?.level).toBe('restricted');
    expect(report.columns.find((c) => c.column === 'email_verified')?.level).not.toMatch(/confidential|restricted/);
    expect(report.schemaVersion).toBe(1);

    const text = cli(repo.dir, '--base', 'main');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('db/migration/V2__customer_identity.sql:3:');
    expect(text.stdout).toContain('sensitivity gate failed');
  });

  it('passes once each column is justified inline, by COMMENT ON, or in the registry', () => {
    repo = baseRepo();
    repo.commit('contact', {
      'db/migration/V2__customer_identity.sql': [
        '-- sensitivity-gate: purpose=customer_support, justification="Order confirmations and delivery updates go to this address"',
        'ALTER TABLE customers ADD COLUMN email varchar(320);',
        'ALTER TABLE customers ADD COLUMN ssn char(11);',
        'ALTER TABLE customers ADD COLUMN date_of_birth date;',
        `COMMENT ON COLUMN customers.date_of_birth IS 'sensitivity-gate: purpose=legal_compliance, legal_basis=legal_obligation, retention=P5Y, justification="Age checks for alcohol sales are required by law"';`,
        '',
      ].join('\n'),
      'data-justifications.yml': [
        'justifications:',
        '  - columns: [customers.ssn]',
        '    purpose: legal_compliance',
        '    justification: Tax reporting of loyalty rewards above the threshold needs the SSN',
        '    legal_basis: legal_obligation',
        '    retention: P7Y',
        '',
      ].join('\n'),
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(report.findings.filter((f) => f.blocking)).toEqual([]);
    expect(code).toBe(0);
    expect(report.columns.filter((c) => ['email', 'ssn', 'date_of_birth'].includes(c.column)).every((c) => c.justified)).toBe(true);
  });

  it('keeps failing on a placeholder justification', () => {
    repo = baseRepo();
    repo.commit('contact', {
      'db/migration/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text; -- sensitivity-gate: purpose=marketing, justification="tbd"\n',
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.kind)).toEqual(['invalid-justification']);
    expect(report.findings[0]!.message).toMatch(/placeholder/);
  });

  it('fails closed on a file it cannot parse, with file and line, and still analyses the others', () => {
    repo = baseRepo();
    repo.commit('broken', {
      'db/migration/V2__broken.sql': 'CREATE TABLE ok_table (id int);\n\nCREATE TABLE payments (\n  id int,\n  card_number\n',
      'db/migration/V3__phone.sql': 'ALTER TABLE customers ADD COLUMN phone_number text;\n',
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.errors.some((e) => e.file === 'db/migration/V2__broken.sql' && e.line >= 3)).toBe(true);
    expect(report.findings.some((f) => f.kind === 'parse-error' && f.blocking && f.file === 'db/migration/V2__broken.sql')).toBe(true);
    expect(report.findings.some((f) => f.columnName === 'phone_number' && f.file === 'db/migration/V3__phone.sql')).toBe(true);
  });

  it('counts a rename into a sensitive name as a change', () => {
    repo = baseRepo();
    repo.commit('rename', { 'db/migration/V2__rename.sql': 'ALTER TABLE customers RENAME COLUMN loyalty_tier TO home_address;\n' });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.findings[0]).toMatchObject({ kind: 'sensitivity-raised', columnName: 'home_address', line: 1 });
    expect(report.findings[0]!.message).toContain('renamed from loyalty_tier');
  });

  it('diffs a modified schema file so that only real changes count', () => {
    repo = tempRepo('sg-cli-');
    const schema = (extra: string) => `CREATE TABLE customers (\n  id bigint primary key,\n  email text,\n  created_at timestamptz${extra}\n);\n`;
    repo.commit('schema', { 'db/schema.sql': schema('') });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('add ip', { 'db/schema.sql': schema(',\n  last_login_ip inet') });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.blocking).map((f) => f.columnName)).toEqual(['last_login_ip']);
    expect(report.columns.find((c) => c.column === 'email')?.change).toBe('unchanged');
  });

  it('judges the PR by the base config and reports what a config change relaxes', () => {
    repo = baseRepo({ '.sensitivity-gate.yml': 'fail-level: confidential\n' });
    repo.commit('relax', {
      '.sensitivity-gate.yml': 'fail-level: restricted\n',
      'db/migration/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text;\n',
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.failLevel).toBe('confidential');
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['config-relaxed', 'unjustified-column']);
  });

  it('reads MySQL migrations with the configured dialect', () => {
    repo = baseRepo({ '.sensitivity-gate.yml': 'dialect: mysql\n' });
    repo.commit('mysql', {
      'db/migration/V2__shipping.sql': [
        'ALTER TABLE `customers`',
        "  ADD COLUMN `shipping_address` VARCHAR(255) NULL COMMENT 'street and number',",
        '  ADD COLUMN `newsletter_opt_in` TINYINT(1) NOT NULL DEFAULT 0;',
        '',
      ].join('\n'),
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main');
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.blocking).map((f) => [f.table, f.columnName, f.line])).toEqual([['customers', 'shipping_address', 2]]);
  });

  it('checks uncommitted and untracked files with --worktree, before anything is committed', () => {
    repo = baseRepo();
    // Nothing committed on the branch yet: a new untracked migration and an edited tracked one.
    repo.write({
      'db/migration/V2__loyalty.sql': 'ALTER TABLE customers ADD COLUMN phone_number text;\n',
      'db/migration/V1__customers.sql': V1.replace('loyalty_tier text', 'email text,\n    loyalty_tier text'),
    });
    const { code, report } = jsonReport(repo.dir, '--base', 'main', '--worktree');
    expect(code).toBe(1);
    expect(report.head).toBe('worktree');
    expect(report.findings.filter((f) => f.blocking).map((f) => `${f.file}:${f.columnName}`).sort()).toEqual([
      'db/migration/V1__customers.sql:email',
      'db/migration/V2__loyalty.sql:phone_number',
    ]);
    // Without --worktree only commits count: nothing is committed on the branch.
    expect(jsonReport(repo.dir, '--base', 'main').report.findings).toEqual([]);
    expect(cli(repo.dir, '--worktree', '--head', 'HEAD').code).toBe(2);
  });

  it('audits every file with --all', () => {
    repo = tempRepo('sg-cli-');
    repo.commit('all', { 'db/V1__a.sql': 'CREATE TABLE users (id int, email text, password_hash text);\n', 'db/V2__b.sql': 'CREATE TABLE products (id int, product_name text);\n' });
    const { code, report } = jsonReport(repo.dir, '--all');
    expect(report.mode).toBe('all');
    expect(report.summary.filesAnalysed).toBe(2);
    expect(report.findings.map((f) => f.columnName)).toContain('email');
    expect(report.findings.map((f) => f.columnName)).not.toContain('product_name');
    expect(code).toBe(1);
  });

  it('renders markdown, sarif and github formats, and writes --output', () => {
    repo = baseRepo();
    repo.commit('contact', { 'db/migration/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text;\n' });
    const md = cli(repo.dir, '--base', 'main', '--format', 'markdown');
    expect(md.stdout).toContain('customers.email');
    const sarif = JSON.parse(cli(repo.dir, '--base', 'main', '--format', 'sarif').stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(1);
    expect(cli(repo.dir, '--base', 'main', '--format', 'github').stdout).toMatch(/^::error file=db\/migration\/V2__email\.sql,line=1/m);
    const out = join(repo.dir, 'report.json');
    expect(cli(repo.dir, '--base', 'main', '--format', 'json', '--output', out).stdout).toBe('');
  });
});

describe('usage and environment errors exit 2 with a clear message', () => {
  it('for an unknown ref', () => {
    repo = baseRepo();
    const r = cli(repo.dir, '--base', 'does-not-exist');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown ref "does-not-exist"/);
  });

  it('outside a git repository', () => {
    const r = cli(scratchDir('sg-nogit-'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
  });

  it('for an invalid config, naming file and line', () => {
    repo = baseRepo({ '.sensitivity-gate.yml': 'fail-level: confidential\nfail_on: everything\n' });
    repo.commit('x', { 'db/migration/V2__x.sql': 'ALTER TABLE customers ADD COLUMN x int;\n' });
    const r = cli(repo.dir, '--base', 'main');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.sensitivity-gate\.yml:2: fail_on: unknown key/);
  });

  it('for bad flags', () => {
    repo = baseRepo();
    expect(cli(repo.dir, '--format', 'xml').code).toBe(2);
    expect(cli(repo.dir, '--fail-level', 'secret').code).toBe(2);
    expect(cli(repo.dir, '--frobnicate').code).toBe(2);
  });
});

describe('views over several tables', () => {
  it('places an unqualified column in the table that has it, once the change defines both', () => {
    repo = tempRepo('sg-cli-');
    repo.commit('init', { 'README.md': '# shop\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('deliveries view', {
      'db/V1__stores_and_customers.sql': [
        'CREATE TABLE stores (id bigint PRIMARY KEY, name text NOT NULL);',
        'CREATE TABLE customers (id bigint PRIMARY KEY, store_id bigint REFERENCES stores (id), city text);',
        '-- the city a parcel goes to comes from the customer; the store only lends its name',
        'CREATE VIEW deliveries AS',
        '  SELECT s.name AS store_name, city',
        '  FROM stores s JOIN customers c ON c.store_id = s.id;',
        '',
      ].join('\n'),
    });
    const { report } = jsonReport(repo.dir, '--base', 'main');
    const city = report.findings.find((f) => f.table === 'deliveries' && f.columnName === 'city');
    expect(city).toMatchObject({ blocking: true, level: 'confidential', line: 5 });
    expect(city?.message).toContain('customers.city');
    expect(report.columns.find((c) => c.table === 'deliveries' && c.column === 'store_name')?.level).toBe('internal');
  });
});

describe('sensitivity-gate explain', () => {
  it('prints tokens, rules and the verdict', () => {
    const r = cli(process.cwd(), 'explain', 'customer_email', '--type', 'text', '--table', 'customers');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/confidential/);
    expect(r.stdout).toMatch(/email/);
    expect(r.stdout).toMatch(/contact\.email/);
  });

  it('answers with the rules of the .sensitivity-gate.yml in the current directory, or of --config', () => {
    repo = tempRepo('sg-cli-');
    repo.write({
      '.sensitivity-gate.yml': 'rules:\n  - id: acme.loyalty_number\n    level: restricted\n    tokens: [loyalty card number]\n',
      'other.yml': 'rules:\n  - id: acme.other\n    level: confidential\n    tokens: [loyalty card number]\n',
      'bad.yml': 'rules:\n  - id: acme.bad\n    level: secret\n    tokens: [x]\n',
    });
    const builtin = cli(process.cwd(), 'explain', 'loyalty_card_number', '--table', 'members');
    expect(builtin.stdout).not.toMatch(/acme\./);
    const own = cli(repo.dir, 'explain', 'loyalty_card_number', '--table', 'members');
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/restricted/);
    expect(own.stdout).toMatch(/acme\.loyalty_number/);
    expect(cli(repo.dir, 'explain', 'loyalty_card_number', '--config', 'other.yml').stdout).toMatch(/acme\.other/);
    const bad = cli(repo.dir, 'explain', 'loyalty_card_number', '--config', 'bad.yml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yml:3/);
    expect(cli(repo.dir, 'explain', 'x', '--config', 'missing.yml').code).toBe(2);
  });
});

describe('sensitivity-gate eval', () => {
  it('scores several label files one line each, then pooled, naming the file of every miss', () => {
    repo = tempRepo('sg-cli-');
    repo.write({
      'crm.csv': 'table,column,type,label\ncontacts,email,text,sensitive\ncontacts,contact_id,bigint,not_sensitive\ncontacts,student_id,bigint,sensitive\n',
      'shop.csv': 'table,column,type,label\norders,total,numeric,not_sensitive\norders,shipping_phone,text,sensitive\norders,notes,text,not_sensitive\n',
    });
    const r = cli(repo.dir, 'eval', 'crm.csv', 'shop.csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^crm\.csv: 3 columns, precision 100\.0%, recall 50\.0%/m);
    expect(r.stdout).toMatch(/^shop\.csv: 3 columns, precision 50\.0%, recall 100\.0%/m);
    expect(r.stdout).toMatch(/Scored 6 labelled columns/);
    expect(r.stdout).toMatch(/tp 2, fp 1, fn 1, tn 2/);
    expect(r.stdout).toMatch(/crm\.csv:4: contacts\.student_id/);
    expect(r.stdout).toMatch(/shop\.csv:4: orders\.notes/);
    expect(cli(repo.dir, 'eval', 'crm.csv', 'missing.csv').code).toBe(2);
  });
});

describe('sensitivity-gate init', () => {
  it('writes a valid config and a pull-request workflow, keeps existing files unless --force', () => {
    repo = tempRepo('sg-cli-');
    const first = cli(repo.dir, 'init');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^written \.sensitivity-gate\.yml$/m);
    expect(first.stdout).toMatch(/^written \.github\/workflows\/sensitivity-gate\.yml$/m);
    const config = readFileSync(join(repo.dir, '.sensitivity-gate.yml'), 'utf8');
    expect(loadConfig(config, '.sensitivity-gate.yml').config.failLevel).toBe('confidential');
    // the commented examples are valid once uncommented
    const uncommented = config.replace(/^# (tiers:|rules:|ignore:|dialects:)/gm, '$1').replace(/^# {2}/gm, '  ').replace(/^#( {3,})/gm, '$1');
    const { config: full, classifier } = loadConfig(uncommented, '.sensitivity-gate.yml');
    expect(full.tiers.map((t) => t.name)).toEqual(['marts']);
    expect(classifier.classify({ column: 'rewards_id', table: 'members' }).level).toBe('confidential');
    const workflow = parseYaml(readFileSync(join(repo.dir, '.github/workflows/sensitivity-gate.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: { gate: { steps: { uses: string }[] } };
    };
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs.gate.steps.map((s) => s.uses)).toEqual(['actions/checkout@v5', expect.stringMatching(/^sensitivity-gate\/sensitivity-gate@v\d/)]);

    writeFileSync(join(repo.dir, '.sensitivity-gate.yml'), 'fail-level: restricted\n');
    const again = cli(repo.dir, 'init');
    expect(again.stdout).toMatch(/^kept \.sensitivity-gate\.yml/m);
    expect(readFileSync(join(repo.dir, '.sensitivity-gate.yml'), 'utf8')).toBe('fail-level: restricted\n');
    expect(cli(repo.dir, 'init', '--force').stdout).toMatch(/^overwritten \.sensitivity-gate\.yml$/m);
    expect(readFileSync(join(repo.dir, '.sensitivity-gate.yml'), 'utf8')).toBe(config);
  });
});

describe('sensitivity-gate categories', () => {
  it('lists the taxonomy with levels and regulations, as text or JSON', () => {
    const text = cli(process.cwd(), 'categories');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^financial\.card_number\s+restricted\s+.*PCI DSS/m);
    const json = JSON.parse(cli(process.cwd(), 'categories', '--format', 'json').stdout) as { id: string; level: string; regulations: string[] }[];
    expect(json.length).toBeGreaterThan(40);
    expect(json.find((c) => c.id === 'identity.photo')).toMatchObject({ level: 'confidential' });
    expect(new Set(json.map((c) => c.id)).size).toBe(json.length);
    expect(cli(process.cwd(), 'categories', '--format', 'sarif').code).toBe(2);
  });

  it('includes the categories and level changes of the user\'s rules', () => {
    repo = tempRepo('sg-cli-');
    repo.write({
      '.sensitivity-gate.yml':
        'rules:\n  - id: acme.loyalty_number\n    level: restricted\n    description: Loyalty card number\n    tokens: [loyalty card number]\n  - id: calmer-notes\n    category: freetext.notes\n    level: internal\n',
    });
    const text = cli(repo.dir, 'categories').stdout;
    expect(text).toMatch(/^acme\.loyalty_number\s+restricted\s+Loyalty card number/m);
    expect(text).toMatch(/^freetext\.notes\s+internal/m);
  });
});
