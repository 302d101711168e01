// PR scenarios kept as fixture folders: `base/` is committed on main, `head/` replaces it on a
// branch, and `scenario.yml` lists the findings the gate must produce (kind, file, line, column).

import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tempRepo, type TempRepo } from './git-repo.js';

export interface ExpectedFinding {
  kind: string;
  file: string;
  line: number;
  column: string;
}

export interface Scenario {
  name: string;
  dir: string;
  description: string;
  expect: ExpectedFinding[];
}

export function loadScenarios(root: string): Scenario[] {
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'scenario.yml')))
    .map((name) => {
      const spec = parse(readFileSync(join(root, name, 'scenario.yml'), 'utf8')) as { description: string; expect: ExpectedFinding[] };
      return { name, dir: join(root, name), description: spec.description, expect: spec.expect ?? [] };
    });
}

/** A repository whose main holds `base/` and whose branch `feature` holds `head/`. */
export function scenarioRepo(scenario: Scenario): TempRepo {
  const repo = tempRepo(`sg-scn-${scenario.name}-`);
  if (existsSync(join(scenario.dir, 'base'))) cpSync(join(scenario.dir, 'base'), repo.dir, { recursive: true });
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  for (const entry of readdirSync(repo.dir)) if (entry !== '.git') rmSync(join(repo.dir, entry), { recursive: true, force: true });
  cpSync(join(scenario.dir, 'head'), repo.dir, { recursive: true });
  repo.commit('head');
  return repo;
}
