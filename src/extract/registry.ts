// Which extractor owns a changed file. Order matters: the more specific kinds (dbt models,
// notebooks, contracts) claim their files before the generic SQL extractor sees them.

import { matchesAny } from '../glob.js';
import type { Extractor, ExtractContext } from './types.js';
import { contractExtractor } from './contract/index.js';
import { notebookExtractor } from './notebook/extractor.js';
import { sqlExtractor } from './sql/extractor.js';
import { dbtExtractor } from './dbt/extractor.js';

export const EXTRACTORS: Extractor[] = [dbtExtractor, notebookExtractor, contractExtractor, sqlExtractor];

export async function extractorFor(path: string, ctx: ExtractContext): Promise<Extractor | undefined> {
  if (matchesAny(path, ctx.config.ignore)) return undefined;
  for (const extractor of EXTRACTORS) {
    if (await extractor.matches(path, ctx)) return extractor;
  }
  return undefined;
}
