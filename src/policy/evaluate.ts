// Turns column changes into findings: a change that raises sensitivity needs a complete
// justification; a lowered declaration, an override or a tier ceiling is judged here too.

import { matchesAny } from '../glob.js';
import type { Config, TierConfig } from '../config.js';
import {
  levelRank,
  type ColumnChange,
  type ColumnFact,
  type Finding,
  type FindingKind,
  type Justification,
  type Level,
  type ReportColumn,
} from '../types.js';
import { checkJustification, checkOverride } from './justification.js';
import { fixFor, registryFixFor } from './fix.js';
import type { InferredSensitivity } from './infer.js';

export interface EvaluateInput {
  changes: ColumnChange[];
  config: Config;
  /** Where a column's justification comes from when the fact itself carries none. */
  justificationFor(fact: ColumnFact): Justification | undefined;
  today: Date;
}

export interface Evaluation {
  findings: Finding[];
  columns: ReportColumn[];
}

const HASHED = new Set(['hash', 'mask', 'truncate', 'aggregate']);

function tierFor(file: string, tiers: TierConfig[]): TierConfig | undefined {
  let found: TierConfig | undefined;
  for (const tier of tiers) if (matchesAny(file, tier.paths)) found = tier;
  return found;
}

function describe(change: ColumnChange): string {
  return `${change.table}.${change.column}`;
}

function why(s: InferredSensitivity | undefined): string | undefined {
  if (!s) return undefined;
  return s.evidence.slice(0, 3).join('; ');
}

function categoriesText(s: InferredSensitivity): string {
  return s.categories.length ? ` (${s.categories.join(', ')})` : '';
}

export function evaluate({ changes, config, justificationFor, today }: EvaluateInput): Evaluation {
  const findings: Finding[] = [];
  const columns: ReportColumn[] = [];
  const fail = levelRank(config.failLevel);

  for (const change of changes) {
    const head = change.head;
    const headSens = change.headSensitivity as InferredSensitivity | undefined;
    const baseSens = change.baseSensitivity as InferredSensitivity | undefined;
    const fact = head ?? change.base!;
    const justification = head ? (head.justification ?? justificationFor(head)) : undefined;

    let level: Level = (headSens ?? baseSens)?.level ?? 'public';
    const inferred = headSens?.inferredLevel ?? level;
    const push = (kind: FindingKind, message: string, extra: Partial<Finding> = {}) => {
      findings.push({
        kind,
        severity: 'error',
        blocking: true,
        file: change.file,
        line: fact.location.line,
        column: fact.location.column,
        table: change.table,
        columnName: change.column,
        level,
        categories: headSens?.categories ?? [],
        rule: headSens?.rules[0] ?? kind,
        message,
        why: why(headSens),
        heuristic: fact.heuristic,
        ...extra,
      });
    };

    let override: ReportColumn['override'];
    if (head && justification?.level) {
      const problems = checkOverride(justification);
      if (problems.length) {
        push('invalid-justification', `Level override on ${describe(change)} is incomplete: ${problems.join('; ')}`, { rule: 'justification.override' });
      } else {
        override = { level: justification.level, reason: justification.reason! };
        push('level-override', `${describe(change)} is overridden from ${level} to ${justification.level}: ${justification.reason}`, {
          severity: 'notice',
          blocking: false,
          rule: 'justification.override',
        });
        level = justification.level;
      }
    }

    let justified = false;
    if (head && headSens && change.kind !== 'unchanged') {
      const needs: { kind: FindingKind; message: string }[] = [];
      const raisedFromBase = baseSens ? levelRank(level) > levelRank(baseSens.level) : true;
      if (levelRank(level) >= fail) {
        if (change.kind === 'added') {
          if (headSens.via) {
            needs.push({
              kind: 'exposure',
              message: `${describe(change)} exposes ${headSens.via.source.table}.${headSens.via.source.column} (${level}${headSens.categories.length ? `: ${headSens.categories.join(', ')}` : ''}) through ${headSens.via.transform}, without a justification`,
            });
          } else {
            needs.push({ kind: 'unjustified-column', message: `New ${level} column ${describe(change)}${categoriesText(headSens)} has no justification` });
          }
        } else if (change.kind === 'changed' && raisedFromBase) {
          const what = change.reasons.includes('rename')
            ? `renamed from ${change.base?.column} (${baseSens?.level})`
            : `${change.reasons.join(', ')} changed (was ${baseSens?.level})`;
          needs.push({ kind: 'sensitivity-raised', message: `${describe(change)} becomes ${level}${categoriesText(headSens)}: ${what}, without a justification` });
        }
        const declared = head.declared?.level;
        if (declared && levelRank(declared) < levelRank(inferred) && !override) {
          // For a new column, "declared below what it is" says more than "new and unjustified".
          if (change.kind === 'added') needs.splice(0, needs.length);
          needs.push({
            kind: 'declared-below-inferred',
            message: `${describe(change)} is declared ${declared} (${head.declared?.raw ?? 'declaration'}) but looks ${inferred}${categoriesText(headSens)}`,
          });
        }
      }
      const baseDeclared = change.base?.declared?.level;
      const headDeclared = head.declared?.level;
      if (change.kind === 'changed' && baseDeclared && (!headDeclared || levelRank(headDeclared) < levelRank(baseDeclared))) {
        if (levelRank(baseDeclared) >= fail || levelRank(inferred) >= fail) {
          needs.push({
            kind: 'declaration-lowered',
            message: `${describe(change)} was declared ${baseDeclared} and is now ${headDeclared ?? 'undeclared'}, without a justification`,
          });
        }
      }

      if (needs.length) {
        const check = justification ? checkJustification(justification, level, config, today) : undefined;
        justified = check?.valid ?? false;
        if (!justified) {
          const fix = `${fixFor({ fact: head, level, config })}\n\n# or in ${config.registry}:\n${registryFixFor({ fact: head, level, config })}`;
          if (check) {
            const where = justification?.location ? ` (${justification.source} at ${justification.location.file}:${justification.location.line})` : ` (${justification?.source})`;
            push('invalid-justification', `${needs[0]!.message.replace(/, without a justification$| has no justification$/, '')}: the justification is incomplete${where}: ${check.problems.join('; ')}`, { fix });
          } else {
            for (const need of needs) push(need.kind, need.message, { fix });
          }
        }
      }

      const tier = tierFor(change.file, config.tiers);
      const transform = head.lineage?.transform;
      if (tier && levelRank(level) > levelRank(tier.maxLevel) && !(tier.allowHashed && transform && HASHED.has(transform))) {
        const source = head.lineage?.from[0];
        push(
          'tier-violation',
          `${describe(change)} is ${level} but the ${tier.name} tier holds at most ${tier.maxLevel}${tier.allowHashed ? ' unless hashed or masked' : ''}`,
          {
            rule: `tier.${tier.name}`,
            fix: tier.allowHashed
              ? `-- keep a pseudonymous key in the ${tier.name} tier instead of the value, e.g.:\nmd5(${source?.column ?? change.column}) as ${change.column}_key`
              : `-- leave ${change.column} out of the ${tier.name} tier, or raise the tier's max-level in the config`,
          },
        );
      }
    }

    const shown = headSens ?? baseSens;
    const col: ReportColumn = {
      file: change.file,
      line: fact.location.line,
      table: change.table,
      column: change.column,
      level,
      categories: shown?.categories ?? [],
      change: change.kind,
      justified,
      origin: fact.origin,
    };
    if (fact.type) col.type = fact.type;
    if (fact.heuristic) col.heuristic = true;
    if (override) col.override = override;
    columns.push(col);
  }
  return { findings, columns };
}
