// The Action: inputs → change set (git, else the REST API) → run() → JSON report, SARIF, job
// summary, annotations, one PR comment, optional review suggestions → exit code. The policy result
// alone decides the exit code: a reporting failure (403 on a fork) is explained, never fatal, and
// never hides a blocking finding. An internal error fails the step with its message.
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { GitError } from '../changes/git.js';
import { githubChangeSet } from '../changes/github.js';
import { renderAnnotations } from '../report/annotations.js';
import { COMMENT_LIMIT, renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { run } from '../run.js';
import type { Report } from '../types.js';
import { createClient, describeHttpError, httpStatus, type GitHubClient } from './client.js';
import { COMMENT_MARKER, commentMarker, upsertComment, type Repo } from './comment.js';
import { resolveEvent, type EventTarget } from './event.js';
import { prepareHistory } from './history.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { readPullRequestFacts, readReport, writeReport } from './report-file.js';
import { postReviewSuggestions } from './review.js';

type Env = Record<string, string | undefined>;

// The job summary is dropped whole above 1 MiB per step; stay well below.
const SUMMARY_LIMIT = 900 * 1024;
const FORK_DOC = 'docs/action.md#fork-pull-requests';

interface Context {
  env: Env;
  inputs: ActionInputs;
  repo: Repo;
  cwd: string;
  client?: GitHubClient;
}

function repoOf(env: Env): Repo {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set (expected "owner/repo"); is this running inside GitHub Actions?');
  return { owner, repo };
}

function readPayload(env: Env): unknown {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the event payload ${path}: ${(error as Error).message}`);
  }
}

/** Analyses with git when the history allows it, else with the REST API; says which in the log. */
async function analyse(ctx: Context, target: EventTarget): Promise<Report> {
  const { inputs, cwd } = ctx;
  const common = {
    cwd,
    scope: inputs.workingDirectory,
    ...(inputs.config ? { configPath: inputs.config } : {}),
    ...(inputs.failLevel ? { failLevel: inputs.failLevel } : {}),
    log: (m: string) => core.info(m),
  };
  if (!target.base) {
    core.info('No base commit for this event: auditing every matching file at the head.');
    return run({ ...common, head: target.head, all: true });
  }
  const range = await prepareHistory({
    cwd,
    base: target.base,
    head: target.head,
    ...(target.mergeCommit ? { mergeCommit: target.mergeCommit } : {}),
    log: (m) => core.info(m),
  });
  if (range) {
    try {
      const report = await run({ ...common, base: range.base, head: range.head });
      core.info(`Changed files were read with git, using ${range.how}.`);
      return report;
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      core.info(`git could not provide the change set (${error.message}).`);
    }
  }
  if (!ctx.client) throw new Error('The git history is not available and there is no github-token for the REST API fallback.');
  core.info('Falling back to the GitHub REST API for the changed files and their contents.');
  const changes = await githubChangeSet({
    client: ctx.client,
    ...ctx.repo,
    // The API names branches without the remote prefix that git needs.
    base: target.base.replace(/^origin\//, ''),
    head: target.head,
    ...(target.pullNumber !== undefined ? { pullNumber: target.pullNumber } : {}),
    log: (m) => core.info(m),
  });
  const report = await run({ ...common, changes });
  core.info('Changed files were read with the GitHub REST API.');
  return report;
}

interface Publication {
  report: Report;
  pullNumber?: number;
  headSha?: string;
  /** Writes to the PR are known to be refused (fork); the reason is logged once. */
  readOnlyReason?: string;
  /** Report mode: the step posts a result, it does not gate. */
  gate: boolean;
}

function urls(env: Env, repo: Repo) {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repoUrl = `${server}/${repo.owner}/${repo.repo}`;
  const summaryUrl = env.GITHUB_RUN_ID ? `${repoUrl}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return { repoUrl, ...(summaryUrl ? { summaryUrl } : {}) };
}

function explainWriteFailure(what: string, error: unknown): void {
  const status = httpStatus(error);
  const why =
    status === 403 || status === 404
      ? `the token may not write to this pull request (fork pull requests and Dependabot get a read-only token; the job needs "pull-requests: write"). The findings are in the annotations and the job summary; see ${FORK_DOC} for the two-workflow pattern.`
      : 'the findings are in the annotations and the job summary.';
  core.warning(`Could not post the ${what} (${describeHttpError(error)}): ${why}`);
}

async function publish(ctx: Context, p: Publication): Promise<void> {
  const { env, inputs, repo } = ctx;
  const { report } = p;
  const links = { ...urls(env, repo), ...(p.headSha ? { headSha: p.headSha } : {}) };

  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderMarkdown(report, { ...links, maxChars: SUMMARY_LIMIT }), true).write();
  }
  if (inputs.annotations) process.stdout.write(renderAnnotations(report));

  const hasFindings = report.findings.length > 0;
  if (inputs.comment === 'never') return;
  if (p.pullNumber === undefined) {
    core.info('Not a pull request: no PR comment.');
    return;
  }
  if (p.readOnlyReason) {
    core.notice(p.readOnlyReason);
    return;
  }
  if (!ctx.client) {
    core.warning('No github-token: no PR comment. The findings are in the annotations and the job summary.');
    return;
  }
  const marker = commentMarker(inputs.workingDirectory);
  const body = renderMarkdown(report, { ...links, scope: marker === COMMENT_MARKER ? undefined : inputs.workingDirectory, maxChars: COMMENT_LIMIT - marker.length - 64 });
  try {
    const outcome = await upsertComment(ctx.client, repo, p.pullNumber, body, { create: inputs.comment === 'always' || hasFindings, marker });
    core.info(outcome.action === 'skipped' ? `No PR comment: ${outcome.reason}.` : `PR comment ${outcome.action} (id ${outcome.id}).`);
  } catch (error) {
    explainWriteFailure('PR comment', error);
  }

  if (inputs.reviewComments && p.headSha && hasFindings) {
    const client = ctx.client;
    const headSha = p.headSha;
    const readHead = async (path: string) => {
      try {
        const { data } = await client.rest.repos.getContent({ ...repo, path, ref: headSha, mediaType: { format: 'raw' } });
        return typeof data === 'string' ? data : undefined;
      } catch {
        return undefined;
      }
    };
    try {
      const r = await postReviewSuggestions(client, repo, p.pullNumber, headSha, report.findings, readHead);
      core.info(`Review suggestions: ${r.posted} posted, ${r.skippedExisting} already there, ${r.notOnChangedLine} not on a line this PR added.`);
    } catch (error) {
      explainWriteFailure('review suggestions', error);
    }
  }
}

function setOutputs(report: Report, reportPath: string): void {
  core.setOutput('findings', report.findings.length);
  core.setOutput('blocking', report.summary.blocking);
  core.setOutput('max-level', report.summary.maxLevel);
  core.setOutput('report-path', reportPath);
}

async function reportMode(ctx: Context, payload: unknown, eventName: string): Promise<Publication> {
  const path = resolve(ctx.env.GITHUB_WORKSPACE ?? process.cwd(), ctx.inputs.report!);
  const report = await readReport(path);
  core.info(`Posting from the report ${path}; nothing is analysed in this step.`);
  const facts = await readPullRequestFacts(path);
  const event = eventName === 'workflow_run' ? resolveEvent(eventName, payload, { ...(ctx.env.GITHUB_REPOSITORY ? { repository: ctx.env.GITHUB_REPOSITORY } : {}) }) : undefined;
  const pullNumber = ctx.inputs.pullRequest ?? event?.pullNumber ?? facts?.number;
  let headSha = facts?.head ?? report.head;
  // The artifact comes from an unprivileged run that PR code could influence: only post to a pull
  // request whose head is the commit that run was for.
  if (pullNumber !== undefined && event?.triggeringHeadSha && ctx.client) {
    const { data: pr } = await ctx.client.rest.pulls.get({ ...ctx.repo, pull_number: pullNumber });
    if (pr.head.sha !== event.triggeringHeadSha) {
      throw new Error(
        `Pull request #${pullNumber} is at ${pr.head.sha.slice(0, 12)}, but the workflow run that produced the report was for ${event.triggeringHeadSha.slice(0, 12)}; refusing to post.`,
      );
    }
    headSha = event.triggeringHeadSha;
  }
  return { report, ...(pullNumber !== undefined ? { pullNumber } : {}), ...(headSha ? { headSha } : {}), gate: false };
}

async function analysisMode(ctx: Context, payload: unknown, eventName: string): Promise<Publication & { target: EventTarget }> {
  const { env, inputs } = ctx;
  const target = resolveEvent(eventName, payload, {
    ...(inputs.base ? { base: inputs.base } : {}),
    ...(inputs.head ? { head: inputs.head } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
  });
  core.info(`Event ${target.event}: base ${target.base ?? '(none)'}, head ${target.head}${target.pullNumber ? `, pull request #${target.pullNumber}` : ''}.`);
  if (target.event === 'pull_request_target') {
    core.info('pull_request_target: the pull request is read as data only; nothing from it is executed.');
  }
  const report = await analyse(ctx, target);
  const readOnlyReason =
    target.fork && target.event === 'pull_request'
      ? `This pull request comes from a fork, so its token is read-only: no PR comment is posted. The findings are in the annotations and the job summary; to comment on fork pull requests use the two-workflow pattern (${FORK_DOC}).`
      : undefined;
  return {
    target,
    report,
    ...(target.pullNumber !== undefined ? { pullNumber: target.pullNumber } : {}),
    headSha: target.head,
    ...(readOnlyReason ? { readOnlyReason } : {}),
    gate: true,
  };
}

export async function main(env: Env = process.env): Promise<void> {
  try {
    const inputs = readInputs(env);
    // No core.setSecret: it would echo the token in an add-mask command; the runner already masks
    // `github.token` and every `secrets.*` value passed as an input.
    const repo = repoOf(env);
    const cwd = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory);
    const client = inputs.token
      ? createClient({ token: inputs.token, ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}), log: (m) => core.info(m) })
      : undefined;
    const ctx: Context = { env, inputs, repo, cwd, ...(client ? { client } : {}) };
    const payload = readPayload(env);
    const eventName = env.GITHUB_EVENT_NAME ?? '';

    let publication: Publication;
    let reportPath: string;
    if (inputs.report) {
      publication = await reportMode(ctx, payload, eventName);
      reportPath = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.report);
    } else {
      const analysed = await analysisMode(ctx, payload, eventName);
      publication = analysed;
      reportPath = join(env.RUNNER_TEMP ?? tmpdir(), 'sensitivity-gate', 'report.json');
      const pr = analysed.pullNumber !== undefined ? { number: analysed.pullNumber, head: analysed.target.head, ...(analysed.target.base ? { base: analysed.target.base } : {}) } : undefined;
      await writeReport(reportPath, analysed.report, pr);
    }
    const { report } = publication;
    setOutputs(report, reportPath);

    if (inputs.sarifFile) {
      const sarifPath = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.sarifFile);
      await mkdir(dirname(sarifPath), { recursive: true });
      await writeFile(sarifPath, `${JSON.stringify(renderSarif(report), null, 2)}\n`);
      core.info(`SARIF written to ${sarifPath}.`);
    }

    await publish(ctx, publication);

    const s = report.summary;
    core.info(`${s.findings} findings, ${s.blocking} blocking; highest level ${s.maxLevel}; ${s.columns} columns classified.`);
    if (publication.gate && s.blocking > 0) {
      core.setFailed(`${s.blocking} blocking finding${s.blocking === 1 ? '' : 's'}: sensitivity rises without a documented justification. See the PR comment or the job summary for the fix.`);
    }
  } catch (error) {
    core.setFailed(`sensitivity-gate could not complete: ${error instanceof Error ? error.message : String(error)}`);
  }
}
