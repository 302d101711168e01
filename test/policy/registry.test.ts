import { describe, expect, it } from 'vitest';
import { compilePattern, lookupRegistry, parseRegistry, patternMatches } from '../../src/policy/registry.js';

describe('registry patterns', () => {
  it('matches the last segments of a qualified name, with * inside a segment', () => {
    expect(patternMatches(compilePattern('customers.email'), 'public.customers', 'email')).toBe(true);
    expect(patternMatches(compilePattern('*.billing_*'), 'orders', 'billing_email')).toBe(true);
    expect(patternMatches(compilePattern('public.*.email'), 'public.customers', 'EMAIL')).toBe(true);
    expect(patternMatches(compilePattern('crm.*.email'), 'public.customers', 'email')).toBe(false);
    expect(patternMatches(compilePattern('customers.email'), 'customers', 'email_verified')).toBe(false);
    // A dot in a pattern is a separator, never "any character".
    expect(patternMatches(compilePattern('a.b'), 'axb', 'c')).toBe(false);
  });
});

describe('parseRegistry', () => {
  const text = [
    'justifications:',
    '  - columns: [customers.billing_email]',
    '    purpose: fraud_prevention',
    '    justification: Chargeback disputes need the billing email of the cardholder',
    '    legal_basis: legitimate_interests',
    '    retention: P2Y',
    '    owner: "@acme/privacy"',
    '    expires: 2027-06-30',
    '  - columns: email',
    '    purpose: marketing',
    '  - columns: ["loyalty.*"]',
    '    purpos: marketing',
    '',
  ].join('\n');

  it('reads entries with their line and looks columns up', () => {
    const r = parseRegistry(text, 'data-justifications.yml');
    const j = lookupRegistry(r, 'public.customers', 'billing_email');
    expect(j).toMatchObject({ purpose: 'fraud_prevention', retention: 'P2Y', expires: '2027-06-30', source: 'registry' });
    expect(j?.location).toEqual({ file: 'data-justifications.yml', line: 2, column: 1 });
    expect(lookupRegistry(r, 'customers', 'phone')).toBeUndefined();
  });

  it('reports malformed entries with their line', () => {
    const r = parseRegistry(text, 'data-justifications.yml');
    expect(r.errors).toEqual([
      { file: 'data-justifications.yml', line: 9, message: expect.stringMatching(/table\.column patterns/), kind: 'config' },
      { file: 'data-justifications.yml', line: 12, message: expect.stringMatching(/unknown key "purpos"/), kind: 'config' },
    ]);
  });

  it('reports invalid YAML with a line instead of throwing', () => {
    const r = parseRegistry('justifications:\n  - columns: [a.b\n', 'reg.yml');
    expect(r.errors[0]).toMatchObject({ file: 'reg.yml', kind: 'config' });
    expect(r.errors[0]!.line).toBeGreaterThan(1);
  });
});
