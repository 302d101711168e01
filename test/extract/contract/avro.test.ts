import { describe, expect, it } from 'vitest';
import { columns, extractFixture, extractText, fact } from './helpers.js';

describe('Avro', () => {
  const result = extractFixture('fixtures/contracts/avro/loyalty_transaction.avsc');

  it('follows inline records, records inside unions and named references into paths', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('avro');
    expect(columns(result, 'LoyaltyTransaction')).toEqual([
      'transaction_id',
      'member_id',
      'member',
      'member.email',
      'member.birth_year',
      'points',
      'occurred_at',
      'payment',
      'payment.card_number',
      'payment.billing_address',
      'payment.billing_address.street',
      'payment.billing_address.city',
      'store_address',
      'store_address.street',
      'store_address.city',
      'tags',
    ]);
  });

  it('writes types without the null branch and prefers logical types', () => {
    expect(fact(result, 'LoyaltyTransaction', 'member.birth_year').type).toBe('int');
    expect(fact(result, 'LoyaltyTransaction', 'occurred_at').type).toBe('timestamp-millis');
    expect(fact(result, 'LoyaltyTransaction', 'tags').type).toBe('array<string>');
    expect(fact(result, 'LoyaltyTransaction', 'payment').type).toBe('CardPayment');
  });

  it('reads custom attributes as declarations and doc annotations as justifications', () => {
    const email = fact(result, 'LoyaltyTransaction', 'member.email');
    expect(email.location).toMatchObject({ line: 15, column: 13 });
    expect(email.declared).toMatchObject({ level: 'confidential', categories: ['pii'] });
    expect(email.justification).toMatchObject({ purpose: 'marketing', legal_basis: 'consent', justification: 'Points statements by email' });
    expect(fact(result, 'LoyaltyTransaction', 'payment.card_number').declared?.level).toBe('restricted');
  });

  it('makes each top-level record of a schema list a table and reads a recursive record once', () => {
    const text = JSON.stringify([
      { type: 'enum', name: 'Tier', symbols: ['SILVER', 'GOLD'] },
      { type: 'record', name: 'Member', fields: [{ name: 'tier', type: 'Tier' }, { name: 'referred_by', type: ['null', 'Member'] }, { name: 'phone', type: 'string' }] },
      { type: 'record', name: 'Voucher', fields: [{ name: 'code', type: 'string' }] },
    ]);
    const r = extractText('s.avsc', text);
    expect(r.errors).toEqual([]);
    expect(r.facts.map((f) => `${f.table}.${f.column}`)).toEqual(['Member.tier', 'Member.referred_by', 'Member.phone', 'Voucher.code']);
  });

  it('reports a field without a name and a record without fields', () => {
    const r = extractText('s.avsc', '{"type": "record", "name": "Order",\n "fields": [\n  {"type": "string"},\n  {"name": "lines", "type": {"type": "record", "name": "Line"}}\n ]}');
    expect(r.facts.map((f) => f.column)).toEqual(['lines']);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'a field of Order has no name'],
      [4, 'record Line has no fields list'],
    ]);
  });
});
