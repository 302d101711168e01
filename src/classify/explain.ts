import type { ClassifyInput, Explanation } from './engine.js';

/** Multi-line text for `sensitivity-gate explain`: the verdict first, then why. */
export function formatExplanation(input: ClassifyInput, e: Explanation): string {
  const where = input.table ? `${input.table}.${input.column}` : input.column;
  const lines = [
    `${where}${input.type ? ` (${input.type})` : ''}${input.transform ? ` via ${input.transform}` : ''}`,
    `  level:       ${e.level}${e.confidence !== undefined ? `  (confidence ${e.confidence.toFixed(2)})` : ''}`,
    `  categories:  ${e.categories.length ? e.categories.join(', ') : e.matched ? `none (metadata about ${e.matched})` : 'none'}`,
    `  tokens:      ${e.tokens.join(' ')}`,
    `  canonical:   ${e.expanded.join(' ')}`,
    `  rules:       ${e.rules.join(', ')}`,
    '  evidence:',
    ...e.evidence.map((x) => `    - ${x}`),
    '  trace:',
    ...e.trace.map((x, i) => `    ${i + 1}. ${x}`),
  ];
  return lines.join('\n');
}

/** One line for a finding's `why`. */
export function oneLineWhy(e: Explanation): string {
  return `${e.level}: ${e.evidence.join('; ')}`;
}
