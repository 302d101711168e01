// Folds the column events of one file (in order) into the columns that file leaves behind, so that
// a migration step and a full schema file can both be compared base against head.

import type { ColumnFact, ExtractResult, TableEvent } from '../types.js';

export type ColumnOrigin = 'created' | 'altered' | 'renamed' | 'commented';

export interface ColumnState {
  fact: ColumnFact;
  /** How this file relates to the column: it created it, or changed a column that existed before. */
  origin: ColumnOrigin;
  /** For columns renamed by this file (and not created by it): the name before. */
  renamedFrom?: string;
  /** For a column whose type this file altered: true (the base type lives in another file). */
  typeAltered?: boolean;
}

export interface Snapshot {
  columns: Map<string, ColumnState>;
  /** Columns this file drops that it did not create: removals of columns defined elsewhere. */
  dropped: Map<string, ColumnFact>;
}

export function columnKey(table: string, column: string): string {
  return `${table.toLowerCase()}.${column.toLowerCase()}`;
}

function renameTable(snapshot: Snapshot, event: TableEvent): void {
  if (!event.to) return;
  const from = event.table.toLowerCase();
  for (const [key, state] of [...snapshot.columns]) {
    if (state.fact.table.toLowerCase() !== from) continue;
    snapshot.columns.delete(key);
    const fact = { ...state.fact, table: event.to };
    snapshot.columns.set(columnKey(event.to, fact.column), { ...state, fact });
  }
}

function dropTable(snapshot: Snapshot, event: TableEvent): void {
  const table = event.table.toLowerCase();
  for (const [key, state] of [...snapshot.columns]) {
    if (state.fact.table.toLowerCase() !== table) continue;
    snapshot.columns.delete(key);
    if (state.origin !== 'created') snapshot.dropped.set(key, { ...state.fact, action: 'drop', location: event.location });
  }
}

/** Merges what a COMMENT or a later statement says onto the column it describes. */
function annotate(target: ColumnFact, extra: ColumnFact): ColumnFact {
  return {
    ...target,
    description: extra.description ?? target.description,
    justification: extra.justification ?? target.justification,
    declared: extra.declared ?? target.declared,
  };
}

type Ordered = { at: number; fact?: ColumnFact; event?: TableEvent };

function inFileOrder(result: ExtractResult): Ordered[] {
  // Table events and column facts are emitted by separate lists; replay them in source order.
  const items: Ordered[] = result.facts.map((fact, i) => ({ at: fact.location.line * 1e6 + i, fact }));
  for (const event of result.tableEvents ?? []) items.push({ at: event.location.line * 1e6 + 999_999, event });
  return items.sort((a, b) => a.at - b.at);
}

export function buildSnapshot(result: ExtractResult): Snapshot {
  const snapshot: Snapshot = { columns: new Map(), dropped: new Map() };
  for (const item of inFileOrder(result)) {
    if (item.event) {
      if (item.event.action === 'rename-table') renameTable(snapshot, item.event);
      else dropTable(snapshot, item.event);
      continue;
    }
    const fact = item.fact!;
    const key = columnKey(fact.table, fact.column);
    const existing = snapshot.columns.get(key);
    switch (fact.action) {
      case 'define':
      case 'add':
        snapshot.columns.set(key, { fact: existing ? annotate(fact, existing.fact) : fact, origin: 'created' });
        snapshot.dropped.delete(key);
        break;
      case 'alter-type':
        if (existing) existing.fact = { ...existing.fact, type: fact.type ?? existing.fact.type, location: fact.location, justification: fact.justification ?? existing.fact.justification };
        else snapshot.columns.set(key, { fact, origin: 'altered', typeAltered: true });
        if (existing && existing.origin !== 'created') existing.typeAltered = true;
        break;
      case 'rename': {
        const oldKey = columnKey(fact.table, fact.renamedFrom ?? fact.column);
        const before = snapshot.columns.get(oldKey);
        snapshot.columns.delete(oldKey);
        if (before) {
          const moved = { ...before.fact, column: fact.column, location: fact.location, justification: fact.justification ?? before.fact.justification };
          snapshot.columns.set(key, { ...before, fact: moved, renamedFrom: before.origin === 'created' ? undefined : (before.renamedFrom ?? fact.renamedFrom) });
        } else {
          snapshot.columns.set(key, { fact, origin: 'renamed', renamedFrom: fact.renamedFrom });
        }
        break;
      }
      case 'drop':
        if (existing) {
          snapshot.columns.delete(key);
          if (existing.origin !== 'created') snapshot.dropped.set(key, fact);
        } else {
          snapshot.dropped.set(key, fact);
        }
        break;
      case 'comment':
        if (existing) existing.fact = annotate(existing.fact, fact);
        else snapshot.columns.set(key, { fact, origin: 'commented' });
        break;
      case 'reference':
        break;
    }
  }
  return snapshot;
}
