// A FileTree over a directory on disk (or over an in-memory map), as git gives one side of a PR.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultConfig, type Config } from '../../../src/config.js';
import type { ExtractContext, FileTree } from '../../../src/extract/types.js';

export function dirTree(root: string): FileTree {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return {
    list: async () => files,
    read: async (path) => (files.includes(path) ? readFileSync(join(root, path), 'utf8') : undefined),
  };
}

export function mapTree(files: Record<string, string>): FileTree {
  return { list: async () => Object.keys(files), read: async (path) => files[path] };
}

export function context(tree: FileTree, config: Config = defaultConfig(), side: 'base' | 'head' = 'head'): ExtractContext {
  return { config, side, tree };
}
