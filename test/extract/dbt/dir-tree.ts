// Extractor contexts over a directory on disk or an in-memory map, as git gives one side of a PR.

import { defaultConfig, type Config } from '../../../src/config.js';
import { directoryTree, memoryTree } from '../../../src/changes/trees.js';
import type { ExtractContext, FileTree } from '../../../src/extract/types.js';

export const dirTree = directoryTree;
export const mapTree = memoryTree;

export function context(tree: FileTree, config: Config = defaultConfig(), side: 'base' | 'head' = 'head'): ExtractContext {
  return { config, side, tree };
}
