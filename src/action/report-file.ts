// The JSON report and the pull-request facts written next to it. In the fork-safe pattern the
// analysis job uploads this directory as an artifact and a privileged workflow_run job posts from
// it, so reading it back treats every byte as untrusted.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderJson } from '../report/json.js';
import { LEVELS, type Report } from '../types.js';

export interface PullRequestFacts {
  number: number;
  head: string;
  base?: string;
}

export const PULL_REQUEST_FILE = 'pull-request.json';

export async function writeReport(path: string, report: Report, pr?: PullRequestFacts): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderJson(report));
  if (pr) await writeFile(join(dirname(path), PULL_REQUEST_FILE), `${JSON.stringify(pr, null, 2)}\n`);
}

export class ReportFileError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a report, checking the shape the renderers rely on (not every field). */
export async function readReport(path: string): Promise<Report> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ReportFileError(`Cannot read the report ${path}: ${(error as Error).message}`);
  }
  if (!isRecord(data) || data['schemaVersion'] !== 1) {
    throw new ReportFileError(`${path} is not a sensitivity-gate report with schemaVersion 1.`);
  }
  const summary = data['summary'];
  if (!Array.isArray(data['findings']) || !Array.isArray(data['columns']) || !Array.isArray(data['errors']) || !isRecord(summary)) {
    throw new ReportFileError(`${path} lacks findings, columns, errors or summary.`);
  }
  if (!LEVELS.includes(summary['maxLevel'] as never) || typeof summary['blocking'] !== 'number') {
    throw new ReportFileError(`${path} has an invalid summary.`);
  }
  for (const [i, f] of (data['findings'] as unknown[]).entries()) {
    if (!isRecord(f) || typeof f['file'] !== 'string' || typeof f['line'] !== 'number' || typeof f['message'] !== 'string' || !Array.isArray(f['categories'])) {
      throw new ReportFileError(`${path}: findings[${i}] is malformed.`);
    }
  }
  for (const [i, c] of (data['columns'] as unknown[]).entries()) {
    if (!isRecord(c) || typeof c['file'] !== 'string' || typeof c['column'] !== 'string' || typeof c['table'] !== 'string' || !Array.isArray(c['categories'])) {
      throw new ReportFileError(`${path}: columns[${i}] is malformed.`);
    }
  }
  return data as unknown as Report;
}

export async function readPullRequestFacts(reportPath: string): Promise<PullRequestFacts | undefined> {
  try {
    const data: unknown = JSON.parse(await readFile(join(dirname(reportPath), PULL_REQUEST_FILE), 'utf8'));
    if (isRecord(data) && typeof data['number'] === 'number' && typeof data['head'] === 'string') {
      return { number: data['number'], head: data['head'], ...(typeof data['base'] === 'string' ? { base: data['base'] } : {}) };
    }
  } catch {
    // Absent or unreadable: the event payload or the `pull-request` input must say which PR.
  }
  return undefined;
}
