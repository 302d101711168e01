// Workflow-command annotations (`::error file=...,line=...,title=...::message`). GitHub shows at
// most 10 annotations of each severity per step and drops the rest without a word, so the most
// severe come first and, where a severity overflows, its last slot says how many were not shown.

import type { Finding, Report, Severity } from '../types.js';
import { escapeCommandData, escapeCommandProperty } from './escape.js';
import { describeKind } from './rules.js';
import { sortFindings } from './order.js';

export const ANNOTATIONS_PER_SEVERITY = 10;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', notice: 'notice' };

export interface AnnotationOptions {
  /** Per-severity cap; GitHub's per-step limit by default. */
  perSeverity?: number;
}

function command(severity: Severity, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeCommandProperty(String(v))}`)
    .join(',');
  return `::${COMMAND[severity]}${list ? ` ${list}` : ''}::${escapeCommandData(message)}`;
}

function annotate(f: Finding): string {
  const name = f.columnName ? `${f.table ? `${f.table}.` : ''}${f.columnName}` : undefined;
  const title = `${describeKind(f.kind).title}${name ? `: ${name}` : ''}${f.level ? ` (${f.level})` : ''}`;
  const body = [f.message, f.why ? `Why: ${f.why}` : undefined, f.fix ? `Fix:\n${f.fix}` : undefined].filter(Boolean).join('\n');
  return command(f.severity, { file: f.file, line: f.line > 0 ? f.line : undefined, col: f.column, title }, body);
}

export function renderAnnotations(report: Report, options: AnnotationOptions = {}): string {
  const cap = Math.max(1, options.perSeverity ?? ANNOTATIONS_PER_SEVERITY);
  const bySeverity = new Map<Severity, Finding[]>();
  for (const f of sortFindings(report.findings)) {
    const list = bySeverity.get(f.severity) ?? [];
    list.push(f);
    bySeverity.set(f.severity, list);
  }
  const lines: string[] = [];
  for (const severity of ['error', 'warning', 'notice'] as const) {
    const list = bySeverity.get(severity) ?? [];
    if (list.length <= cap) {
      lines.push(...list.map(annotate));
      continue;
    }
    const shown = list.slice(0, cap - 1);
    lines.push(...shown.map(annotate));
    const hidden = list.length - shown.length;
    lines.push(
      command(
        severity,
        { title: `${hidden} more ${severity} findings not shown` },
        `GitHub shows at most ${cap} ${severity} annotations per step; ${hidden} more are listed in the job summary and the JSON report.`,
      ),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
