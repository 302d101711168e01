// The PR scenarios under fixtures/contracts/scenarios are diffed end to end by the pipeline; here we
// check that each side yields the facts that diff needs, at the lines the scenario promises.

import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extractFixture, fixtureText } from './helpers.js';
import { levelRank, type Level } from '../../../src/types.js';

interface Expectation {
  kind: string;
  file: string;
  line: number;
  column: string;
}

const dir = 'fixtures/contracts/scenarios';
const scenarios = readdirSync(new URL(`../../../${dir}`, import.meta.url));

describe.each(scenarios)('scenario %s', (name) => {
  const spec = parse(fixtureText(`${dir}/${name}/scenario.yml`)) as { expect: Expectation[] };

  it('reads every file on both sides without errors', () => {
    for (const side of ['base', 'head']) {
      const files = readdirSync(new URL(`../../../${dir}/${name}/${side}`, import.meta.url), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const path = `${f.parentPath.slice(f.parentPath.indexOf(dir))}/${f.name}`;
        const result = extractFixture(path);
        expect(result.errors, path).toEqual([]);
        expect(result.facts.length, path).toBeGreaterThan(0);
      }
    }
  });

  it.each(spec.expect.map((e) => [`${e.kind} ${e.column}`, e] as const))('%s is located in head and its cause is visible', (_label, e) => {
    const head = extractFixture(`${dir}/${name}/head/${e.file}`);
    const base = extractFixture(`${dir}/${name}/base/${e.file}`);
    const headFact = head.facts.find((f) => f.column === e.column);
    expect(headFact?.location.line).toBe(e.line);
    const baseFact = base.facts.find((f) => f.column === e.column);
    if (e.kind === 'unjustified-column') {
      expect(baseFact).toBeUndefined();
      expect(headFact?.justification).toBeUndefined();
    }
    if (e.kind === 'declaration-lowered') {
      const rank = (l: Level | undefined) => (l ? levelRank(l) : -1);
      expect(rank(headFact?.declared?.level)).toBeLessThan(rank(baseFact?.declared?.level));
    }
    if (e.kind === 'declared-below-inferred') {
      expect(headFact?.declared?.level).toBe('public');
    }
  });
});

describe('the justified ODCS scenario', () => {
  it('carries customProperties justifications on both new columns', () => {
    const head = extractFixture(`${dir}/odcs-add-email-dob-justified/head/contracts/customers.odcs.yaml`);
    const email = head.facts.find((f) => f.column === 'email');
    const dob = head.facts.find((f) => f.column === 'date_of_birth');
    expect(email?.justification).toMatchObject({ purpose: 'order_fulfillment', source: 'contract' });
    expect(dob?.justification).toMatchObject({ purpose: 'legal_compliance', legal_basis: 'legal_obligation', retention: 'P2Y' });
    expect(dob?.type).toBe('date');
  });

  it('the Protobuf scenario justifies delivery_phone from its comment', () => {
    const head = extractFixture(`${dir}/proto-add-phone-lower-card/head/proto/customer.proto`);
    expect(head.facts.find((f) => f.column === 'delivery_phone')?.justification).toMatchObject({ purpose: 'order_fulfillment' });
  });
});
