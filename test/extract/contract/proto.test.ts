import { describe, expect, it } from 'vitest';
import { columns, extractFixture, extractText, fact } from './helpers.js';

describe('Protobuf', () => {
  const result = extractFixture('fixtures/contracts/proto/customer_events.proto');

  it('reads top-level messages as tables and follows message-typed fields into paths', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('proto');
    expect(columns(result, 'CustomerRegistered')).toEqual([
      'customer_id',
      'email',
      'registered_at',
      'home_address',
      'home_address.street',
      'home_address.postal_code',
      'home_address.country_code',
      'consents',
      'consents.channel',
      'consents.granted',
      'attributes',
      'referral_code',
      'referrer_customer_id',
    ]);
    expect(columns(result, 'Address')).toEqual(['street', 'postal_code', 'country_code']);
    expect(columns(result, 'PaymentCardAdded')).toEqual(['customer_id', 'card_number', 'card_expiry']);
  });

  it('locates fields at their name and keeps types as written', () => {
    const email = fact(result, 'CustomerRegistered', 'email');
    expect(email.location).toMatchObject({ line: 14, column: 10 });
    expect(fact(result, 'CustomerRegistered', 'registered_at').type).toBe('google.protobuf.Timestamp');
    expect(fact(result, 'CustomerRegistered', 'attributes').type).toBe('map<string, string>');
  });

  it('reads field options and comment declarations, and comment annotations as justifications', () => {
    const email = fact(result, 'CustomerRegistered', 'email');
    expect(email.declared?.level).toBe('confidential');
    expect(email.justification).toMatchObject({ purpose: 'account_management', justification: 'Sign-in and password reset' });
    expect(email.description).toContain('Login address.');
    expect(fact(result, 'CustomerRegistered', 'home_address').declared?.raw).toBe('classification: confidential');
    expect(fact(result, 'Address', 'street').declared).toMatchObject({ level: 'confidential', categories: ['pii'] });
    expect(fact(result, 'PaymentCardAdded', 'card_number').declared?.level).toBe('restricted');
    expect(fact(result, 'PaymentCardAdded', 'card_expiry').declared).toBeUndefined();
  });

  it('reads proto2 labels, groups and recursive messages without unrolling them', () => {
    const text = [
      'syntax = "proto2";',
      'message Category {',
      '  required string name = 1;',
      '  optional Category parent = 2;',
      '  repeated group Label = 3 {',
      '    optional string text = 4;',
      '  }',
      '}',
    ].join('\n');
    const r = extractText('c.proto', text);
    expect(r.errors).toEqual([]);
    expect(columns(r, 'Category')).toEqual(['name', 'parent', 'label', 'label.text']);
  });

  it('reports a malformed field with its line and keeps reading', () => {
    const r = extractText('c.proto', 'message Basket {\n  string basket_id = 1;\n  string = 2;\n  int32 item_count = 3;\n}\n');
    expect(columns(r, 'Basket')).toEqual(['basket_id', 'item_count']);
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'parse', line: 3, message: expect.stringMatching(/expected a field/) })]);
  });

  it('reports an unclosed message', () => {
    const r = extractText('c.proto', 'message Basket {\n  string basket_id = 1;\n');
    expect(columns(r, 'Basket')).toEqual(['basket_id']);
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, message: 'message Basket is not closed with "}"' })]);
  });
});
