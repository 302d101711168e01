import { describe, expect, it } from 'vitest';
import { ConfigLoadError, configFromYaml, defaultConfig, dialectFor } from '../src/config.js';
import { configRelaxations } from '../src/policy/config-diff.js';

function errorsOf(text: string) {
  try {
    configFromYaml(text, '.sensitivity-gate.yml');
  } catch (err) {
    if (err instanceof ConfigLoadError) return err.errors;
    throw err;
  }
  return [];
}

describe('config', () => {
  it('merges a valid file over the defaults', () => {
    const cfg = configFromYaml(
      ['dialect: mysql', 'fail-level: restricted', 'purposes: [payments, loyalty_program]', 'ignore: ["legacy/**"]', 'required-fields:', '  confidential: [purpose, justification, owner]', 'tiers:', '  - name: marts', '    paths: ["models/marts/**"]', '    max-level: internal'].join('\n'),
      '.sensitivity-gate.yml',
    );
    expect(cfg.dialect).toBe('mysql');
    expect(cfg.failLevel).toBe('restricted');
    expect(cfg.purposes).toEqual(['payments', 'loyalty_program']);
    expect(cfg.ignore).toContain('legacy/**');
    expect(cfg.ignore).toContain('**/node_modules/**');
    expect(cfg.requiredFields.confidential).toEqual(['purpose', 'justification', 'owner']);
    expect(cfg.tiers).toEqual([{ name: 'marts', paths: ['models/marts/**'], maxLevel: 'internal', allowHashed: true }]);
  });

  it('names the line of every unknown key and bad value', () => {
    const errors = errorsOf(['dialect: oracle', 'fail_level: internal', 'paths:', '  sql: ["db/**/*.sql"]', '  notebook: ["**/*.ipynb"]', 'required-fields:', '  restricted: [purpose, approval]'].join('\n'));
    expect(errors.map((e) => [e.line, e.message.split(':')[0]])).toEqual([
      [1, 'dialect'],
      [2, 'fail_level'],
      [5, 'paths.notebook'],
      [7, 'required-fields.restricted'],
    ]);
    expect(errors[1]!.message).toMatch(/did you mean "fail-level"/);
  });

  it('reports invalid YAML with its line', () => {
    const errors = errorsOf('dialect: postgres\nfail-level: confidential\nignore: [a, b\n  c: d\n');
    expect(errors[0]?.message).toMatch(/invalid YAML/);
    // Reported where the parser notices the problem, not at the top of the file.
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('maps paths to dialects for repositories that hold several', () => {
    const cfg = configFromYaml('dialect: postgres\ndialects:\n  "db/mysql/**": mysql\n  "**/sqlite/**": sqlite\n', 'c.yml');
    expect(dialectFor(cfg, 'db/mysql/V1__init.sql')).toBe('mysql');
    expect(dialectFor(cfg, 'server/sqlite/001.sql')).toBe('sqlite');
    expect(dialectFor(cfg, 'db/postgres/V1__init.sql')).toBe('postgres');
    expect(errorsOf('dialects:\n  "a/**": oracle\n')[0]).toMatchObject({ line: 2 });
  });

  it('treats an empty file as defaults', () => {
    expect(configFromYaml('', 'x.yml').failLevel).toBe(defaultConfig().failLevel);
  });

  it('says what a changed config relaxes', () => {
    const base = defaultConfig();
    const headText = ['fail-level: restricted', 'on-parse-error: warn', 'ignore: ["migrations/**"]'].join('\n');
    const head = configFromYaml(headText, '.sensitivity-gate.yml');
    const relaxed = configRelaxations(base, head, '.sensitivity-gate.yml', headText);
    expect(relaxed.map((f) => [f.line, f.message.match(/config (.*?)\./)?.[1]])).toEqual([
      [1, 'raises fail-level from confidential to restricted'],
      [2, 'turns unreadable files from failures into warnings'],
      [3, 'ignores more files: migrations/**'],
    ]);
    expect(relaxed.every((f) => f.kind === 'config-relaxed' && !f.blocking)).toBe(true);
  });
});
