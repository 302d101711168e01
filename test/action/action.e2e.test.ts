// End to end: the bundled dist/action.js as a child process against a loopback GitHub API.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { ACTION, commitFile, git, OWNER, REPO, runAction, TOKEN, type RunResult } from './harness.js';
import { ADD_CONTACT, ADD_CONTACT_JUSTIFIED, addedFilePatch, MIGRATION, pullRequestPayload, pullRequestRepo, type PullRequestRepo } from './retail-repo.js';
import { scratchDir } from '../helpers/scratch.js';

const MARKER = '<!-- sensitivity-gate:comment -->';
let servers: FakeGitHub[] = [];

beforeAll(() => {
  if (!existsSync(ACTION)) execFileSync('npm', ['run', 'build'], { cwd: join(import.meta.dirname, '../..'), stdio: 'ignore' });
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(pr: PullRequestRepo, text = ADD_CONTACT) {
  const server = await startFakeGitHub({
    owner: OWNER,
    repo: REPO,
    repoDir: pr.dir,
    pull: { number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha, files: [{ filename: MIGRATION, status: 'added', patch: addedFilePatch(text) }] },
  });
  servers.push(server);
  return server;
}

function runPullRequest(pr: PullRequestRepo, server: FakeGitHub, inputs: Record<string, string> = {}, workspace = pr.dir, headRepo?: string) {
  return runAction({ workspace, apiUrl: server.url, eventName: 'pull_request', payload: pullRequestPayload(pr, headRepo), sha: pr.mergeSha, inputs });
}

const writes = (server: FakeGitHub) => server.requests.filter((r) => r.method !== 'GET');

function expectNoToken(result: RunResult) {
  for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]) expect(text).not.toContain(TOKEN);
}

describe('the bundled action on a pull request', () => {
  it('fails the check, creates one comment, annotates, summarises and sets outputs', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    const result = await runPullRequest(pr, server, { 'sarif-file': 'sensitivity-gate.sarif' });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Changed files were read with git, using the merge commit/);
    expect(result.stdout).toMatch(/::error::1 blocking finding: sensitivity rises without a documented justification/);
    expect(result.stdout).toMatch(new RegExp(`^::error file=${MIGRATION},line=4,.*title=.*public\\.customers\\.email`, 'm'));
    expect(result.outputs).toMatchObject({ findings: expect.stringMatching(/^[1-9]/), blocking: '1', 'max-level': 'confidential' });
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.some((f: { columnName?: string; blocking: boolean }) => f.columnName === 'email' && f.blocking)).toBe(true);
    expect(result.summary).toContain('❌ sensitivity-gate: 1 blocking finding');

    expect(writes(server)).toHaveLength(1);
    expect(writes(server)[0]).toMatchObject({ method: 'POST', path: `/repos/${OWNER}/${REPO}/issues/7/comments` });
    expect(server.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    const body = server.comments[0]!.body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain(`https://github.com/${OWNER}/${REPO}/blob/${pr.headSha}/${MIGRATION}#L4`);
    expect(body).toContain('purpose=');

    const sarif = JSON.parse(readFileSync(join(pr.dir, 'sensitivity-gate.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(MIGRATION);
    expectNoToken(result);
  });

  it('re-runs without a second comment, and turns the comment to all clear once justified', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    await runPullRequest(pr, server);
    const second = await runPullRequest(pr, server);
    expect(second.code).toBe(1);
    expect(server.comments).toHaveLength(1);
    // Identical body: nothing to write.
    expect(writes(server)).toHaveLength(1);

    // The author pastes the suggested annotation; the PR's new head and merge commit are checked out.
    git(pr.dir, 'checkout', '-q', 'feature/customer-contact');
    const fixedHead = commitFile(pr.dir, MIGRATION, ADD_CONTACT_JUSTIFIED, 'Justify the customer email');
    git(pr.dir, 'checkout', '-q', 'main');
    git(pr.dir, 'reset', '-q', '--hard', pr.baseSha);
    git(pr.dir, 'merge', '-q', '--no-ff', '-m', 'Merge fixed head', 'feature/customer-contact');
    const fixed = { ...pr, headSha: fixedHead, mergeSha: git(pr.dir, 'rev-parse', 'HEAD') };
    const third = await runPullRequest(fixed, server);

    expect(third.code).toBe(0);
    expect(third.outputs.blocking).toBe('0');
    expect(server.comments).toHaveLength(1);
    expect(writes(server).map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(server.comments[0]!.body).toContain('✅ sensitivity-gate: all clear');
  });

  it('keeps one comment per working directory, so two gate jobs in a monorepo never overwrite each other', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    await runPullRequest(pr, server);
    const scoped = await runPullRequest(pr, server, { 'working-directory': 'db' });
    expect(scoped.code).toBe(1);
    expect(server.comments).toHaveLength(2);
    expect(server.comments[0]!.body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(server.comments[1]!.body.startsWith('<!-- sensitivity-gate:comment scope=db -->\n')).toBe(true);
    expect(server.comments[1]!.body).toContain('sensitivity-gate (`db`)');
    // Re-running either job edits its own comment only.
    await runPullRequest(pr, server, { 'working-directory': 'db' });
    await runPullRequest(pr, server);
    expect(server.comments).toHaveLength(2);
  });

  it('keeps the failing status and explains why when posting the comment is refused (403)', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    server.failures.set(`POST /repos/${OWNER}/${REPO}/issues/7/comments`, [{ status: 403 }]);
    const result = await runPullRequest(pr, server);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::warning::Could not post the PR comment \(HTTP 403: Resource not accessible by integration\): the token may not write/);
    expect(result.stdout).toMatch(/^::error file=db\/migrations/m);
    expect(result.summary).toContain('public.customers.email');
    expect(server.comments).toHaveLength(0);
    expectNoToken(result);
  });

  it('waits out a secondary rate limit and then posts', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    server.failures.set(`GET /repos/${OWNER}/${REPO}/issues/7/comments`, [
      { status: 403, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' }, message: 'You have exceeded a secondary rate limit' },
    ]);
    const result = await runPullRequest(pr, server);
    expect(result.stdout).toMatch(/answered HTTP 403: You have exceeded a secondary rate limit; retrying in 1s/);
    expect(server.comments).toHaveLength(1);
  });

  it('does not try to comment on a fork pull request and says so', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    const result = await runPullRequest(pr, server, {}, pr.dir, 'contributor/warehouse');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::notice::This pull request comes from a fork/);
    expect(writes(server)).toHaveLength(0);
  });

  it('falls back to the REST API when the workspace has no usable history, and says so', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    // A depth-1 clone of the head alone: no base commit, no merge base, no origin to deepen from.
    const shallow = scratchDir('sg-shallow-');
    git(shallow, 'clone', '-q', '--depth=1', `file://${pr.dir}`, '.');
    git(shallow, 'remote', 'remove', 'origin');
    const result = await runPullRequest(pr, server, {}, shallow);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Falling back to the GitHub REST API/);
    expect(result.stdout).toMatch(/Changed files were read with the GitHub REST API/);
    expect(server.requests.some((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/pulls/7/files`))).toBe(true);
    expect(server.requests.some((r) => decodeURIComponent(r.path).includes(`/contents/${MIGRATION}?ref=${pr.headSha}`))).toBe(true);
    expect(result.outputs.blocking).toBe('1');
  });

  it('stays under the comment size limit with 500 findings', async () => {
    const columns = Array.from({ length: 500 }, (_, i) => `ALTER TABLE public.customers ADD COLUMN secondary_email_${i} varchar(320);`).join('\n');
    const pr = pullRequestRepo(`${columns}\n`);
    const server = await serve(pr, `${columns}\n`);
    const result = await runPullRequest(pr, server);
    expect(result.outputs.blocking).toBe('500');
    const body = server.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/not shown to stay within GitHub's size limit; see the \[job summary\]\(https:\/\/github\.com\/acme-retail\/warehouse\/actions\/runs\/4242\)/);
    // Ten error annotations per step: nine findings and one that counts the rest.
    expect(result.stdout.match(/^::error file=/gm)).toHaveLength(9);
    expect(result.stdout).toMatch(/^::error title=491 more error findings not shown::/m);
  });

  it('escapes a column named x|y<script>@team in the comment', async () => {
    const text = 'ALTER TABLE public.customers ADD COLUMN "x|y<script>@team" text;\n';
    const pr = pullRequestRepo(text);
    const server = await serve(pr, text);
    await runPullRequest(pr, server, { comment: 'always' });
    const body = server.comments[0]!.body;
    expect(body).toContain('x|y<script>@team'.replace('|', '\\|'));
    const outsideCode = body.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<script>|@team/);
    for (const row of body.split('\n').filter((l) => l.includes('x\\|y'))) {
      expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(7);
    }
  });

  it('posts one-click suggestions on changed lines once, when review-comments is on', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    await runPullRequest(pr, server, { 'review-comments': 'true' });
    await runPullRequest(pr, server, { 'review-comments': 'true' });
    expect(server.reviewComments).toHaveLength(1);
    const review = server.reviewComments[0]!;
    expect(review).toMatchObject({ path: MIGRATION, line: 4, commit_id: pr.headSha });
    expect(review.body).toMatch(/```suggestion\n-- sensitivity-gate: [^\n]*\n(--[^\n]*\n)*ALTER TABLE public\.customers ADD COLUMN email varchar\(320\);\n```/);
  });
});

describe('the fork-safe second workflow (report mode)', () => {
  async function analysedReport(pr: PullRequestRepo, server: FakeGitHub) {
    const analysis = await runPullRequest(pr, server, { comment: 'never' });
    expect(writes(server)).toHaveLength(0);
    return analysis.outputs['report-path']!;
  }

  it('posts the comment from the report artifact without analysing', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    const reportPath = await analysedReport(pr, server);
    const empty = scratchDir('sg-empty-');
    const payload = { action: 'completed', workflow_run: { head_sha: pr.headSha, pull_requests: [], head_repository: { full_name: 'contributor/warehouse' } } };
    const result = await runAction({ workspace: empty, apiUrl: server.url, eventName: 'workflow_run', payload, sha: pr.baseSha, inputs: { report: reportPath } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nothing is analysed in this step/);
    expect(result.outputs.blocking).toBe('1');
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]!.body).toContain(`/blob/${pr.headSha}/`);
  });

  it('refuses to post when the artifact names a pull request at another commit', async () => {
    const pr = pullRequestRepo();
    const server = await serve(pr);
    const reportPath = await analysedReport(pr, server);
    const payload = { action: 'completed', workflow_run: { head_sha: 'f'.repeat(40), pull_requests: [] } };
    const result = await runAction({ workspace: scratchDir('sg-empty-'), apiUrl: server.url, eventName: 'workflow_run', payload, sha: pr.baseSha, inputs: { report: reportPath } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::sensitivity-gate could not complete: Pull request #7 is at .* refusing to post/);
    expect(server.comments).toHaveLength(0);
  });

  it('fails clearly on a report that is not one', async () => {
    const bad = join(scratchDir('sg-bad-'), 'report.json');
    writeFileSync(bad, '{"schemaVersion": 2}');
    const server = await serve(pullRequestRepo());
    const result = await runAction({ workspace: scratchDir('sg-empty-'), apiUrl: server.url, eventName: 'workflow_run', payload: { workflow_run: { head_sha: 'a'.repeat(40) } }, sha: 'a'.repeat(40), inputs: { report: bad } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is not a sensitivity-gate report with schemaVersion 1');
  });
});
