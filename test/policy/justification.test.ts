import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { checkJustification, checkOverride, isPlaceholderText } from '../../src/policy/justification.js';
import { FIX_JUSTIFICATION_TEMPLATE } from '../../src/policy/fix.js';
import { justificationFromText, parseAnnotationPairs } from '../../src/policy/annotation.js';

const config = defaultConfig();
const today = new Date('2026-11-29T12:00:00Z');

describe('annotation parsing', () => {
  it('reads bare and quoted values, commas or spaces, escapes and aliases', () => {
    const { fields, problems } = parseAnnotationPairs(
      ' purpose=fraud_prevention, legal-basis=legitimate_interests retention=P2Y justification="Chargeback disputes need the \\"billing\\" email"',
    );
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      purpose: 'fraud_prevention',
      legal_basis: 'legitimate_interests',
      retention: 'P2Y',
      justification: 'Chargeback disputes need the "billing" email',
    });
  });

  it('reports unknown keys and unterminated quotes instead of ignoring them', () => {
    const parsed = justificationFromText('-- sensitivity-gate: purpse=payments, justification="never closed', 'inline-comment');
    expect(parsed?.problems.join('\n')).toMatch(/unknown key "purpse"/);
    expect(parsed?.problems.join('\n')).toMatch(/unterminated quote/);
    expect(parsed?.justification.problems).toHaveLength(2);
  });

  it('returns undefined for comments without the marker and rejects a bad level', () => {
    expect(justificationFromText('-- just a comment about email', 'inline-comment')).toBeUndefined();
    const parsed = justificationFromText('# sensitivity-gate: level=secret, reason="x"', 'notebook-comment');
    expect(parsed?.problems[0]).toMatch(/level "secret"/);
  });
});

describe('checkJustification', () => {
  const complete = {
    source: 'inline-comment' as const,
    purpose: 'fraud_prevention',
    justification: 'Chargeback disputes need the billing email of the cardholder',
    legal_basis: 'legitimate_interests',
    retention: 'P2Y',
  };

  it('accepts a complete justification for restricted columns', () => {
    expect(checkJustification(complete, 'restricted', config, today)).toEqual({ valid: true, problems: [] });
  });

  it('requires legal basis and retention for restricted but not for confidential', () => {
    const partial = { source: 'inline-comment' as const, purpose: 'payments', justification: 'Receipts are emailed to the buyer after checkout' };
    expect(checkJustification(partial, 'confidential', config, today).valid).toBe(true);
    const r = checkJustification(partial, 'restricted', config, today);
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual(['missing legal_basis (required for restricted columns)', 'missing retention (required for restricted columns)']);
  });

  it('rejects placeholders, unknown purposes and bases, bad durations and expired entries', () => {
    const r = checkJustification(
      { source: 'registry', purpose: 'growth_hacking', justification: 'tbd', legal_basis: 'because', retention: '90 days', expires: '2026-01-31' },
      'confidential',
      config,
      today,
    );
    expect(r.problems.join('\n')).toMatch(/unknown purpose "growth_hacking"/);
    expect(r.problems.join('\n')).toMatch(/placeholder/);
    expect(r.problems.join('\n')).toMatch(/unknown legal_basis "because"/);
    expect(r.problems.join('\n')).toMatch(/not an ISO 8601 duration/);
    expect(r.problems.join('\n')).toMatch(/expired on 2026-01-31/);
  });

  it('knows placeholder text from a real sentence', () => {
    for (const p of ['TBD', 'n/a', 'todo: fill in', 'needed', 'for analytics', '...', FIX_JUSTIFICATION_TEMPLATE]) expect(isPlaceholderText(p), p).toBe(true);
    expect(isPlaceholderText('Support agents verify the caller by phone number')).toBe(false);
  });

  it('requires a reason for a level override', () => {
    expect(checkOverride({ source: 'inline-comment', level: 'internal' })[0]).toMatch(/needs reason/);
    expect(checkOverride({ source: 'inline-comment', level: 'internal', reason: 'This is the store phone number, not a person' })).toEqual([]);
  });
});
