// SQL migrations and schema files as an Extractor: the config decides the dialect and which files
// are whole-schema snapshots.

import { minimatch } from 'minimatch';
import { dialectFor } from '../../config.js';
import type { Extractor } from '../types.js';
import { extractSql } from './index.js';

export const sqlExtractor: Extractor = {
  name: 'sql',
  matches: (path, ctx) => ctx.config.paths.sql.some((g) => minimatch(path, g, { dot: true })),
  async extract(file, ctx) {
    const result = await extractSql(file.text, {
      file: file.path,
      dialect: dialectFor(ctx.config, file.path),
      placeholders: ctx.config.placeholders,
    });
    if (ctx.config.schemaFiles.some((g) => minimatch(file.path, g, { dot: true }))) result.snapshot = true;
    return result;
  },
};
