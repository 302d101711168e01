// An unqualified column in a query over several tables (`SELECT email FROM orders JOIN customers`)
// cannot be placed without a catalog, so extraction names the first table and lists the others as
// alternatives. Once every file of a side is read, the columns the change defines are a catalog:
// the one candidate table that has the column is the source.

import type { ColumnFact } from '../types.js';
import { columnKey } from './snapshot.js';

/** Rewrites, in place, lineage sources whose table was a guess among several. */
export function resolveUnqualifiedSources(facts: Iterable<ColumnFact>, defined: ReadonlySet<string>): void {
  for (const fact of facts) {
    for (const source of fact.lineage?.from ?? []) {
      const alternatives = source.alternatives;
      if (!alternatives) continue;
      delete source.alternatives;
      const having = [source.table, ...alternatives].filter((t) => defined.has(columnKey(t, source.column)));
      // with no catalog entry, or several, the first table stays: a guess, as before
      if (having.length === 1) source.table = having[0]!;
    }
  }
}

/** The `table.column` keys a side of the change defines (not only mentions). */
export function definedColumns(facts: Iterable<ColumnFact>): Set<string> {
  const keys = new Set<string>();
  for (const f of facts) if (f.action !== 'comment' && f.action !== 'drop' && f.action !== 'reference') keys.add(columnKey(f.table, f.column));
  return keys;
}
