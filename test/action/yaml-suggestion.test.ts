// One-click suggestions in YAML files: applied as GitHub would (the finding's line replaced by the
// suggestion), with the placeholder sentence filled in, the gate must pass on the result.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { suggestionFor } from '../../src/action/review.js';
import { yamlInsertion } from '../../src/action/yaml-insertion.js';
import { FIX_JUSTIFICATION_TEMPLATE } from '../../src/policy/fix.js';
import type { Finding, Report } from '../../src/types.js';
import { tempRepo, type TempRepo } from '../helpers/git-repo.js';

const CLI = resolve(__dirname, '../../dist/cli.js');

function check(cwd: string): { code: number | null; report: Report } {
  const r = spawnSync(process.execPath, [CLI, '--base', 'main', '--format', 'json'], { cwd, encoding: 'utf8' });
  if (!r.stdout.startsWith('{')) throw new Error(`no JSON report (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, report: JSON.parse(r.stdout) as Report };
}

/** What GitHub does when the author clicks "Commit suggestion". */
function applySuggestion(text: string, f: Finding, body: string): string {
  const replacement = /```suggestion\n([\s\S]*?)\n```/.exec(body)?.[1];
  if (replacement === undefined) throw new Error(`no suggestion in ${body}`);
  const lines = text.split('\n');
  lines.splice(f.line - 1, 1, ...replacement.split('\n'));
  return lines.join('\n');
}

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const odcs = (extra: string) => `apiVersion: v3.0.2
kind: DataContract
id: retail-customers
version: 1.0.0
status: active
schema:
  - name: customers
    physicalName: crm.customers
    properties:
      - name: customer_id
        logicalType: string
${extra}`;

const datacontract = (extra: string) => `dataContractSpecification: 1.1.0
id: urn:datacontract:loyalty:members
info:
  title: Loyalty members
  version: 1.0.0
models:
  members:
    type: table
    fields:
      member_id:
        type: string
${extra}`;

const dbtSources = (extra: string) => `version: 2
sources:
  - name: shop
    schema: raw_shop
    tables:
      - name: customers
        columns:
          - name: customer_id
            description: Surrogate key
${extra}`;

const cases: { name: string; files: Record<string, string>; path: string; head: string; column: string }[] = [
  {
    name: 'an ODCS property',
    files: { 'contracts/customers.odcs.yaml': odcs('') },
    path: 'contracts/customers.odcs.yaml',
    head: odcs('      - name: email\n        logicalType: string\n        physicalType: varchar(320)\n'),
    column: 'email',
  },
  {
    name: 'a datacontract.com field',
    files: { 'contracts/loyalty.datacontract.yaml': datacontract('') },
    path: 'contracts/loyalty.datacontract.yaml',
    head: datacontract('      date_of_birth:\n        type: date\n'),
    column: 'date_of_birth',
  },
  {
    name: 'a dbt source column with a description',
    files: { 'dbt_project.yml': "name: shop\nversion: '1.0'\nprofile: shop\nmodel-paths: [models]\n", 'models/staging/src_shop.yml': dbtSources('') },
    path: 'models/staging/src_shop.yml',
    head: dbtSources('          - name: phone_number\n            description: Mobile number given at checkout\n            data_type: string\n'),
    column: 'phone_number',
  },
];

describe('YAML review suggestions', () => {
  for (const c of cases) {
    it(`justifies ${c.name} once the sentence is filled in`, () => {
      repo = tempRepo('sg-yaml-');
      repo.commit('base', c.files);
      repo.git('checkout', '-q', '-b', 'feature');
      repo.commit('add a column', { [c.path]: c.head });
      const failed = check(repo.dir);
      expect(failed.code).toBe(1);
      const finding = failed.report.findings.find((f) => f.blocking && f.columnName === c.column && f.file === c.path);
      expect(finding).toBeDefined();

      const suggestion = suggestionFor(finding!, c.head);
      expect(suggestion).toMatchObject({ path: c.path, line: finding!.line });
      const applied = applySuggestion(c.head, finding!, suggestion!.body);
      expect(() => parse(applied)).not.toThrow();
      writeFileSync(join(repo.dir, c.path), applied.replace(FIX_JUSTIFICATION_TEMPLATE, 'Sent with the order confirmation the customer asked for'));
      repo.commit('apply the suggestion');
      const passed = check(repo.dir);
      expect(passed.report.findings.filter((f) => f.blocking)).toEqual([]);
      expect(passed.code).toBe(0);
      expect(passed.report.columns.find((col) => col.column === c.column)).toMatchObject({ justified: true });
      expect(readFileSync(join(repo.dir, c.path), 'utf8')).not.toBe(c.head);
    });
  }
});

describe('YAML insertion', () => {
  const block = ['config:', '  meta:', '    purpose: analytics'];

  it('indents the block as the keys of a list item', () => {
    const lines = ['columns:', '  - name: email', '    description: x'];
    expect(yamlInsertion(block, lines, 1)).toEqual(['  - name: email', '    config:', '      meta:', '        purpose: analytics']);
  });

  it('indents the block under a mapping key that opens the column', () => {
    const lines = ['fields:', '  email:', '      type: string'];
    expect(yamlInsertion(block, lines, 1)?.[1]).toBe('      config:');
  });

  it('places a block under a sibling `name:` line at that line\'s indentation', () => {
    const lines = ['properties:', '  - id: 7', '    name: email', '    type: string'];
    expect(yamlInsertion(block, lines, 2)?.[1]).toBe('    config:');
  });

  it('refuses when the entry already has the block\'s key, before or after the line', () => {
    expect(yamlInsertion(block, ['  - name: email', '    config:', '      tags: [x]'], 0)).toBeUndefined();
    expect(yamlInsertion(block, ['  - config: {}', '    name: email'], 1)).toBeUndefined();
  });

  it('does not look into the next list item or the parent', () => {
    const lines = ['models:', '  - name: a', '    config: {}', '    columns:', '      - name: email', '      - name: b', '        config: {}'];
    expect(yamlInsertion(block, lines, 4)?.[1]).toBe('        config:');
  });

  it('refuses a line that is not a key', () => {
    expect(yamlInsertion(block, ['  - plain scalar'], 0)).toBeUndefined();
    expect(yamlInsertion(block, ['a: 1'], 3)).toBeUndefined();
  });
});

describe('YAML insertion on generated property files', () => {
  // dbt-style documents: models with columns whose entries have some of description, tests,
  // data_type, config and meta, in any order, at 2- or 4-space indentation.
  const key = fc.constantFrom('description: "x"', 'data_type: string', 'tests: [not_null]', 'config:\n  tags: [a]', 'meta:\n  owner: a', 'quote: true');
  const column = fc.record({ name: fc.constantFrom('email', 'phone', 'id', 'birth_date', 'city'), keys: fc.uniqueArray(key, { maxLength: 4, selector: (k) => k.split(':')[0] }) });
  const doc = fc.record({ indent: fc.constantFrom(2, 4), columns: fc.array(column, { minLength: 1, maxLength: 4 }) });

  function render(d: { indent: number; columns: { name: string; keys: string[] }[] }): string[] {
    const pad = (n: number) => ' '.repeat(n * d.indent);
    const lines = ['version: 2', 'models:', `${pad(1)}- name: customers`, `${pad(1)}  columns:`];
    for (const c of d.columns) {
      lines.push(`${pad(2)}  - name: ${c.name}`);
      for (const k of c.keys) for (const part of k.split('\n')) lines.push(`${pad(2)}    ${part}`);
    }
    return lines;
  }

  it('never breaks the YAML, and puts the block in the chosen column or nowhere', () => {
    const block = ['config:', '  meta:', '    purpose: analytics'];
    fc.assert(
      fc.property(doc, fc.nat(), (d, pick) => {
        const lines = render(d);
        const entries = lines.map((l, i) => (/- name: /.test(l) && i > 2 ? i : -1)).filter((i) => i >= 0);
        const index = entries[pick % entries.length]!;
        const replaced = yamlInsertion(block, lines, index);
        const which = entries.indexOf(index);
        const hadConfig = d.columns[which]!.keys.some((k) => k.startsWith('config:'));
        if (!replaced) {
          expect(hadConfig).toBe(true);
          return;
        }
        expect(hadConfig).toBe(false);
        const out = [...lines.slice(0, index), ...replaced, ...lines.slice(index + 1)].join('\n');
        const parsed = parse(out) as { models: { columns: { name: string; config?: { meta?: { purpose?: string } } }[] }[] };
        const columns = parsed.models[0]!.columns;
        expect(columns).toHaveLength(d.columns.length);
        expect(columns[which]!.config?.meta?.purpose).toBe('analytics');
        columns.forEach((c, i) => {
          if (i !== which) expect(c.config?.meta?.purpose).toBeUndefined();
        });
      }),
      { numRuns: 300 },
    );
  });
});
