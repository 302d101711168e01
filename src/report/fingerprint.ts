// A finding's identity across runs: what it is about, never where it currently sits (line numbers
// move with every unrelated edit above it). SARIF alerts and review comments are deduplicated by it.
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

export function findingKey(f: Finding): string {
  const subject = f.columnName
    ? `${f.table ?? ''}.${f.columnName}`
    : // Findings about a whole file (parse errors): the message without the numbers in it.
      f.message.replace(/\d+/g, '#');
  return [f.kind, f.file, subject.toLowerCase(), f.rule].join('\u0000');
}

export function findingFingerprint(f: Finding): string {
  return createHash('sha256').update(findingKey(f)).digest('hex').slice(0, 32);
}
