import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractText } from './helpers.js';
import { clearlyNotContract } from '../../../src/extract/contract/index.js';
import type { ContractExtractResult } from '../../../src/extract/contract/index.js';

const PATHS = ['contracts/x.odcs.yaml', 'contracts/datacontract.yaml', 'events/x.schema.json', 'schemas/x.avsc', 'proto/x.proto', 'iglu/x/jsonschema/1-0-0'];

function wellFormed(result: ContractExtractResult, path: string): void {
  expect(result.snapshot).toBe(true);
  for (const e of result.errors) {
    expect(e.file).toBe(path);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
  }
  for (const f of result.facts) expect(f.location.line).toBeGreaterThanOrEqual(1);
}

describe('bad input never throws', () => {
  it('arbitrary text in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.string({ maxLength: 400 }), (path, text) => {
        wellFormed(extractText(path, text), path);
        clearlyNotContract(path, text);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary JSON values as JSON Schema, Avro and datacontract.com documents', () => {
    const doc = fc.oneof(
      fc.json(),
      fc.record({ dataContractSpecification: fc.constant('1.1.0'), models: fc.dictionary(fc.string(), fc.jsonValue()) }).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('record'), name: fc.string(), fields: fc.array(fc.jsonValue()) }).map((v) => JSON.stringify(v)),
      fc.record({ properties: fc.dictionary(fc.string(), fc.jsonValue()), definitions: fc.dictionary(fc.string(), fc.jsonValue()) }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.constantFrom('e.schema.json', 's.avsc', 'datacontract.json'), doc, (path, text) => {
        wellFormed(extractText(path, text), path);
      }),
      { numRuns: 400 },
    );
  });

  it('token soup in proto syntax', () => {
    const token = fc.constantFrom('message', 'enum', 'oneof', 'map', '<', '>', '{', '}', '[', ']', '(', ')', '=', ';', ',', 'repeated', 'string', 'Customer', 'email', '1', '"x"', '// sensitivity-gate: purpose=', '/*', '*/', 'group', 'option', '\n');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
        wellFormed(extractText('p.proto', tokens.join(' ')), 'p.proto');
      }),
      { numRuns: 400 },
    );
  });
});

describe('bounded work', () => {
  it('refuses contracts over 1 MB with a clear error', () => {
    const big = `apiVersion: v3.0.0\nkind: DataContract\ndescription:\n  purpose: "${'x'.repeat(1_100_000)}"\n`;
    const result = extractText('big.odcs.yaml', big);
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'unsupported', line: 1, message: 'contract is 1.0 MB; files over 1 MB are not read' })]);
  });

  it('refuses JSON nested deeper than the limit instead of overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = extractText('deep.schema.json', deep);
    expect(result.errors[0]?.message).toMatch(/nested deeper than 200 levels/);
  });

  it('stops following field paths past the depth limit', () => {
    let schema: object = { type: 'string' };
    for (let i = 0; i < 60; i++) schema = { type: 'object', properties: { level: schema } };
    const result = extractText('deep.schema.json', JSON.stringify(schema));
    expect(result.facts.length).toBe(32);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'unsupported', message: expect.stringMatching(/nested deeper than 32 levels/) })]);
  });

  it('bounds YAML alias expansion (billion laughs)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    lines.push('dataContractSpecification: 1.1.0', 'models: {orders: {fields: {id: {type: string, tags: *a8}}}}');
    const started = Date.now();
    const result = extractText('datacontract.yaml', lines.join('\n'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.facts).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/more than 250000 nodes|alias/i);
  });

  it('bounds deeply nested proto messages', () => {
    const text = `${'message M { '.repeat(5000)}string a = 1;${' }'.repeat(5000)}`;
    const result = extractText('deep.proto', text);
    expect(result.errors.some((e) => /nested deeper than 32 levels/.test(e.message))).toBe(true);
  });
});
