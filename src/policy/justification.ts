// Decides whether a justification is complete for a level. An incomplete one (unknown purpose,
// placeholder text, expired, missing a required field) is a finding of its own, so that the gate
// cannot be cleared with "tbd".

import { LEGAL_BASES, type Config } from '../config.js';
import type { Justification, Level } from '../types.js';
import { FIX_JUSTIFICATION_TEMPLATE } from './fix.js';

const PLACEHOLDERS = new Set([
  'tbd', 'tbc', 'tba', 'todo', 'to do', 'fixme', 'n/a', 'na', 'none', 'null', 'nil', '-', '--', '...', '…', '?', '??',
  'xxx', 'placeholder', 'pending', 'later', 'wip', 'test', 'testing', 'asdf', 'foo', 'bar', 'lorem ipsum',
  'needed', 'required', 'because', 'business need', 'business reasons', 'see ticket', 'see jira', 'ask me',
]);

const MIN_WORDS = 4;

/** ISO 8601 duration such as P90D, P2Y, P1Y6M, PT12H. */
const ISO_DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isPlaceholderText(text: string | undefined): boolean {
  if (text === undefined) return true;
  const t = text.trim().toLowerCase().replace(/[.!]+$/, '');
  if (PLACEHOLDERS.has(t) || t === FIX_JUSTIFICATION_TEMPLATE.toLowerCase()) return true;
  if (/^(tbd|todo|fixme|tbc|xxx)\b/.test(t)) return true;
  return t.split(/\s+/).filter((w) => /[a-z0-9]/.test(w)).length < MIN_WORDS;
}

function validDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : undefined;
}

export interface JustificationCheck {
  /** Complete for the level: the finding it would clear is cleared. */
  valid: boolean;
  problems: string[];
}

/**
 * Checks a justification against the fields required for `level`. `today` is injected so that
 * expiry is testable and reports are reproducible.
 */
export function checkJustification(j: Justification, level: Level, config: Config, today: Date): JustificationCheck {
  const problems: string[] = [...(j.problems ?? [])];
  for (const field of config.requiredFields[level]) {
    if (j[field] === undefined || j[field] === '') problems.push(`missing ${field} (required for ${level} columns)`);
  }
  if (j.purpose !== undefined && !config.purposes.includes(j.purpose)) {
    problems.push(`unknown purpose "${j.purpose}" (allowed: ${config.purposes.join(', ')})`);
  }
  if (j.justification !== undefined && isPlaceholderText(j.justification)) {
    problems.push(`justification "${j.justification.slice(0, 60)}" is a placeholder: say in at least ${MIN_WORDS} words why this column is needed`);
  }
  if (j.legal_basis !== undefined && !(LEGAL_BASES as readonly string[]).includes(j.legal_basis)) {
    problems.push(`unknown legal_basis "${j.legal_basis}" (GDPR Art. 6: ${LEGAL_BASES.join(', ')})`);
  }
  if (j.retention !== undefined && !ISO_DURATION.test(j.retention)) {
    problems.push(`retention "${j.retention}" is not an ISO 8601 duration such as P90D or P2Y`);
  }
  if (j.expires !== undefined) {
    const d = validDate(j.expires);
    if (!d) problems.push(`expires "${j.expires}" is not a date (YYYY-MM-DD)`);
    else if (d.getTime() < Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) {
      problems.push(`expired on ${j.expires}: renew or remove the column`);
    }
  }
  return { valid: problems.length === 0, problems };
}

/** An override (`level=internal, reason="..."`) needs a real reason; it is listed in every report. */
export function checkOverride(j: Justification): string[] {
  if (!j.level) return [];
  if (!j.reason || isPlaceholderText(j.reason)) {
    return [`a level override to ${j.level} needs reason="..." explaining why the classifier is wrong (at least ${MIN_WORDS} words)`];
  }
  return [];
}
