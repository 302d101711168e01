// One ordering of findings for every surface (comment, annotations, SARIF), so the most important
// finding is first wherever a limit cuts the list.
import { levelRank, type Finding, type Severity } from '../types.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.blocking) - Number(a.blocking) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (b.level ? levelRank(b.level) : -1) - (a.level ? levelRank(a.level) : -1) ||
    a.file.localeCompare(b.file) ||
    a.line - b.line
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
