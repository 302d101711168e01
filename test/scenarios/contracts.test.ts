// Data-contract pull requests end to end: each scenario's base and head are real commits, and the
// built CLI must produce exactly the findings the scenario lists.

import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Report } from '../../src/types.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { loadScenarios, scenarioRepo } from '../helpers/scenario.js';

const CLI = resolve(__dirname, '../../dist/cli.js');
const scenarios = loadScenarios(resolve(__dirname, '../../fixtures/contracts/scenarios'));

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe('data-contract pull requests', () => {
  it('has scenarios for every contract format', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
  });

  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.description}`, () => {
      repo = scenarioRepo(scenario);
      const r = spawnSync(process.execPath, [CLI, '--base', 'main', '--format', 'json'], { cwd: repo.dir, encoding: 'utf8' });
      const report = JSON.parse(r.stdout) as Report;
      const got = report.findings
        .filter((f) => f.blocking)
        .map((f) => ({ kind: f.kind, file: f.file, line: f.line, column: f.columnName }))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.kind.localeCompare(b.kind));
      const want = [...scenario.expect].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.kind.localeCompare(b.kind));
      expect(got).toEqual(want);
      expect(r.status).toBe(want.length ? 1 : 0);
      expect(report.errors.filter((e) => e.kind === 'parse')).toEqual([]);
    });
  }
});
