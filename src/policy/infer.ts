// A column's sensitivity from everything known about it: its own name, type and table; the
// columns it is derived from (lineage, through the transform); and what its author declared.

import type { Classifier } from '../classify/index.js';
import { levelRank, type ColumnFact, type LineageSource, type Sensitivity } from '../types.js';

export interface InferredSensitivity extends Sensitivity {
  /** The upstream column that made this one sensitive, when lineage decided the level. */
  via?: { source: LineageSource; transform: string };
  /** The level from the name, lineage and type alone, before any declaration. */
  inferredLevel: Sensitivity['level'];
}

/** Looks up a known upstream column (e.g. a dbt model's column in the same run) by table and name. */
export type UpstreamLookup = (source: LineageSource) => Sensitivity | undefined;

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** An upstream column's declared level, carried on the lineage by an extractor that knows it. */
function declaredUpstream(source: LineageSource): Sensitivity | undefined {
  if (!source.declared) return undefined;
  return { level: source.declared, categories: [], rules: ['declared-upstream'], evidence: [`${source.table}.${source.column} is declared ${source.declared}`] };
}

export function inferSensitivity(fact: ColumnFact, classifier: Classifier, upstream?: UpstreamLookup): InferredSensitivity {
  const transform = fact.lineage?.transform;
  const own = classifier.classify({ column: fact.column, type: fact.type, table: fact.table, transform });
  let result: InferredSensitivity = { ...own, inferredLevel: own.level };

  for (const source of fact.lineage?.from ?? []) {
    const known = upstream?.(source) ?? declaredUpstream(source);
    const byName = classifier.classify({ column: source.column, table: source.table, transform });
    // A known upstream verdict (declared or inferred elsewhere) counts when the transform keeps the data.
    const keeps = transform === undefined || transform === 'identity' || transform === 'expression';
    const up = known && keeps && levelRank(known.level) > levelRank(byName.level) ? known : byName;
    if (levelRank(up.level) > levelRank(result.level)) {
      result = {
        level: up.level,
        categories: union(up.categories, result.categories),
        rules: union(up.rules, result.rules),
        // the name's own "nothing sensitive" is no reason once lineage decides
        evidence: [...(result.categories.length ? result.evidence : []), `flows from ${source.table}.${source.column} (${transform ?? 'identity'})`, ...up.evidence],
        confidence: up.confidence,
        inferredLevel: up.level,
        via: { source, transform: transform ?? 'identity' },
      };
    }
  }

  const declared = fact.declared?.level;
  if (declared && levelRank(declared) > levelRank(result.level)) {
    result = {
      ...result,
      level: declared,
      categories: union(result.categories, fact.declared?.categories ?? []),
      evidence: [...result.evidence, `declared ${declared} by the author (${fact.declared?.raw ?? 'declaration'})`],
    };
  }
  return result;
}
