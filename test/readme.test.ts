// The README is the user's contract: its configuration example must load, and its registry
// example must parse without problems.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/run.js';
import { parseRegistry } from '../src/policy/registry.js';

const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');

function yamlBlockAfter(heading: string, startsWith: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.trimStart().startsWith(startsWith));
  if (!block) throw new Error(`no yaml block starting with ${startsWith} after ${heading}`);
  return block;
}

describe('README examples', () => {
  it('the configuration example is a valid config, user rules included', () => {
    const { config, classifier } = loadConfig(yamlBlockAfter('## Configuration', 'dialect:'), 'README.md');
    expect(config.failLevel).toBe('confidential');
    expect(config.dialects).toEqual([{ glob: 'db/mysql/**', dialect: 'mysql' }]);
    expect(config.contracts.classificationMap['tlp:red']).toBe('restricted');
    expect(classifier.classify({ column: 'loyalty_card_number', table: 'members' }).level).toBe('confidential');
  });

  it('the registry example parses without problems', () => {
    const registry = parseRegistry(yamlBlockAfter('## Justifying a column', 'justifications:'), 'data-justifications.yml');
    expect(registry.errors).toEqual([]);
    expect(registry.entries[0]!.patterns).toEqual(['orders.billing_email', '*.card_last4']);
  });
});
