import { describe, expect, it } from 'vitest';
import { columns, extractFixture, extractText, fact } from './helpers.js';

const CUSTOMERS = 'fixtures/contracts/odcs/customers.odcs.yaml';

describe('ODCS v3', () => {
  const result = extractFixture(CUSTOMERS);

  it('reads every property of every schema object, nested objects and arrays as paths', () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe('odcs');
    expect(result.snapshot).toBe(true);
    expect(columns(result, 'customers')).toEqual([
      'customer_id',
      'email',
      'loyalty_tier',
      'address',
      'address.street',
      'address.postal_code',
      'address.geo',
      'address.geo.latitude',
      'consents',
      'consents.channel',
      'consents.granted_at',
    ]);
    expect(columns(result, 'payment_methods')).toEqual(['payment_method_id', 'card_number']);
  });

  it('locates each fact at the property name and prefers the physical type', () => {
    const email = fact(result, 'customers', 'email');
    expect(email.location).toEqual({ file: CUSTOMERS, line: 24, column: 9 });
    expect(email.type).toBe('varchar(320)');
    expect(email.origin).toBe('contract');
    expect(email.action).toBe('define');
    expect(fact(result, 'customers', 'consents.granted_at').type).toBe('timestamp');
    expect(fact(result, 'customers', 'address.geo.latitude').location.line).toBe(53);
  });

  it('maps classification and pii tags to a declared level at the declaration line', () => {
    const email = fact(result, 'customers', 'email');
    expect(email.declared?.level).toBe('confidential');
    expect(email.declared?.tags).toEqual(['pii', 'contact']);
    expect(email.declared?.location?.line).toBe(28);
    expect(fact(result, 'payment_methods', 'card_number').declared?.level).toBe('restricted');
    expect(fact(result, 'customers', 'address.postal_code').declared).toBeUndefined();
    const latitude = fact(result, 'customers', 'address.geo.latitude');
    expect(latitude.declared?.level).toBeUndefined();
    expect(latitude.declared?.tags).toEqual(['critical-data-element']);
  });

  it('reads justifications from customProperties and from an annotation in the description', () => {
    const email = fact(result, 'customers', 'email');
    expect(email.justification).toMatchObject({
      source: 'contract',
      purpose: 'order_fulfillment',
      justification: 'Order confirmations and password resets are sent to this address',
    });
    expect(email.justification?.location?.line).toBe(31);
    const card = fact(result, 'payment_methods', 'card_number');
    expect(card.justification).toMatchObject({ purpose: 'payments', legal_basis: 'contract', retention: 'P13M' });
    expect(card.justification?.justification).toMatch(/payment service provider/);
    expect(fact(result, 'customers', 'loyalty_tier').justification).toBeUndefined();
  });

  it('records the contract purpose as context, never as a justification', () => {
    const tier = fact(result, 'customers', 'loyalty_tier');
    expect(tier.context).toBe('contract purpose: Customer master data for order fulfilment, support and loyalty');
    expect(tier.justification).toBeUndefined();
  });
});

describe('ODCS v2', () => {
  it('reads dataset tables and their columns, with isPii as a declaration', () => {
    const result = extractFixture('fixtures/contracts/odcs/loyalty-v2.odcs.yaml');
    expect(result.errors).toEqual([]);
    expect(columns(result, 'loyalty_members')).toEqual(['member_id', 'phone_number', 'points_balance']);
    const phone = fact(result, 'loyalty_members', 'phone_number');
    expect(phone.location.line).toBe(21);
    expect(phone.type).toBe('varchar(20)');
    expect(phone.declared).toMatchObject({ level: 'confidential', categories: ['pii'] });
    expect(phone.declared?.tags).toContain('critical-data-element');
    expect(fact(result, 'loyalty_members', 'points_balance').declared?.level).toBe('public');
  });
});

describe('ODCS problems', () => {
  it('rejects an unknown apiVersion at its line and reads nothing', () => {
    const result = extractText('contracts/x.odcs.yaml', 'kind: DataContract\napiVersion: v4.0.0\nschema:\n  - name: t\n    properties:\n      - name: email\n');
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: 'contracts/x.odcs.yaml', line: 2, kind: 'unsupported', message: expect.stringMatching(/unknown ODCS apiVersion "v4.0.0"/) }),
    ]);
  });

  it('reports a property without a name and keeps reading the others', () => {
    const text = 'apiVersion: v3.0.0\nkind: DataContract\nschema:\n  - name: orders\n    properties:\n      - logicalType: string\n      - name: order_id\n';
    const result = extractText('c.odcs.yaml', text);
    expect(result.facts.map((f) => f.column)).toEqual(['order_id']);
    expect(result.errors).toEqual([expect.objectContaining({ line: 6, kind: 'parse', message: 'a property of orders has no name' })]);
  });

  it('reports a classification word the map does not know, naming the config key', () => {
    const text = 'apiVersion: v3.0.0\nkind: DataContract\nschema:\n  - name: orders\n    properties:\n      - name: note\n        classification: tier-2\n';
    const result = extractText('c.odcs.yaml', text);
    expect(result.facts).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 7, kind: 'unsupported' });
    expect(result.errors[0]?.message).toMatch(/classification "tier-2" is not mapped.*contracts.classification-map/);
  });

  it('reports invalid YAML with its line', () => {
    const result = extractText('c.odcs.yaml', 'apiVersion: v3.0.0\nkind: DataContract\nschema:\n  - name: [orders\n');
    expect(result.facts).toEqual([]);
    expect(result.errors[0]?.kind).toBe('parse');
    expect(result.errors[0]?.message).toMatch(/^invalid YAML/);
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(4);
  });
});
