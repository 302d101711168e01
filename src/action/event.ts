// Which two commits a workflow run compares, read from the event payload. Pure: the payload and
// the inputs in, a target out, so every event shape is testable without a runner.

export type SupportedEvent = 'pull_request' | 'pull_request_target' | 'merge_group' | 'push' | 'workflow_dispatch' | 'workflow_run';

export interface EventTarget {
  event: SupportedEvent;
  /** Commit (or ref) of the base side; undefined when only a full analysis makes sense. */
  base?: string;
  head: string;
  /** The pull request to comment on, when there is one. */
  pullNumber?: number;
  /** The head branch lives in another repository: the token is read-only and secrets are withheld. */
  fork: boolean;
  /** The run checked out the PR's test-merge commit (pull_request), so `HEAD^1` is the base tip. */
  mergeCommit?: string;
  /** For workflow_run: the head commit of the run that produced the report. */
  triggeringHeadSha?: string;
}

export class EventError extends Error {}

const ZERO_SHA = /^0+$/;

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function at(root: unknown, ...path: string[]): unknown {
  let cur: unknown = root;
  for (const key of path) cur = obj(cur)?.[key];
  return cur;
}

export interface EventInputs {
  base?: string;
  head?: string;
  /** `GITHUB_SHA`: the commit the run checked out. */
  sha?: string;
  /** `GITHUB_REPOSITORY`, to tell forks apart. */
  repository?: string;
}

export function resolveEvent(eventName: string, payload: unknown, inputs: EventInputs): EventTarget {
  const override = (target: EventTarget): EventTarget => ({
    ...target,
    ...(inputs.base ? { base: inputs.base } : {}),
    ...(inputs.head ? { head: inputs.head } : {}),
  });

  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = at(payload, 'pull_request');
      const base = str(at(pr, 'base', 'sha'));
      const head = str(at(pr, 'head', 'sha'));
      const number = at(pr, 'number');
      if (!base || !head || typeof number !== 'number') {
        throw new EventError(`The ${eventName} payload has no pull_request.base.sha / head.sha / number.`);
      }
      const baseRepo = str(at(pr, 'base', 'repo', 'full_name')) ?? inputs.repository;
      // A deleted fork leaves head.repo null; it is still a fork.
      const headRepo = str(at(pr, 'head', 'repo', 'full_name'));
      const target: EventTarget = { event: eventName, base, head, pullNumber: number, fork: headRepo !== baseRepo };
      if (eventName === 'pull_request' && inputs.sha && inputs.sha !== head) target.mergeCommit = inputs.sha;
      return override(target);
    }
    case 'merge_group': {
      const base = str(at(payload, 'merge_group', 'base_sha'));
      const head = str(at(payload, 'merge_group', 'head_sha'));
      if (!base || !head) throw new EventError('The merge_group payload has no merge_group.base_sha / head_sha.');
      return override({ event: eventName, base, head, fork: false });
    }
    case 'push': {
      const before = str(at(payload, 'before'));
      const after = str(at(payload, 'after')) ?? inputs.sha;
      if (!after) throw new EventError('The push payload has no "after" commit.');
      // A new branch has no "before": compare with the default branch instead.
      const defaultBranch = str(at(payload, 'repository', 'default_branch'));
      const base = before && !ZERO_SHA.test(before) ? before : defaultBranch ? `origin/${defaultBranch}` : undefined;
      return override({ event: eventName, ...(base ? { base } : {}), head: after, fork: false });
    }
    case 'workflow_dispatch': {
      const base = inputs.base ?? str(at(payload, 'inputs', 'base'));
      const head = inputs.head ?? str(at(payload, 'inputs', 'head')) ?? inputs.sha;
      if (!base) throw new EventError('workflow_dispatch needs a base: set the action input `base` (e.g. `origin/main`).');
      if (!head) throw new EventError('workflow_dispatch needs a head commit: set the action input `head`.');
      return { event: eventName, base, head, fork: false };
    }
    case 'workflow_run': {
      const run = at(payload, 'workflow_run');
      const head = str(at(run, 'head_sha'));
      if (!head) throw new EventError('The workflow_run payload has no workflow_run.head_sha.');
      const prs = at(run, 'pull_requests');
      const first = Array.isArray(prs) ? obj(prs[0]) : undefined;
      const number = first?.['number'];
      const headRepo = str(at(run, 'head_repository', 'full_name'));
      return {
        event: eventName,
        head,
        triggeringHeadSha: head,
        ...(typeof number === 'number' ? { pullNumber: number } : {}),
        fork: headRepo !== undefined && headRepo !== inputs.repository,
      };
    }
    default:
      throw new EventError(
        `Unsupported event "${eventName}". sensitivity-gate runs on pull_request, pull_request_target, merge_group, push, workflow_dispatch and workflow_run (report mode).`,
      );
  }
}
