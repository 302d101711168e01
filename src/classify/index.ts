// The classifier's public API: the rest of the pipeline codes against this file only.
import type { Level, Sensitivity } from '../types.js';
import { Engine, type ClassifyInput, type Explanation } from './engine.js';
import { builtinPacks } from './packs.js';
import { applyUserRules, type UserRule } from './user-rules.js';

export type { ClassifyInput, Explanation } from './engine.js';
export type { UserRule } from './user-rules.js';
export { parseUserRules } from './user-rules.js';
export { evaluateLabels, formatEval, formatEvalFiles, formatEvalSummary, poolEval, type EvalResult } from './evaluate.js';
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

let builtinEngine: Engine | undefined;

export function createClassifier(options: { userRules?: UserRule[] } = {}): Classifier {
  const { lexicon, rules } = builtinPacks();
  const userRules = options.userRules ?? [];
  // the built-in rules read the user's token patterns as they read column names
  const reader = userRules.length > 0 ? (builtinEngine ??= new Engine(lexicon, rules)) : undefined;
  const { rules: effective, overrides } = applyUserRules(rules, userRules, reader && ((words) => reader.readPattern(words)));
  const engine = new Engine(lexicon, effective, overrides);
  // No verdict cache: per-token work is cached in the tokenizer, and a cache keyed by whole inputs
  // cost more in garbage collection than it saved when names are distinct (measured with npm run bench).
  return {
    explain: (input) => engine.explain(input),
    classify(input) {
      const e = engine.explain(input, false);
      const verdict: Sensitivity = { level: e.level, categories: e.categories, rules: e.rules, evidence: e.evidence };
      if (e.confidence !== undefined) verdict.confidence = e.confidence;
      return verdict;
    },
  };
}

/** The taxonomy in force: the built-in categories as the user's rules change them, and theirs. */
export function listCategories(userRules: UserRule[] = []): CategoryInfo[] {
  const { rules } = applyUserRules(builtinPacks().rules, userRules);
  return rules.map((r) => ({ id: r.id, level: r.level, description: r.description, regulations: [...r.regulations] }));
}
