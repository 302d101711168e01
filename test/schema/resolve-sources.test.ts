import { describe, expect, it } from 'vitest';
import { definedColumns, resolveUnqualifiedSources } from '../../src/schema/resolve-sources.js';
import type { ColumnFact } from '../../src/types.js';

const fact = (table: string, column: string, extra: Partial<ColumnFact> = {}): ColumnFact => ({
  table,
  column,
  origin: 'sql',
  action: 'define',
  location: { file: 'db/V1.sql', line: 1, column: 1 },
  ...extra,
});

function viewOf(column: string): ColumnFact {
  return fact('deliveries', column, { lineage: { from: [{ table: 'stores', column, alternatives: ['customers'] }], transform: 'identity' } });
}

describe('resolveUnqualifiedSources', () => {
  it('picks the one candidate table that defines the column and drops the alternatives', () => {
    const view = viewOf('city');
    const facts = [fact('stores', 'name'), fact('customers', 'city'), view];
    resolveUnqualifiedSources(facts, definedColumns(facts));
    expect(view.lineage?.from).toEqual([{ table: 'customers', column: 'city' }]);
  });

  it('keeps the first table when none or several define it', () => {
    const none = viewOf('zone');
    const both = viewOf('id');
    const facts = [fact('stores', 'id'), fact('customers', 'id'), none, both];
    resolveUnqualifiedSources(facts, definedColumns(facts));
    expect(none.lineage?.from).toEqual([{ table: 'stores', column: 'zone' }]);
    expect(both.lineage?.from).toEqual([{ table: 'stores', column: 'id' }]);
  });

  it('does not count a comment or a drop as defining a column', () => {
    const view = viewOf('city');
    const facts = [fact('customers', 'city', { action: 'comment' }), fact('stores', 'city', { action: 'drop' }), view];
    expect(definedColumns(facts).size).toBe(1);
    resolveUnqualifiedSources(facts, definedColumns(facts));
    expect(view.lineage?.from[0]?.table).toBe('stores');
  });
});
