// docs/classification.md describes the taxonomy and the rules users write: it must stay true.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClassifier, formatExplanation, listCategories } from '../src/classify/index.js';
import { loadConfig } from '../src/run.js';

const doc = readFileSync(resolve(__dirname, '../docs/classification.md'), 'utf8');

describe('docs/classification.md', () => {
  it('lists every category of the taxonomy with its level', () => {
    for (const c of listCategories()) expect(doc, c.id).toContain(`| \`${c.id}\` | ${c.level} |`);
  });

  it('shows explain output as the CLI prints it', () => {
    const input = { column: 'customer_address_city', table: 'orders', type: 'text' };
    const printed = formatExplanation(input, createClassifier().explain(input)).split('\n');
    const shown = /```console\n\$ [^\n]*\n([\s\S]*?)\n {2}trace:/.exec(doc)?.[1]?.split('\n');
    expect(shown).toEqual(printed.slice(0, printed.indexOf('  trace:')));
  });

  it('its rules example is a valid config that does what the comments say', () => {
    const yaml = /```yaml\n(rules:[\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const { classifier } = loadConfig(yaml!, 'docs/classification.md');
    expect(classifier.classify({ column: 'rewards_id', table: 'members' })).toMatchObject({ level: 'confidential', categories: ['acme.loyalty_number'] });
    expect(classifier.classify({ column: 'student_id', table: 'attendance' })).toMatchObject({ level: 'confidential', categories: ['identity.person_number'] });
    expect(createClassifier().classify({ column: 'student_id', table: 'attendance' }).level).toBe('internal');
    expect(classifier.classify({ column: 'notes', table: 'orders' }).level).toBe('internal');
  });
});
