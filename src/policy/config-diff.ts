// A pull request that edits `.sensitivity-gate.yml` is judged by the base config; this says what
// the edit would relax, so reviewers see it before it takes effect on the next pull request.

import { configLine, type Config } from '../config.js';
import { levelRank, type Finding } from '../types.js';

export function configRelaxations(base: Config, head: Config, file: string, headText: string): Finding[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  if (levelRank(head.failLevel) > levelRank(base.failLevel)) {
    found.push({ path: ['fail-level'], message: `raises fail-level from ${base.failLevel} to ${head.failLevel}` });
  }
  if (base.onParseError === 'fail' && head.onParseError === 'warn') {
    found.push({ path: ['on-parse-error'], message: 'turns unreadable files from failures into warnings' });
  }
  const newIgnores = head.ignore.filter((g) => !base.ignore.includes(g));
  if (newIgnores.length) found.push({ path: ['ignore'], message: `ignores more files: ${newIgnores.join(', ')}` });
  const newPurposes = head.purposes.filter((p) => !base.purposes.includes(p));
  if (newPurposes.length) found.push({ path: ['purposes'], message: `accepts new purpose codes: ${newPurposes.join(', ')}` });
  for (const level of ['confidential', 'restricted'] as const) {
    const dropped = base.requiredFields[level].filter((f) => !head.requiredFields[level].includes(f));
    if (dropped.length) found.push({ path: ['required-fields', level], message: `no longer requires ${dropped.join(', ')} for ${level} columns` });
  }
  const baseRules = JSON.stringify(base.rules);
  if (baseRules !== JSON.stringify(head.rules)) {
    const removed = base.rules.filter((r) => !head.rules.some((h) => JSON.stringify(h) === JSON.stringify(r)));
    if (removed.length) found.push({ path: ['rules'], message: `removes or edits ${removed.length} custom rule(s)` });
    const added = head.rules.filter((h) => !base.rules.some((r) => JSON.stringify(h) === JSON.stringify(r)));
    if (added.length) found.push({ path: ['rules'], message: `adds ${added.length} custom rule(s), which may lower levels` });
  }
  for (const tier of head.tiers) {
    const before = base.tiers.find((t) => t.name === tier.name);
    if (before && levelRank(tier.maxLevel) > levelRank(before.maxLevel)) {
      found.push({ path: ['tiers'], message: `raises the ${tier.name} tier ceiling from ${before.maxLevel} to ${tier.maxLevel}` });
    }
  }
  const droppedTiers = base.tiers.filter((t) => !head.tiers.some((h) => h.name === t.name));
  if (droppedTiers.length) found.push({ path: ['tiers'], message: `removes tier(s) ${droppedTiers.map((t) => t.name).join(', ')}` });
  if (head.registry !== base.registry) found.push({ path: ['registry'], message: `moves the justification registry from ${base.registry} to ${head.registry}` });

  return found.map(({ path, message }) => ({
    kind: 'config-relaxed' as const,
    severity: 'warning' as const,
    blocking: false,
    file,
    line: configLine(headText, path),
    categories: [],
    rule: 'config.relaxed',
    message: `This change to the gate's config ${message}. It takes effect only after merge: the base config judged this pull request.`,
  }));
}
