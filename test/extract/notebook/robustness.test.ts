// No input crashes the notebook readers: arbitrary text, arbitrary JSON, and Python-ish code
// made from the tokens the evaluator cares about.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractNotebook } from '../../../src/extract/notebook/extractor.js';
import { lexPython } from '../../../src/extract/notebook/python-lexer.js';
import { countValues, ibanValid, luhnValid } from '../../../src/extract/notebook/outputs.js';
import { ipynb } from './helpers.js';

const options = { dialect: 'postgres' as const, failLevel: 'confidential' as const };

const pythonPiece = fc.constantFrom(
  'df', 'spark', 'F', '.', '(', ')', '[', ']', '{', '}', ',', '=', ':', ' ', '\n', '\\\n', '#', '"', "'", '"""', "f'", 'r"',
  'withColumn', 'select', 'write', 'saveAsTable', 'sql', 'table', 'col', 'alias', 'to_sql', '"email"', '"crm.t"', 'lambda', 'for', '{x}',
);

describe('robustness', () => {
  it('arbitrary text as .ipynb or Databricks source never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.boolean(), async (text, header) => {
        const r1 = await extractNotebook('a.ipynb', text, options);
        expect(r1.errors.length + r1.facts.length).toBeGreaterThanOrEqual(0);
        await extractNotebook('a.py', (header ? '# Databricks notebook source\n' : '') + text, options);
      }),
      { numRuns: 200 },
    );
  });

  it('any JSON value as a notebook is a parse error with a line, or a notebook', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const r = await extractNotebook('a.ipynb', JSON.stringify(value), options);
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('Python-like code built from DataFrame tokens never throws and lexes to increasing offsets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pythonPiece, { maxLength: 60 }), async (pieces) => {
        const code = pieces.join('');
        const tokens = lexPython(code);
        for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBeGreaterThanOrEqual(tokens[i - 1]!.start);
        const r = await extractNotebook('a.ipynb', ipynb([{ source: code }]), options);
        for (const f of r.facts) expect(f.location.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('value detectors', () => {
  it('accept real check digits and reject one-digit typos', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
  });

  it('count distinct values and ignore look-alikes', () => {
    const text = [
      'card 4111 1111 1111 1111 and 5500-0000-0000-0004, order id 1234567890123456',
      'iban GB82 WEST 1234 5698 7654 32; ssn 123-45-6789 and 000-12-3456',
      'phone +44 20 7946 0958, (212) 555-0143; version 2024-01-15',
    ].join('\n');
    const c = countValues(text);
    expect(c).toEqual({ email: 0, phone: 2, card: 2, iban: 1, ssn: 1 });
  });

  it('stays linear on adversarial output text', () => {
    const text = 'a'.repeat(100_000) + '@' + '.a'.repeat(50_000) + '1-'.repeat(50_000);
    const start = performance.now();
    countValues(text);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
