import { describe, expect, it } from 'vitest';
import { EventError, resolveEvent } from '../../src/action/event.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { patchLines } from '../../src/action/diff-lines.js';
import { retryDelay } from '../../src/action/client.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);
const repository = 'acme-retail/warehouse';

function pr(headRepo: string | null) {
  return {
    pull_request: {
      number: 42,
      base: { sha: BASE, repo: { full_name: repository } },
      head: { sha: HEAD, repo: headRepo === null ? null : { full_name: headRepo } },
    },
  };
}

describe('resolveEvent', () => {
  it('takes base and head SHAs from a pull_request and remembers the merge commit', () => {
    expect(resolveEvent('pull_request', pr(repository), { sha: MERGE, repository })).toEqual({
      event: 'pull_request', base: BASE, head: HEAD, pullNumber: 42, fork: false, mergeCommit: MERGE,
    });
  });

  it('marks fork pull requests, including a deleted fork, and never uses a merge commit on pull_request_target', () => {
    expect(resolveEvent('pull_request', pr('contributor/warehouse'), { repository }).fork).toBe(true);
    expect(resolveEvent('pull_request', pr(null), { repository }).fork).toBe(true);
    const target = resolveEvent('pull_request_target', pr('contributor/warehouse'), { sha: BASE, repository });
    expect(target).toMatchObject({ event: 'pull_request_target', base: BASE, head: HEAD, fork: true });
    expect(target.mergeCommit).toBeUndefined();
  });

  it('reads merge_group and push payloads; a new branch compares with the default branch', () => {
    expect(resolveEvent('merge_group', { merge_group: { base_sha: BASE, head_sha: HEAD } }, {})).toMatchObject({ base: BASE, head: HEAD });
    expect(resolveEvent('push', { before: BASE, after: HEAD }, {})).toMatchObject({ base: BASE, head: HEAD });
    expect(resolveEvent('push', { before: '0'.repeat(40), after: HEAD, repository: { default_branch: 'main' } }, {})).toMatchObject({ base: 'origin/main', head: HEAD });
  });

  it('requires a base for workflow_dispatch and lets inputs override the event', () => {
    expect(() => resolveEvent('workflow_dispatch', {}, { sha: HEAD })).toThrow(/needs a base/);
    expect(resolveEvent('workflow_dispatch', {}, { base: 'origin/main', sha: HEAD })).toMatchObject({ base: 'origin/main', head: HEAD });
    expect(resolveEvent('pull_request', pr(repository), { base: 'origin/release', repository }).base).toBe('origin/release');
  });

  it('rejects unknown events and malformed payloads with a clear message', () => {
    expect(() => resolveEvent('issues', {}, {})).toThrow(EventError);
    expect(() => resolveEvent('issues', {}, {})).toThrow(/Unsupported event "issues"/);
    expect(() => resolveEvent('pull_request', { pull_request: { number: 1 } }, {})).toThrow(/base.sha/);
  });
});

describe('readInputs', () => {
  it('applies defaults and validates values, naming the input', () => {
    expect(readInputs({ 'INPUT_GITHUB-TOKEN': 't' })).toMatchObject({ token: 't', comment: 'on-findings', annotations: true, reviewComments: false, workingDirectory: '.' });
    expect(() => readInputs({ 'INPUT_FAIL-LEVEL': 'secret' })).toThrow(InputError);
    expect(() => readInputs({ INPUT_COMMENT: 'sometimes' })).toThrow(/Input "comment"/);
    expect(() => readInputs({ INPUT_ANNOTATIONS: 'maybe' })).toThrow(/Input "annotations" must be true or false/);
    expect(readInputs({ 'INPUT_SARIF-FILE': 'out.sarif', 'INPUT_PULL-REQUEST': '12' })).toMatchObject({ sarifFile: 'out.sarif', pullRequest: 12 });
  });
});

describe('patchLines', () => {
  it('finds the head lines a unified diff adds and may carry review comments on', () => {
    const patch = ['@@ -1,3 +1,4 @@', ' CREATE TABLE customers (', '-  id int', '+  id bigint,', '+  email text', ' );', '\\ No newline at end of file', '@@ -10,2 +11,2 @@', ' -- tail', '+-- new'].join('\n');
    const { added, commentable } = patchLines(patch);
    expect([...added]).toEqual([2, 3, 12]);
    expect([...commentable]).toEqual([1, 2, 3, 4, 11, 12]);
  });
});

describe('retryDelay', () => {
  const err = (status: number, headers: Record<string, string> = {}, message = 'x') => ({ status, message, response: { headers, data: { message } } });
  it('waits on secondary rate limits and transient errors, never on plain permission errors', () => {
    expect(retryDelay(err(429, { 'retry-after': '3' }), 0)).toBe(3);
    expect(retryDelay(err(403, { 'retry-after': '1' }, 'You have exceeded a secondary rate limit'), 0)).toBe(1);
    expect(retryDelay(err(502), 1)).toBe(2);
    expect(retryDelay(err(403, {}, 'Resource not accessible by integration'), 0)).toBeUndefined();
    expect(retryDelay(err(422), 0)).toBeUndefined();
  });
});
