import type { ColumnFact } from '../../../src/types.js';

/** `line:column action table.column type` — compact and readable in assertion diffs. */
export function summarise(facts: ColumnFact[]): string[] {
  return facts.map((f) => `${f.location.line}:${f.location.column} ${f.action} ${f.table}.${f.column}${f.type ? ` ${f.type}` : ''}${f.renamedFrom ? ` from ${f.renamedFrom}` : ''}`);
}
