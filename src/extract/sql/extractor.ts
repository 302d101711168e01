// SQL migrations and schema files as an Extractor: the config decides the dialect and which files
// are whole-schema snapshots.

import { matchesAny } from '../../glob.js';
import { dialectFor } from '../../config.js';
import type { Extractor } from '../types.js';
import { extractSql } from './index.js';

export const sqlExtractor: Extractor = {
  name: 'sql',
  matches: (path, ctx) => matchesAny(path, ctx.config.paths.sql),
  async extract(file, ctx) {
    const result = await extractSql(file.text, {
      file: file.path,
      dialect: dialectFor(ctx.config, file.path),
      placeholders: ctx.config.placeholders,
    });
    if (matchesAny(file.path, ctx.config.schemaFiles)) result.snapshot = true;
    return result;
  },
};
