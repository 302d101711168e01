// Notebooks as an Extractor: `.ipynb` by the configured globs; `.py` / `.sql` / `.scala` / `.r`
// only when the file starts with the Databricks or Fabric notebook header, so that plain SQL
// migrations stay with the SQL extractor.

import { matchesAny } from '../../glob.js';
import { dialectFor } from '../../config.js';
import { createClassifier, type Classifier } from '../../classify/index.js';
import type { ExtractResult } from '../../types.js';
import type { Extractor, FileTree } from '../types.js';
import { analyseNotebook } from './analyse.js';
import { isSourceNotebook, parseDatabricks } from './databricks.js';
import { parseIpynb } from './ipynb.js';
import { scanOutputs } from './outputs.js';
import type { Dialect } from '../sql/index.js';
import type { Level } from '../../types.js';

const SOURCE_NOTEBOOK_EXT = /\.(py|sql|scala|r)$/i;

/** Header checks per side: `matches` and `extract` both run on base and head of many files. */
const headerCache = new WeakMap<FileTree, Map<string, Promise<boolean>>>();

function hasNotebookHeader(tree: FileTree, path: string): Promise<boolean> {
  let perTree = headerCache.get(tree);
  if (!perTree) headerCache.set(tree, (perTree = new Map()));
  let hit = perTree.get(path);
  if (!hit) {
    hit = tree.read(path).then((text) => text !== undefined && isSourceNotebook(text));
    perTree.set(path, hit);
  }
  return hit;
}

let defaultClassifier: Classifier | undefined;

export interface NotebookExtractOptions {
  dialect: Dialect;
  failLevel: Level;
  placeholders?: boolean;
  classifier?: Classifier;
}

/** A notebook file (either format) → facts, errors and data-in-output findings. Never throws. */
export async function extractNotebook(path: string, text: string, options: NotebookExtractOptions): Promise<ExtractResult> {
  const isIpynb = path.toLowerCase().endsWith('.ipynb');
  if (!isIpynb && !isSourceNotebook(text)) return { facts: [], errors: [] };
  const parsed = isIpynb ? parseIpynb(path, text) : { notebook: parseDatabricks(path, text), outputs: [] };
  if ('error' in parsed) return { facts: [], errors: [parsed.error] };
  const { facts, errors } = await analyseNotebook(parsed.notebook, { file: path, dialect: options.dialect, placeholders: options.placeholders });
  const classifier = options.classifier ?? (defaultClassifier ??= createClassifier());
  const findings = scanOutputs(parsed.outputs, { file: path, classifier, failLevel: options.failLevel });
  const result: ExtractResult = { facts, errors };
  if (findings.length) result.findings = findings;
  return result;
}

export const notebookExtractor: Extractor = {
  name: 'notebook',
  async matches(path, ctx) {
    if (!matchesAny(path, ctx.config.paths.notebooks)) return false;
    if (path.toLowerCase().endsWith('.ipynb')) return true;
    return SOURCE_NOTEBOOK_EXT.test(path) && hasNotebookHeader(ctx.tree, path);
  },
  extract(file, ctx) {
    return extractNotebook(file.path, file.text, {
      dialect: dialectFor(ctx.config, file.path),
      failLevel: ctx.config.failLevel,
      placeholders: ctx.config.placeholders,
      classifier: ctx.classifier,
    });
  },
};
