// Makes the git history the diff needs available, or says it cannot. On a pull_request run with
// `fetch-depth: 2` the checked-out merge commit's first parent is the base tip, which is all we
// need. Otherwise both commits are fetched if missing and a shallow clone is deepened step by step
// until the merge base appears (a depth-1 fetch of the base alone has none). The caller falls back
// to the REST API when this returns undefined.
import { git } from '../changes/git.js';

export interface GitRange {
  base: string;
  head: string;
  /** How the range was found, for the log. */
  how: string;
}

export interface HistoryOptions {
  cwd: string;
  base: string;
  head: string;
  /** The pull_request merge commit that was checked out (GITHUB_SHA), if any. */
  mergeCommit?: string;
  log: (message: string) => void;
  /** `--deepen` steps tried in order before a full `--unshallow`. */
  deepenSteps?: number[];
}

async function succeeds(cwd: string, args: string[]): Promise<boolean> {
  try {
    await git(cwd, args);
    return true;
  } catch {
    return false;
  }
}

const hasCommit = (cwd: string, rev: string) => succeeds(cwd, ['cat-file', '-e', `${rev}^{commit}`]);

async function mergeBase(cwd: string, base: string, head: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['merge-base', base, head])).trim();
  } catch {
    return undefined;
  }
}

async function parents(cwd: string, rev: string): Promise<string[]> {
  try {
    return (await git(cwd, ['rev-list', '--parents', '-n', '1', rev])).trim().split(/\s+/).slice(1);
  } catch {
    return [];
  }
}

export async function prepareHistory(options: HistoryOptions): Promise<GitRange | undefined> {
  const { cwd, base, head, log } = options;
  if (!(await succeeds(cwd, ['rev-parse', '--is-inside-work-tree']))) {
    log('The workspace is not a git repository (no actions/checkout?).');
    return undefined;
  }

  if (options.mergeCommit) {
    const [first, second] = await parents(cwd, options.mergeCommit);
    // Trust the merge commit only when it really merges this PR head.
    if (first && second === head) {
      return { base: first, head: options.mergeCommit, how: `the merge commit ${options.mergeCommit.slice(0, 12)} (first parent = base tip)` };
    }
  }

  const hasOrigin = await succeeds(cwd, ['remote', 'get-url', 'origin']);
  for (const rev of [base, head]) {
    if (await hasCommit(cwd, rev)) continue;
    if (!hasOrigin) {
      log(`Commit ${rev} is not in the clone and there is no "origin" remote to fetch it from.`);
      return undefined;
    }
    log(`Fetching ${rev} from origin.`);
    const ref = rev.startsWith('origin/') ? `${rev.slice('origin/'.length)}:refs/remotes/${rev}` : rev;
    if (!(await succeeds(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', ref])) || !(await hasCommit(cwd, rev))) {
      log(`Could not fetch ${rev}.`);
      return undefined;
    }
  }

  let found = await mergeBase(cwd, base, head);
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() === 'true';
  if (!found && shallow && hasOrigin) {
    for (const step of options.deepenSteps ?? [16, 64, 256, 1024]) {
      log(`No merge base of ${base.slice(0, 12)} and ${head.slice(0, 12)} in the shallow clone; deepening by ${step} commits.`);
      if (!(await succeeds(cwd, ['fetch', '--no-tags', `--deepen=${step}`, 'origin', base, head]))) break;
      found = await mergeBase(cwd, base, head);
      if (found) break;
    }
    if (!found && (await succeeds(cwd, ['fetch', '--no-tags', '--unshallow', 'origin']))) found = await mergeBase(cwd, base, head);
  }
  if (!found) {
    log(`No merge base of ${base.slice(0, 12)} and ${head.slice(0, 12)}${shallow ? ' (shallow clone)' : ''}.`);
    return undefined;
  }
  return { base, head, how: `the merge base ${found.slice(0, 12)}` };
}
