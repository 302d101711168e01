// Compares what one file leaves behind at base and at head, column by column.

import type { ChangeReason, ColumnChange, ColumnFact, Sensitivity } from '../types.js';
import { columnKey, type Snapshot } from './snapshot.js';

export type SensitivityOf = (fact: ColumnFact) => Sensitivity;

function normType(t: string | undefined): string {
  return (t ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function declaredLevel(f: ColumnFact): string | undefined {
  return f.declared?.level;
}

function tagsOf(f: ColumnFact): string {
  return [...(f.declared?.tags ?? [])].map((t) => t.toLowerCase()).sort().join(',');
}

function lineageOf(f: ColumnFact): string {
  const l = f.lineage;
  if (!l) return '';
  return `${l.transform}:${l.from.map((s) => columnKey(s.table, s.column)).sort().join(',')}`;
}

export function changeReasons(base: ColumnFact, head: ColumnFact): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  if (normType(base.type) !== normType(head.type) && base.type !== undefined && head.type !== undefined) reasons.push('type');
  if (declaredLevel(base) !== declaredLevel(head)) reasons.push('declared-level');
  if (tagsOf(base) !== tagsOf(head)) reasons.push('tags');
  if ((base.lineage?.transform ?? '') !== (head.lineage?.transform ?? '')) reasons.push('transform');
  else if (lineageOf(base) !== lineageOf(head)) reasons.push('lineage');
  return reasons;
}

export interface DiffInput {
  file: string;
  oldFile?: string;
  base: Snapshot;
  head: Snapshot;
  sensitivityOf: SensitivityOf;
}

export function diffSnapshots({ file, oldFile, base, head, sensitivityOf }: DiffInput): ColumnChange[] {
  const changes: ColumnChange[] = [];
  const make = (kind: ColumnChange['kind'], reasons: ChangeReason[], b?: ColumnFact, h?: ColumnFact): ColumnChange => {
    const ref = (h ?? b)!;
    const change: ColumnChange = { kind, reasons, file, table: ref.table, column: ref.column };
    if (oldFile) change.oldFile = oldFile;
    if (b) {
      change.base = b;
      change.baseSensitivity = sensitivityOf(b);
    }
    if (h) {
      change.head = h;
      change.headSensitivity = sensitivityOf(h);
    }
    return change;
  };

  for (const [key, state] of head.columns) {
    const before = base.columns.get(key);
    if (before && before.origin !== 'commented') {
      if (state.origin === 'commented') continue;
      const reasons = changeReasons(before.fact, state.fact);
      changes.push(make(reasons.length ? 'changed' : 'unchanged', reasons, before.fact, state.fact));
      continue;
    }
    switch (state.origin) {
      case 'created':
        changes.push(make('added', [], undefined, state.fact));
        break;
      case 'renamed': {
        // The column existed before under another name (defined in another file): compare the names.
        const previous: ColumnFact = { ...state.fact, column: state.renamedFrom ?? state.fact.column, action: 'define' };
        changes.push(make('changed', ['rename'], previous, state.fact));
        break;
      }
      case 'altered': {
        // The base type lives in another file; the new type is judged on its own.
        const previous: ColumnFact = { ...state.fact, type: undefined, action: 'define' };
        changes.push(make('changed', ['type'], previous, state.fact));
        break;
      }
      case 'commented':
        break;
    }
  }
  for (const [key, state] of base.columns) {
    if (head.columns.has(key) || state.origin === 'commented') continue;
    changes.push(make('removed', [], state.fact, undefined));
  }
  for (const [key, fact] of head.dropped) {
    if (base.dropped.has(key)) continue;
    changes.push(make('removed', [], { ...fact, action: 'define' }, undefined));
  }
  return changes;
}
