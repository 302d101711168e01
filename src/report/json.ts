import type { Report } from '../types.js';

/** The versioned JSON report (`schemaVersion: 1`), documented in the README. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
