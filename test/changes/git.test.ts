import { afterEach, describe, expect, it } from 'vitest';
import { GitError, gitChangeSet, parseNameStatus } from '../../src/changes/git.js';
import { tempRepo, type TempRepo } from '../helpers/git-repo.js';
import { scratchDir } from '../helpers/scratch.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('parseNameStatus', () => {
  it('reads added, modified, deleted and renamed entries from -z output', () => {
    const out = ['A', 'db/V2__add_email.sql', 'M', 'db/schema.sql', 'D', 'old.sql', 'R087', 'a/x.sql', 'b/x.sql', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { path: 'db/V2__add_email.sql', status: 'added' },
      { path: 'db/schema.sql', status: 'modified' },
      { path: 'old.sql', status: 'deleted' },
      { path: 'b/x.sql', oldPath: 'a/x.sql', status: 'renamed' },
    ]);
  });
});

describe('gitChangeSet', () => {
  it('diffs the head of a branch against its merge base and reads both sides', async () => {
    repo = tempRepo();
    repo.commit('init', {
      'db/V1__customers.sql': 'CREATE TABLE customers (id bigint primary key);\n',
      'db/schema.sql': 'CREATE TABLE a (id int);\n',
      'legacy/drop_me.sql': 'select 1;\n',
      'old/name.sql': 'CREATE TABLE moved (id int, note text, extra text, more text);\n',
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'db/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text;\n', 'db/schema.sql': 'CREATE TABLE a (id int, ssn text);\n' });
    repo.remove('legacy/drop_me.sql');
    repo.write({ 'new/name.sql': 'CREATE TABLE moved (id int, note text, extra text, more text);\n' });
    repo.remove('old/name.sql');
    repo.commit('feature');
    // main moves on after the branch point: its new file must not show up in the diff.
    repo.git('checkout', '-q', 'main');
    repo.commit('main moves', { 'db/V9__main_only.sql': 'CREATE TABLE other (x int);\n' });
    repo.git('checkout', '-q', 'feature');

    const changes = await gitChangeSet({ cwd: repo.dir, base: 'main' });
    try {
      const byPath = Object.fromEntries(changes.files.map((f) => [f.path, f]));
      expect(Object.keys(byPath).sort()).toEqual(['db/V2__email.sql', 'db/schema.sql', 'legacy/drop_me.sql', 'new/name.sql']);
      expect(byPath['new/name.sql']).toMatchObject({ status: 'renamed', oldPath: 'old/name.sql' });
      expect(byPath['legacy/drop_me.sql']!.status).toBe('deleted');
      expect(await changes.base.read('db/schema.sql')).toBe('CREATE TABLE a (id int);\n');
      expect(await changes.head.read('db/schema.sql')).toBe('CREATE TABLE a (id int, ssn text);\n');
      expect(await changes.base.read('db/V2__email.sql')).toBeUndefined();
      expect(await changes.head.read('db/V9__main_only.sql')).toBeUndefined();
      expect((await changes.head.list()).sort()).toContain('new/name.sql');
    } finally {
      changes.close?.();
    }
  });

  it('serves many reads through one cat-file process, including multi-byte text', async () => {
    repo = tempRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m/V${i}__t.sql`] = `-- café ünïcode ${i}\nCREATE TABLE t${i} (c${i} text);\n`;
    repo.commit('many', files);
    const changes = await gitChangeSet({ cwd: repo.dir, all: true });
    try {
      const texts = await Promise.all(changes.files.map((f) => changes.head.read(f.path)));
      expect(texts).toHaveLength(60);
      expect(texts.every((t, i) => t === files[changes.files[i]!.path])).toBe(true);
    } finally {
      changes.close?.();
    }
  });

  it('reads a blob larger than one pipe chunk intact, followed by small ones', async () => {
    repo = tempRepo();
    const big = 'x'.repeat(3 * 1024 * 1024 + 17) + '\nend\n';
    repo.commit('big', { 'nb/plots.ipynb': big, 'a.sql': 'select 1;\n', 'b.sql': 'select 2;\n' });
    const changes = await gitChangeSet({ cwd: repo.dir, all: true });
    try {
      const [a, plots, b] = await Promise.all([changes.head.read('a.sql'), changes.head.read('nb/plots.ipynb'), changes.head.read('b.sql')]);
      expect(a).toBe('select 1;\n');
      expect(plots?.length).toBe(big.length);
      expect(plots === big).toBe(true);
      expect(b).toBe('select 2;\n');
      expect(await changes.head.read('missing.sql')).toBeUndefined();
    } finally {
      changes.close?.();
    }
  });

  it('fails with a clear GitError for an unknown ref and outside a repository', async () => {
    repo = tempRepo();
    repo.commit('init', { 'a.sql': 'select 1;' });
    await expect(gitChangeSet({ cwd: repo.dir, base: 'no-such-branch' })).rejects.toThrow(/unknown ref "no-such-branch"/);
    const outside = scratchDir('sg-norepo-');
    await expect(gitChangeSet({ cwd: outside })).rejects.toBeInstanceOf(GitError);
    await expect(gitChangeSet({ cwd: outside })).rejects.toThrow(/not inside a git repository/);
  });

  it('uses main as the default base when there is no origin', async () => {
    repo = tempRepo();
    repo.commit('init', { 'a.sql': 'CREATE TABLE a (id int);' });
    repo.git('checkout', '-q', '-b', 'work');
    repo.commit('add', { 'b.sql': 'CREATE TABLE b (id int);' });
    const changes = await gitChangeSet({ cwd: repo.dir });
    changes.close?.();
    expect(changes.files.map((f) => f.path)).toEqual(['b.sql']);
  });
});
