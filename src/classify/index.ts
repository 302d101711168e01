// The classifier's public API: the rest of the pipeline codes against this file only.
import type { Level, Sensitivity } from '../types.js';
import { Engine, type ClassifyInput, type Explanation } from './engine.js';
import { builtinPacks } from './packs.js';
import { applyUserRules, type UserRule } from './user-rules.js';

export type { ClassifyInput, Explanation } from './engine.js';
export type { UserRule } from './user-rules.js';
export { parseUserRules } from './user-rules.js';
export { evaluateLabels, formatEval, type EvalResult } from './evaluate.js';
export { formatExplanation } from './explain.js';

export interface Classifier {
  /** Fast path, deterministic. */
  classify(input: ClassifyInput): Sensitivity;
  /** The same verdict with the full trace. */
  explain(input: ClassifyInput): Explanation;
}

export interface CategoryInfo {
  id: string;
  level: Level;
  description: string;
  regulations: string[];
}

const CACHE_LIMIT = 50_000;

export function createClassifier(options: { userRules?: UserRule[] } = {}): Classifier {
  const { lexicon, rules } = builtinPacks();
  const { rules: effective, overrides } = applyUserRules(rules, options.userRules ?? []);
  const engine = new Engine(lexicon, effective, overrides);
  // Schemas repeat column names across tables and files; the verdict is a pure function of the input.
  const cache = new Map<string, Sensitivity>();
  return {
    explain: (input) => engine.explain(input),
    classify(input) {
      const key = `${input.column}\u0000${input.type ?? ''}\u0000${input.table ?? ''}\u0000${input.transform ?? ''}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const e = engine.explain(input);
      const verdict: Sensitivity = { level: e.level, categories: e.categories, rules: e.rules, evidence: e.evidence };
      if (e.confidence !== undefined) verdict.confidence = e.confidence;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, verdict);
      return verdict;
    },
  };
}

export function listCategories(): CategoryInfo[] {
  return builtinPacks().rules.map((r) => ({ id: r.id, level: r.level, description: r.description, regulations: [...r.regulations] }));
}
