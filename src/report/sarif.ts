// SARIF 2.1.0 for GitHub code scanning: one rule per finding kind (stable ids with help text) and
// partialFingerprints that ignore line numbers, so an alert survives edits above it and re-runs do
// not open duplicates. Unreadable files become tool notifications, not silent gaps.

import type { Finding, Report, Severity } from '../types.js';
import { findingFingerprint } from './fingerprint.js';
import { describeKind } from './rules.js';
import { sortFindings } from './order.js';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

function ruleId(kind: string): string {
  return `sensitivity-gate/${kind}`;
}

function result(f: Finding, ruleIndex: number) {
  const name = f.columnName ? `${f.table ? `${f.table}.` : ''}${f.columnName}` : undefined;
  return {
    ruleId: ruleId(f.kind),
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: [f.message, f.why, f.fix ? `Fix:\n${f.fix}` : undefined].filter(Boolean).join('\n') },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line), ...(f.column ? { startColumn: f.column } : {}) },
        },
        ...(name ? { logicalLocations: [{ fullyQualifiedName: name, kind: 'member' }] } : {}),
      },
    ],
    partialFingerprints: { 'sensitivityGateFinding/v1': findingFingerprint(f) },
    properties: {
      blocking: f.blocking,
      ...(f.level ? { level: f.level } : {}),
      categories: f.categories,
      classifierRule: f.rule,
      ...(f.heuristic ? { heuristic: true } : {}),
    },
  };
}

export function renderSarif(report: Report): object {
  const findings = sortFindings(report.findings);
  const kinds = [...new Set(findings.map((f) => f.kind))].sort();
  const rules = kinds.map((kind) => {
    const d = describeKind(kind);
    const worst = findings.find((f) => f.kind === kind)!;
    return {
      id: ruleId(kind),
      name: d.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
      shortDescription: { text: d.title },
      fullDescription: { text: d.description },
      help: { text: d.help, markdown: `**${d.title}**\n\n${d.description}\n\n${d.help}` },
      defaultConfiguration: { level: SARIF_LEVEL[worst.severity] },
      properties: { tags: ['privacy', 'data-protection'], precision: 'high' },
    };
  });
  const index = new Map(kinds.map((k, i) => [k, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, e.line) } } }],
            })),
          },
        ],
        results: findings.map((f) => result(f, index.get(f.kind)!)),
      },
    ],
  };
}
