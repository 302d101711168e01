// `sensitivity-gate init`: a starting `.sensitivity-gate.yml` and a pull-request workflow, so a team
// goes from nothing to a gate on its next pull request. Existing files are never overwritten
// unless asked: a team's policy is theirs.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_PURPOSES } from './config.js';
import { VERSION } from './version.js';

export const CONFIG_TEMPLATE = `# sensitivity-gate: which new or raised columns need a documented purpose before they merge.
# Every key is optional; unknown keys are errors with their line. In a pull request this file is
# read from the base branch, so a pull request cannot relax its own gate.
# The taxonomy: npx sensitivity-gate categories · why a column got its level: npx sensitivity-gate explain NAME

fail-level: confidential     # public | internal | confidential | restricted: the lowest level that needs a justification
on-parse-error: fail         # a changed file that cannot be read fails the check (or: warn)
dialect: postgres            # postgres, mysql, mariadb, bigquery, sqlite, snowflake, redshift, tsql, spark, duckdb
# dialects:                  # per path, for repositories that hold several (first match wins)
#   "db/mysql/**": mysql

# The purposes a justification may name, and the fields each level requires.
purposes: [${DEFAULT_PURPOSES.join(', ')}]
required-fields:
  confidential: [purpose, justification]
  restricted: [purpose, justification, legal_basis, retention]

# Justifications kept in one file instead of next to each column.
registry: data-justifications.yml

# Layers that must stay below a level (a marts layer keeps pseudonymous keys, not emails).
# tiers:
#   - name: marts
#     paths: ["**/marts/**"]
#     max-level: internal
#     allow-hashed: true

# Your own words for sensitive data: token lists, never regular expressions.
# rules:
#   - id: acme.loyalty_number
#     level: confidential
#     tokens: [loyalty card number, rewards id]

# ignore: ["legacy/**"]
`;

export const WORKFLOW_TEMPLATE = `name: sensitivity-gate
on:
  pull_request:
  merge_group:
permissions:
  contents: read        # read the repository
  pull-requests: write  # the PR comment (and review suggestions)
jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 2   # the PR merge commit and its parents: enough for the diff
      # Pin third-party actions to a full commit SHA (GitHub's hardening guide); the tag is shown
      # here so that Dependabot can propose updates.
      - uses: sensitivity-gate/sensitivity-gate@v${VERSION}
`;

export interface InitFile {
  path: string;
  action: 'written' | 'kept' | 'overwritten';
}

const FILES: [string, string][] = [
  ['.sensitivity-gate.yml', CONFIG_TEMPLATE],
  ['.github/workflows/sensitivity-gate.yml', WORKFLOW_TEMPLATE],
];

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

/** Writes the starting files under `dir`; an existing file is kept unless `force`. */
export async function init(dir: string, force: boolean): Promise<InitFile[]> {
  const done: InitFile[] = [];
  for (const [path, text] of FILES) {
    const target = join(dir, path);
    const present = await exists(target);
    if (present && !force) {
      done.push({ path, action: 'kept' });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    done.push({ path, action: present ? 'overwritten' : 'written' });
  }
  return done;
}
