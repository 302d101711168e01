// Which extractor owns a changed file. Order matters: the more specific kinds (dbt models,
// notebooks, contracts) claim their files before the generic SQL extractor sees them.

import { minimatch } from 'minimatch';
import type { Extractor, ExtractContext } from './types.js';
import { contractExtractor } from './contract/index.js';
import { notebookExtractor } from './notebook/extractor.js';
import { sqlExtractor } from './sql/extractor.js';
import { dbtExtractor } from './dbt/extractor.js';

export const EXTRACTORS: Extractor[] = [dbtExtractor, notebookExtractor, contractExtractor, sqlExtractor];

export function matchesAny(path: string, globs: string[]): boolean {
  return globs.some((g) => minimatch(path, g, { dot: true, nocase: false }));
}

export async function extractorFor(path: string, ctx: ExtractContext): Promise<Extractor | undefined> {
  if (matchesAny(path, ctx.config.ignore)) return undefined;
  for (const extractor of EXTRACTORS) {
    if (await extractor.matches(path, ctx)) return extractor;
  }
  return undefined;
}
