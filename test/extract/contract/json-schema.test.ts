import { describe, expect, it } from 'vitest';
import { columns, extractFixture, extractText, fact } from './helpers.js';

describe('JSON Schema draft-07 event', () => {
  const result = extractFixture('fixtures/contracts/events/checkout_completed.schema.json');

  it('reads nested properties, array items and $ref definitions as paths', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('json-schema');
    expect(columns(result, 'checkout_completed')).toEqual([
      'event_id',
      'order_id',
      'customer',
      'customer.customer_id',
      'customer.email',
      'customer.billing_address',
      'customer.billing_address.line1',
      'customer.billing_address.postal_code',
      'customer.billing_address.country',
      'items',
      'items.sku',
      'items.unit_price',
      'ip_address',
    ]);
  });

  it('uses the format as the most specific type and drops null from type unions', () => {
    expect(fact(result, 'checkout_completed', 'customer.email').type).toBe('email');
    expect(fact(result, 'checkout_completed', 'customer.customer_id').type).toBe('string');
    expect(fact(result, 'checkout_completed', 'ip_address').type).toBe('ipv4');
  });

  it('reads x- keywords as declarations and description annotations as justifications', () => {
    const email = fact(result, 'checkout_completed', 'customer.email');
    expect(email.location).toMatchObject({ line: 15, column: 9 });
    expect(email.declared?.level).toBe('confidential');
    expect(email.justification).toMatchObject({ purpose: 'order_fulfillment', justification: 'Receipt is emailed to the buyer' });
    expect(fact(result, 'checkout_completed', 'ip_address').declared).toMatchObject({ level: 'confidential', raw: 'x-pii: true' });
    expect(fact(result, 'checkout_completed', 'customer.billing_address.line1').declared?.level).toBe('confidential');
  });
});

describe('JSON Schema 2020-12 event', () => {
  const result = extractFixture('fixtures/contracts/events/page_view.schema.json');

  it('resolves $defs, reuses a definition under two paths and stops at recursion', () => {
    expect(result.errors).toEqual([]);
    expect(columns(result, 'page_view')).toEqual([
      'session_id',
      'page',
      'page.url',
      'page.title',
      'referrer',
      'referrer.url',
      'referrer.title',
      'device',
      'device.user_agent',
      'device.advertising_id',
      'category_path',
      'category_path.name',
      'category_path.parent',
    ]);
  });

  it('raises the level from a sensitive tag and reads x-classification', () => {
    expect(fact(result, 'page_view', 'device.user_agent').declared).toMatchObject({ level: 'confidential', tags: ['sensitive'] });
    expect(fact(result, 'page_view', 'device.advertising_id').declared?.level).toBe('restricted');
  });
});

describe('JSON Schema naming and errors', () => {
  it('names a self-describing (Iglu) schema after self.name, else after the file', () => {
    const iglu = extractText('schemas/com.acme/basket/jsonschema/1-0-0', '{"self": {"vendor": "com.acme", "name": "basket", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"sku": {"type": "string"}}}');
    expect(iglu.facts.map((f) => `${f.table}.${f.column}`)).toEqual(['basket.sku']);
    const named = extractText('events/refund_issued.schema.json', '{"type": "object", "properties": {"amount": {"type": "number"}}}');
    expect(named.facts.map((f) => f.table)).toEqual(['refund_issued']);
  });

  it('reports invalid JSON at its line and column', () => {
    const result = extractText('events/e.schema.json', '{\n  "type": "object",\n  "properties": {\n    "email": {"type": "string",}\n  }\n}\n');
    expect(result.facts).toEqual([]);
    expect(result.errors[0]).toMatchObject({ kind: 'parse', line: 4, message: expect.stringMatching(/^invalid JSON/) });
  });

  it('reports a $ref that points nowhere', () => {
    const result = extractText('e.schema.json', '{"type": "object", "properties": {"a": {"$ref": "#/definitions/missing"}}}');
    expect(result.facts.map((f) => f.column)).toEqual(['a']);
    expect(result.errors).toEqual([expect.objectContaining({ kind: 'parse', line: 1, message: '$ref "#/definitions/missing" does not point at a definition in this file' })]);
  });
});
