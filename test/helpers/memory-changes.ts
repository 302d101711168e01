// An in-memory change set, for pipeline tests that need no git: base and head are plain maps.

import type { ChangeSet, ChangedFile } from '../../src/changes/types.js';
import { memoryTree } from '../../src/changes/trees.js';

export function memoryChanges(base: Record<string, string>, head: Record<string, string>): ChangeSet {
  const files: ChangedFile[] = [];
  for (const path of new Set([...Object.keys(base), ...Object.keys(head)])) {
    if (!(path in base)) files.push({ path, status: 'added' });
    else if (!(path in head)) files.push({ path, status: 'deleted' });
    else if (base[path] !== head[path]) files.push({ path, status: 'modified' });
  }
  return { mode: 'diff', baseRef: 'base', headRef: 'head', files, base: memoryTree(base), head: memoryTree(head), source: 'worktree' };
}
