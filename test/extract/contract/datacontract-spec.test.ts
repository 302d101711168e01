import { describe, expect, it } from 'vitest';
import { columns, extractFixture, extractText, fact } from './helpers.js';

const ORDERS = 'fixtures/contracts/datacontract/orders.datacontract.yaml';

describe('datacontract.com specification', () => {
  const result = extractFixture(ORDERS);

  it('reads models, nested fields and array items as paths', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('datacontract');
    expect(columns(result, 'orders')).toEqual([
      'order_id',
      'customer_email',
      'order_total_cents',
      'shipping_address',
      'shipping_address.street',
      'shipping_address.city',
      'line_items',
      'line_items.sku',
      'line_items.quantity',
    ]);
    expect(columns(result, 'payments')).toEqual(['order_id', 'card_last4']);
  });

  it('resolves $ref to definitions: type and classification come from the definition, the line from the field', () => {
    const orderId = fact(result, 'orders', 'order_id');
    expect(orderId.location.line).toBe(13);
    expect(orderId.type).toBe('string');
    expect(orderId.declared?.level).toBe('internal');
    expect(orderId.declared?.location?.line).toBe(64);
    expect(fact(result, 'orders', 'line_items.sku').declared?.level).toBe('public');
  });

  it('combines classification and pii, and reads justification keys on the field', () => {
    const email = fact(result, 'orders', 'customer_email');
    expect(email.declared).toMatchObject({ level: 'confidential', categories: ['pii'], raw: 'classification: confidential, pii: true' });
    expect(email.justification).toMatchObject({ purpose: 'order_fulfillment', justification: 'Dispatch and delivery notifications' });
    expect(email.justification?.location?.line).toBe(23);
  });

  it('reads justification keys under config', () => {
    const street = fact(result, 'orders', 'shipping_address.street');
    expect(street.declared?.level).toBe('confidential');
    expect(street.justification).toMatchObject({ purpose: 'order_fulfillment', legal_basis: 'contract', retention: 'P2Y' });
  });

  it('reads 0.9.x contracts and rejects unknown spec versions', () => {
    const ok = extractText('datacontract.yaml', 'dataContractSpecification: 0.9.3\nmodels:\n  users:\n    fields:\n      email:\n        type: text\n        pii: true\n');
    expect(fact(ok, 'users', 'email').declared?.level).toBe('confidential');
    const bad = extractText('datacontract.yaml', 'dataContractSpecification: 2.0.0\nmodels:\n  users:\n    fields:\n      email: {type: text}\n');
    expect(bad.facts).toEqual([]);
    expect(bad.errors).toEqual([expect.objectContaining({ line: 1, kind: 'unsupported', message: expect.stringMatching(/dataContractSpecification "2.0.0"/) })]);
  });

  it('reports a $ref loop with the chain and still emits the field', () => {
    const text = [
      'dataContractSpecification: 1.1.0',
      'models:',
      '  orders:',
      '    fields:',
      '      customer_id:',
      "        $ref: '#/definitions/a'",
      'definitions:',
      '  a:',
      "    $ref: '#/definitions/b'",
      '  b:',
      "    $ref: '#/definitions/a'",
      '',
    ].join('\n');
    const result = extractText('datacontract.yaml', text);
    expect(result.facts.map((f) => f.column)).toEqual(['customer_id']);
    expect(result.errors).toEqual([
      expect.objectContaining({ kind: 'parse', line: 11, message: '$ref loop: #/definitions/a → #/definitions/b → #/definitions/a' }),
    ]);
  });

  it('reads a recursive definition once instead of unrolling it', () => {
    const text = [
      'dataContractSpecification: 1.1.0',
      'models:',
      '  products:',
      '    fields:',
      '      category:',
      "        $ref: '#/definitions/category'",
      'definitions:',
      '  category:',
      '    type: object',
      '    fields:',
      '      name: {type: string}',
      '      parent:',
      "        $ref: '#/definitions/category'",
      '',
    ].join('\n');
    const result = extractText('datacontract.yaml', text);
    expect(result.errors).toEqual([]);
    expect(columns(result, 'products')).toEqual(['category', 'category.name', 'category.parent']);
  });

  it('reports a reference to another file instead of fetching it', () => {
    const text = "dataContractSpecification: 1.1.0\nmodels:\n  orders:\n    fields:\n      sku:\n        $ref: 'https://example.com/definitions.yaml#/sku'\n";
    const result = extractText('datacontract.yaml', text);
    expect(result.facts.map((f) => f.column)).toEqual(['sku']);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'unsupported', line: 6, message: expect.stringMatching(/points outside this file/) })]);
  });
});
