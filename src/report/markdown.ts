// The Markdown body shared by the PR comment, the job summary and `--format markdown`: a summary
// line, the blocking findings with the fix to paste, and collapsed details. GitHub rejects comments
// over 65,536 characters, so rows are dropped by priority (columns first, blocking findings last)
// and every cut says how much was left out and where to see it.

import { LEVELS, levelRank, type ExtractError, type Finding, type Level, type Report, type ReportColumn } from '../types.js';
import { codeBlock, escapeMarkdown, escapeTableCell, inlineCode, link } from './escape.js';
import { blobUrl, type LinkTarget } from './links.js';
import { sortFindings } from './order.js';

export const COMMENT_LIMIT = 65_536;

export interface MarkdownOptions extends LinkTarget {
  /** Upper bound for the body, measured in UTF-8 bytes (never fewer than characters). */
  maxChars?: number;
  /** Where the complete report is (the job summary), linked from truncation notes. */
  summaryUrl?: string;
  /** The part of a monorepo this report covers (the Action's working-directory), named in the heading. */
  scope?: string;
}

interface Section {
  rows: string[];
  /** Renders the section with the given rows; `omitted` rows are announced in a note. */
  render(rows: string[], omitted: number): string;
}

const LEVEL_BADGE: Record<Level, string> = {
  public: '⚪ public',
  internal: '🔵 internal',
  confidential: '🟠 confidential',
  restricted: '🔴 restricted',
};

const size = (text: string) => Buffer.byteLength(text, 'utf8');

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function qualifiedName(table: string | undefined, column: string | undefined): string | undefined {
  if (!column) return table;
  return table ? `${table}.${column}` : column;
}

function locationCell(file: string, line: number, target: LinkTarget): string {
  const label = escapeMarkdown(line > 0 ? `${file}:${line}` : file);
  const url = blobUrl(target, file, line);
  return url ? link(label, url) : label;
}

function categoriesCell(categories: readonly string[]): string {
  return categories.length === 0 ? '–' : escapeTableCell(categories.join(', '), 120);
}

function levelCell(level: Level | undefined): string {
  return level ? LEVEL_BADGE[level] : '–';
}

function fenceLanguage(file: string): string {
  if (/\.sql$/i.test(file)) return 'sql';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.(py|ipynb)$/i.test(file)) return 'python';
  if (/\.json$/i.test(file)) return 'json';
  return '';
}

/**
 * The file a fix goes in when it is not the finding's own: a dbt model's justification goes in its
 * properties file (`# models/schema.yml:12, under "- name: email":`), which is YAML, not SQL.
 */
function fixTargetFile(firstLine: string): string | undefined {
  if (!/^\s*#/.test(firstLine)) return undefined;
  const named = /\S+\.ya?ml\b/i.exec(firstLine)?.[0];
  if (named) return named;
  return /properties file/i.test(firstLine) ? 'properties.yml' : undefined;
}

function omittedNote(omitted: number, what: string, summaryUrl: string | undefined): string {
  if (omitted <= 0) return '';
  const where = summaryUrl ? `; see the ${link('job summary', summaryUrl)} for all of them` : '';
  return `\n_${plural(omitted, what)} not shown to stay within GitHub's size limit${where}._\n`;
}

function summaryLine(report: Report): string {
  const s = report.summary;
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of report.findings) counts[f.severity]++;
  const parts = [`**${plural(s.blocking, 'blocking finding')}**`];
  const nonBlocking = report.findings.length - s.blocking;
  if (nonBlocking > 0) parts.push(plural(nonBlocking, 'other finding'));
  const byLevel = [...LEVELS]
    .reverse()
    .filter((l) => (s.byLevel[l] ?? 0) > 0)
    .map((l) => `${s.byLevel[l]} ${l}`)
    .join(', ');
  parts.push(`${plural(s.columns, 'column')} classified${byLevel ? ` (${byLevel})` : ''}`);
  parts.push(`highest level: **${s.maxLevel}**`);
  parts.push(`fail level: ${report.failLevel}`);
  if (report.errors.length > 0) parts.push(`⚠️ ${plural(s.filesWithErrors || report.errors.length, 'file')} could not be fully analysed`);
  if (s.overrides > 0) parts.push(plural(s.overrides, 'level override'));
  let line = parts.join(' · ');
  if (report.base && report.head) line += `\nCompared ${inlineCode(report.base.slice(0, 12))} → ${inlineCode(report.head.slice(0, 12))}.`;
  return line;
}

function heading(report: Report, scope: string | undefined): string {
  const blocking = report.summary.blocking;
  const name = scope ? `sensitivity-gate (${inlineCode(scope)})` : 'sensitivity-gate';
  return blocking > 0 ? `### ❌ ${name}: ${plural(blocking, 'blocking finding')}` : `### ✅ ${name}: all clear — no blocking findings`;
}

function findingRow(f: Finding, target: LinkTarget): string {
  const name = qualifiedName(f.table, f.columnName);
  return [
    '',
    locationCell(f.file, f.line, target),
    name ? inlineCode(name) : '–',
    levelCell(f.level),
    categoriesCell(f.categories),
    escapeTableCell(f.message),
    f.why ? escapeTableCell(f.why) : '–',
    '',
  ].join(' | ').trim();
}

const FINDING_HEADER = '| Location | Column | Level | Categories | Finding | Why |\n|---|---|---|---|---|---|';

/**
 * The fix as paste-able blocks. A fix may offer alternatives after a blank line introduced by a
 * comment such as `# or in data-justifications.yml:`; each becomes its own block in its own language.
 */
function fixBlocks(fix: string, file: string): string {
  const paragraphs = fix.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  return paragraphs
    .map((paragraph, i) => {
      const lines = paragraph.split('\n');
      const alternative = i > 0 ? /^\s*(?:#|--|\/\/)\s*(or\b.*?):?\s*$/i.exec(lines[0] ?? '') : null;
      if (!alternative) return codeBlock(paragraph, fenceLanguage(fixTargetFile(lines[0] ?? '') ?? file));
      const target = /\S+\.\w+/.exec(alternative[1]!)?.[0] ?? '';
      return `_${escapeMarkdown(alternative[1]!)}:_\n\n${codeBlock(lines.slice(1).join('\n'), fenceLanguage(target))}`;
    })
    .join('\n\n');
}

function fixEntry(f: Finding, target: LinkTarget): string {
  const name = qualifiedName(f.table, f.columnName);
  const title = name ? `**${inlineCode(name)}**` : `**${escapeMarkdown(f.kind)}**`;
  return `${title} — ${locationCell(f.file, f.line, target)}\n\n${fixBlocks(f.fix ?? '', f.file)}\n`;
}

function errorRow(e: ExtractError, target: LinkTarget): string {
  const kind = e.kind ? ` (${escapeMarkdown(e.kind)})` : '';
  return `- ${locationCell(e.file, e.line, target)}${kind}: ${escapeTableCell(e.message, 500)}`;
}

function columnRow(c: ReportColumn, target: LinkTarget): string {
  const level = c.override ? `${levelCell(c.level)} (overridden to ${c.override.level})` : levelCell(c.level);
  return [
    '',
    locationCell(c.file, c.line, target),
    inlineCode(`${c.table}.${c.column}`),
    c.type ? inlineCode(c.type, 60) : '–',
    level,
    categoriesCell(c.categories),
    c.change,
    c.justified ? 'yes' : 'no',
    '',
  ].join(' | ').trim();
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

function buildSections(report: Report, options: MarkdownOptions): Section[] {
  const sorted = sortFindings(report.findings);
  const blocking = sorted.filter((f) => f.blocking);
  const others = sorted.filter((f) => !f.blocking);
  const fixes = blocking.filter((f) => f.fix && f.fix.trim() !== '');
  const columns = [...report.columns].sort(
    (a, b) => levelRank(b.level) - levelRank(a.level) || a.file.localeCompare(b.file) || a.line - b.line,
  );
  const note = (omitted: number, what: string) => omittedNote(omitted, what, options.summaryUrl);

  // Listed in priority order: when space runs out, later sections lose rows first.
  return [
    {
      rows: blocking.map((f) => findingRow(f, options)),
      render: (rows, omitted) =>
        rows.length + omitted === 0 ? '' : `#### Blocking findings\n\n${FINDING_HEADER}\n${rows.join('\n')}\n${note(omitted, 'blocking finding')}`,
    },
    {
      rows: fixes.map((f) => fixEntry(f, options)),
      render: (rows, omitted) =>
        rows.length + omitted === 0
          ? ''
          : `#### How to fix\n\nPaste the annotation next to the column (fill in the purpose and justification), or move the data out of this change.\n\n${rows.join('\n')}${note(omitted, 'fix')}`,
    },
    {
      rows: report.errors.map((e) => errorRow(e, options)),
      render: (rows, omitted) =>
        rows.length + omitted === 0
          ? ''
          : details(`⚠️ ${plural(rows.length + omitted, 'problem')} reading changed files`, `${rows.join('\n')}\n${note(omitted, 'problem')}`),
    },
    {
      rows: others.map((f) => findingRow(f, options)),
      render: (rows, omitted) =>
        rows.length + omitted === 0
          ? ''
          : details(`${plural(rows.length + omitted, 'non-blocking finding')}`, `${FINDING_HEADER}\n${rows.join('\n')}\n${note(omitted, 'finding')}`),
    },
    {
      rows: columns.map((c) => columnRow(c, options)),
      render: (rows, omitted) =>
        rows.length + omitted === 0
          ? ''
          : details(
              `All ${plural(rows.length + omitted, 'classified column')}`,
              `| Location | Column | Type | Level | Categories | Change | Justified |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n${note(omitted, 'column')}`,
            ),
    },
  ];
}

function assemble(report: Report, options: MarkdownOptions, parts: string[]): string {
  const footer = `<sub>${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}${
    options.summaryUrl ? ` · ${link('full report in the job summary', options.summaryUrl)}` : ''
  }</sub>`;
  return [heading(report, options.scope), '', summaryLine(report), '', ...parts.filter((p) => p !== ''), footer, ''].join('\n');
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? COMMENT_LIMIT;
  const sections = buildSections(report, options);
  const full = assemble(report, options, sections.map((s) => s.render(s.rows, 0)));
  if (size(full) <= max) return full;

  // The skeleton announces every row as omitted, which is the longest any note can be, so the
  // rows chosen below always fit together with their notes.
  const skeleton = assemble(report, options, sections.map((s) => s.render([], s.rows.length)));
  let budget = max - size(skeleton);
  const kept = sections.map((s) => {
    const rows: string[] = [];
    for (const row of s.rows) {
      const cost = size(row) + 1;
      if (cost > budget) break;
      rows.push(row);
      budget -= cost;
    }
    return rows;
  });
  const body = assemble(report, options, sections.map((s, i) => s.render(kept[i]!, s.rows.length - kept[i]!.length)));
  // Only a pathological summary line could still overflow; cut it hard rather than be rejected.
  return size(body) <= max ? body : `${Buffer.from(body).subarray(0, max - 200).toString('utf8').replace(/\uFFFD$/, '')}\n\n_Truncated._\n`;
}
