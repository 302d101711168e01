import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/schema/snapshot.js';
import { diffSnapshots } from '../../src/schema/diff.js';
import type { ColumnFact, ExtractResult, Sensitivity } from '../../src/types.js';

const at = (line: number) => ({ file: 'db/m.sql', line, column: 3 });
const fact = (partial: Partial<ColumnFact> & Pick<ColumnFact, 'table' | 'column' | 'action'>, line = 1): ColumnFact => ({
  origin: 'sql',
  location: at(line),
  ...partial,
});
const result = (facts: ColumnFact[], extra: Partial<ExtractResult> = {}): ExtractResult => ({ facts, errors: [], ...extra });
// A deterministic stand-in for the classifier: the diff only carries sensitivities through.
const sens = (f: ColumnFact): Sensitivity => ({
  level: /email|ssn|phone/.test(f.column) ? 'confidential' : 'internal',
  categories: [],
  rules: [],
  evidence: [],
});
const diff = (base: ExtractResult | undefined, head: ExtractResult | undefined) =>
  diffSnapshots({
    file: 'db/m.sql',
    base: buildSnapshot(base ?? result([])),
    head: buildSnapshot(head ?? result([])),
    sensitivityOf: sens,
  });

describe('buildSnapshot', () => {
  it('replays a migration: create, add, rename, alter, drop, comment', () => {
    const snap = buildSnapshot(
      result([
        fact({ table: 'customers', column: 'id', action: 'define', type: 'bigint' }, 1),
        fact({ table: 'customers', column: 'mail', action: 'define', type: 'text' }, 2),
        fact({ table: 'customers', column: 'email', action: 'rename', renamedFrom: 'mail' }, 5),
        fact({ table: 'customers', column: 'email', action: 'alter-type', type: 'varchar(320)' }, 6),
        fact({ table: 'customers', column: 'legacy_code', action: 'drop' }, 7),
        fact({ table: 'customers', column: 'email', action: 'comment', description: 'billing', justification: { source: 'comment-on', purpose: 'payments' } }, 8),
      ]),
    );
    const email = snap.columns.get('customers.email')!;
    expect(email.origin).toBe('created');
    expect(email.fact.type).toBe('varchar(320)');
    expect(email.fact.justification?.purpose).toBe('payments');
    expect(snap.columns.has('customers.mail')).toBe(false);
    expect([...snap.dropped.keys()]).toEqual(['customers.legacy_code']);
  });

  it('moves columns with a table rename and forgets columns of a dropped table it created', () => {
    const snap = buildSnapshot(
      result([fact({ table: 'tmp_people', column: 'phone', action: 'define' }, 1), fact({ table: 'scratch', column: 'x', action: 'define' }, 2)], {
        tableEvents: [
          { action: 'rename-table', table: 'tmp_people', to: 'people', location: at(3) },
          { action: 'drop-table', table: 'scratch', location: at(4) },
        ],
      }),
    );
    expect([...snap.columns.keys()]).toEqual(['people.phone']);
    expect(snap.dropped.size).toBe(0);
  });
});

describe('diffSnapshots', () => {
  it('reports every column of a new migration as added', () => {
    const changes = diff(undefined, result([fact({ table: 'customers', column: 'email', action: 'add', type: 'text' })]));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'added', table: 'customers', column: 'email' });
    expect(changes[0]!.headSensitivity?.level).toBe('confidential');
  });

  it('diffs a full schema file so that only real changes count', () => {
    const base = result([fact({ table: 'a', column: 'id', action: 'define', type: 'int' }), fact({ table: 'a', column: 'note', action: 'define', type: 'text' })]);
    const head = result([
      fact({ table: 'a', column: 'id', action: 'define', type: 'int' }, 4),
      fact({ table: 'a', column: 'note', action: 'define', type: 'jsonb' }, 5),
      fact({ table: 'a', column: 'ssn', action: 'define', type: 'text' }, 6),
    ]);
    const byColumn = Object.fromEntries(diff(base, head).map((c) => [c.column, c]));
    expect(byColumn.id!.kind).toBe('unchanged');
    expect(byColumn.note).toMatchObject({ kind: 'changed', reasons: ['type'] });
    expect(byColumn.ssn!.kind).toBe('added');
  });

  it('treats a rename of a column defined elsewhere as a change whose base is the old name', () => {
    const changes = diff(undefined, result([fact({ table: 'users', column: 'email', action: 'rename', renamedFrom: 'handle' })]));
    expect(changes[0]).toMatchObject({ kind: 'changed', reasons: ['rename'] });
    expect(changes[0]!.base?.column).toBe('handle');
    expect(changes[0]!.baseSensitivity?.level).toBe('internal');
    expect(changes[0]!.headSensitivity?.level).toBe('confidential');
  });

  it('reports drops of columns defined elsewhere and columns deleted from a schema file as removed', () => {
    const dropped = diff(undefined, result([fact({ table: 'users', column: 'phone', action: 'drop' })]));
    expect(dropped.map((c) => c.kind)).toEqual(['removed']);
    const deleted = diff(result([fact({ table: 'a', column: 'x', action: 'define' })]), result([]));
    expect(deleted.map((c) => `${c.kind}:${c.column}`)).toEqual(['removed:x']);
  });

  it('sees a lowered declaration and a changed transform', () => {
    const base = result([
      fact({ table: 'm', column: 'email', action: 'define', declared: { level: 'restricted' } }),
      fact({ table: 'm', column: 'contact', action: 'define', lineage: { from: [{ table: 's', column: 'email' }], transform: 'hash' } }),
    ]);
    const head = result([
      fact({ table: 'm', column: 'email', action: 'define', declared: { level: 'public' } }),
      fact({ table: 'm', column: 'contact', action: 'define', lineage: { from: [{ table: 's', column: 'email' }], transform: 'identity' } }),
    ]);
    const byColumn = Object.fromEntries(diff(base, head).map((c) => [c.column, c]));
    expect(byColumn.email!.reasons).toEqual(['declared-level']);
    expect(byColumn.contact!.reasons).toEqual(['transform']);
  });
});
