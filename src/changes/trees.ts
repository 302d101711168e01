// FileTrees that are not git: a directory on disk and an in-memory map. Measurement scripts and
// tests read projects through them exactly as the pipeline reads one side of a pull request.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { FileTree } from '../extract/types.js';

/** Every file below `root`, with repository-style `/` paths. */
export function directoryTree(root: string): FileTree {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  const known = new Set(files);
  return {
    list: async () => files,
    read: async (path) => (known.has(path) ? readFileSync(join(root, path), 'utf8') : undefined),
  };
}

export function memoryTree(files: Record<string, string>): FileTree {
  return { list: async () => Object.keys(files), read: async (path) => files[path] };
}
