// Review comments with a one-click ```suggestion: where a finding sits on a line the PR added, the
// suggestion re-writes that line with the fix's comment annotation above it or, in a YAML file (dbt
// properties, contracts), with the fix's YAML block under it.
// Each comment carries the finding's fingerprint so a re-run never posts it twice.
import type { Finding } from '../types.js';
import { fenceFor, inlineCode } from '../report/escape.js';
import { findingFingerprint } from '../report/fingerprint.js';
import type { GitHubClient } from './client.js';
import type { Repo } from './comment.js';
import { patchLines } from './diff-lines.js';
import { yamlFixBlock, yamlInsertion } from './yaml-insertion.js';

const REVIEW_MARKER = 'sensitivity-gate:review';

export function reviewMarker(f: Finding): string {
  return `<!-- ${REVIEW_MARKER} ${findingFingerprint(f)} -->`;
}

/**
 * The annotation to insert above the column: the fix's first paragraph, when every line of it is a
 * comment (later paragraphs offer alternatives such as a registry entry, which are not insertable).
 */
export function insertableAnnotation(fix: string): string[] | undefined {
  const first = fix.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/)[0] ?? '';
  const lines = first.split('\n');
  return lines.length > 0 && lines.every((l) => /^\s*(--|#|\/\/)/.test(l)) ? lines : undefined;
}

export interface Suggestion {
  path: string;
  line: number;
  body: string;
}

const YAML_FILE = /\.ya?ml$/i;

/** The lines that replace the finding's line: the annotation above it, or a YAML block under it. */
function replacementFor(f: Finding, lines: readonly string[]): string[] | undefined {
  const lineText = lines[f.line - 1];
  if (!f.fix || lineText === undefined) return undefined;
  const annotation = insertableAnnotation(f.fix);
  if (annotation) {
    const indent = /^\s*/.exec(lineText)![0];
    return [...annotation.map((l) => indent + l.trimStart()), lineText];
  }
  if (!YAML_FILE.test(f.file)) return undefined;
  const block = yamlFixBlock(f.fix);
  return block ? yamlInsertion(block, lines, f.line - 1) : undefined;
}

/** The suggestion for one finding, given the head side's text of the file it points at. */
export function suggestionFor(f: Finding, fileText: string): Suggestion | undefined {
  const lines = fileText.split(/\r?\n/);
  const replaced = replacementFor(f, lines);
  if (!replaced) return undefined;
  const replacement = replaced.join('\n');
  const fence = fenceFor(replacement);
  const name = f.columnName ? inlineCode((f.table ? `${f.table}.` : '') + f.columnName) : 'this column';
  const body = [
    reviewMarker(f),
    `**sensitivity-gate**: ${name} needs a documented purpose (${f.level ?? 'sensitive'}). Apply the suggestion and fill in the justification:`,
    '',
    `${fence}suggestion`,
    replacement,
    fence,
  ].join('\n');
  return { path: f.file, line: f.line, body };
}

export interface ReviewResult {
  posted: number;
  skippedExisting: number;
  notOnChangedLine: number;
}

export async function postReviewSuggestions(
  client: GitHubClient,
  repo: Repo,
  pullNumber: number,
  headSha: string,
  findings: readonly Finding[],
  readHead: (path: string) => Promise<string | undefined>,
): Promise<ReviewResult> {
  const result: ReviewResult = { posted: 0, skippedExisting: 0, notOnChangedLine: 0 };
  const candidates = findings.filter((f) => f.blocking && f.line > 0 && f.fix);
  if (candidates.length === 0) return result;

  const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  const added = new Map(files.map((file) => [file.filename, patchLines(file.patch).added]));
  const existing = await client.paginate(client.rest.pulls.listReviewComments, { ...repo, pull_number: pullNumber, per_page: 100 });
  const posted = new Set(existing.map((c) => /<!-- sensitivity-gate:review ([0-9a-f]+) -->/.exec(c.body)?.[1]).filter(Boolean));

  for (const f of candidates) {
    if (posted.has(findingFingerprint(f))) {
      result.skippedExisting++;
      continue;
    }
    if (!added.get(f.file)?.has(f.line)) {
      result.notOnChangedLine++;
      continue;
    }
    const text = await readHead(f.file);
    if (text === undefined) continue;
    const suggestion = suggestionFor(f, text);
    if (!suggestion) continue;
    // One at a time: content-creating requests count against the secondary rate limit.
    await client.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pullNumber,
      commit_id: headSha,
      path: suggestion.path,
      line: suggestion.line,
      side: 'RIGHT',
      body: suggestion.body,
    });
    posted.add(findingFingerprint(f));
    result.posted++;
  }
  return result;
}
