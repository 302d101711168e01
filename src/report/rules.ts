// What each finding kind means, in the words shown as SARIF rule help, annotation titles and docs.
import type { FindingKind } from '../types.js';

export interface KindDescription {
  title: string;
  description: string;
  help: string;
}

export const FINDING_KINDS: Record<FindingKind, KindDescription> = {
  'unjustified-column': {
    title: 'Sensitive column without justification',
    description: 'A new column at or above the fail level has no documented purpose and justification.',
    help: 'Add a justification annotation next to the column (purpose, justification, legal basis, retention), or leave the data out of this change.',
  },
  'sensitivity-raised': {
    title: 'Sensitivity raised without justification',
    description: 'An existing column became more sensitive (type change, hash or mask removed, rename, declared level raised).',
    help: 'Document why the column must now hold more sensitive data, or keep the previous transform.',
  },
  exposure: {
    title: 'Sensitive column flows to a new place',
    description: 'A sensitive column reaches a new view, model, contract or notebook output through lineage.',
    help: 'Justify the new use, or hash, mask or aggregate the column before it flows on.',
  },
  'tier-violation': {
    title: 'Column above the tier ceiling',
    description: 'A column is more sensitive than the tier of the path it lives in allows.',
    help: 'Hash or mask the column, or move it to a tier that may hold it.',
  },
  'declared-below-inferred': {
    title: 'Declared level below the inferred level',
    description: 'The author declared a lower sensitivity than the column name and type indicate.',
    help: 'Raise the declared level, or justify the lower level with an explicit override and reason.',
  },
  'declaration-lowered': {
    title: 'Declared level lowered',
    description: 'A declared sensitivity level was lowered in this change.',
    help: 'Justify the lower level with an explicit override and reason.',
  },
  'invalid-justification': {
    title: 'Incomplete or invalid justification',
    description: 'A justification has an unknown purpose, placeholder text, a missing required field or has expired.',
    help: 'Complete the justification with a configured purpose code, real text and every required field.',
  },
  'level-override': {
    title: 'Sensitivity level overridden',
    description: 'An author lowered the classifier verdict with an explicit override.',
    help: 'Reviewers should confirm the override reason.',
  },
  'config-relaxed': {
    title: 'Gate configuration relaxed',
    description: 'This change weakens the gate configuration (fail level, rules, ignores).',
    help: 'Have the data protection owner review the configuration change.',
  },
  'parse-error': {
    title: 'Changed file could not be analysed',
    description: 'A changed file could not be parsed, so its columns were not classified.',
    help: 'Fix the syntax, or configure the dialect; an unreadable file never passes silently.',
  },
  'data-in-output': {
    title: 'Customer data in a notebook output',
    description: 'A notebook output cell holds values that look like personal data.',
    help: 'Clear the notebook outputs before committing.',
  },
};

export function describeKind(kind: string): KindDescription {
  return (
    (FINDING_KINDS as Record<string, KindDescription | undefined>)[kind] ?? {
      title: kind,
      description: `Finding of kind ${kind}.`,
      help: 'See the finding message.',
    }
  );
}
