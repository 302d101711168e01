// The change set from the GitHub REST API, for runs without usable git history (no checkout, a
// shallow clone without a merge base, pull_request_target). Files come from the pull request's file
// list (capped by GitHub at 3,000, which is reported) or from a compare; contents are fetched lazily
// per path at the merge base and the head, a few at a time, and cached.
import type { FileTree } from '../extract/types.js';
import type { GitHubClient } from '../action/client.js';
import { httpStatus } from '../action/client.js';
import type { ChangeSet, ChangedFile, FileStatus } from './types.js';

/** GitHub lists at most this many files for a pull request. */
export const PULL_FILES_LIMIT = 3000;
const MAX_CONCURRENT_READS = 4;

export interface GitHubChangeSetOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  base: string;
  head: string;
  pullNumber?: number;
  log?: (message: string) => void;
}

interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

export function toChangedFile(file: ApiFile): ChangedFile | undefined {
  const statuses: Record<string, FileStatus | undefined> = {
    added: 'added',
    copied: 'added',
    removed: 'deleted',
    modified: 'modified',
    changed: 'modified',
    renamed: 'renamed',
  };
  const status = statuses[file.status];
  if (!status) return undefined; // "unchanged"
  return status === 'renamed' && file.previous_filename
    ? { path: file.filename, oldPath: file.previous_filename, status }
    : { path: file.filename, status };
}

/** Runs `task`s with at most `limit` in flight: the API punishes bursts of parallel requests. */
function limiter(limit: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function apiTree(options: GitHubChangeSetOptions, ref: string, warnings: string[]): FileTree {
  const { client, owner, repo } = options;
  const texts = new Map<string, Promise<string | undefined>>();
  const limit = limiter(MAX_CONCURRENT_READS);
  let listing: Promise<string[]> | undefined;
  return {
    list() {
      listing ??= client.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: '1' }).then(({ data }) => {
        if (data.truncated) warnings.push(`The GitHub tree listing of ${ref.slice(0, 12)} is truncated; files beyond it were not seen.`);
        return data.tree.filter((e) => e.type === 'blob' && e.path).map((e) => e.path!);
      });
      return listing;
    },
    read(path: string) {
      let text = texts.get(path);
      if (!text) {
        text = limit(async () => {
          try {
            const response = await client.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } });
            const data: unknown = response.data;
            return typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
          } catch (error) {
            if (httpStatus(error) === 404) return undefined;
            throw error;
          }
        });
        texts.set(path, text);
      }
      return text;
    },
  };
}

async function pullRequestFiles(options: GitHubChangeSetOptions, pullNumber: number, warnings: string[]): Promise<ApiFile[]> {
  const { client, owner, repo } = options;
  const files = await client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
  if (files.length >= PULL_FILES_LIMIT) {
    warnings.push(
      `GitHub lists at most ${PULL_FILES_LIMIT} files of a pull request and this one has at least that many; files beyond the limit were not analysed. Check out the repository with history (actions/checkout fetch-depth: 0) so the gate can use git.`,
    );
  }
  return files;
}

async function compare(options: GitHubChangeSetOptions) {
  const { client, owner, repo, base, head } = options;
  const { data } = await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 100 });
  return data;
}

export async function githubChangeSet(options: GitHubChangeSetOptions): Promise<ChangeSet> {
  const warnings: string[] = [];
  const comparison = await compare(options);
  // Three-dot semantics, as on the "Files changed" tab: the base side is the merge base.
  const baseRef = comparison.merge_base_commit?.sha ?? options.base;
  let files: ApiFile[];
  if (options.pullNumber !== undefined) {
    files = await pullRequestFiles(options, options.pullNumber, warnings);
  } else {
    files = comparison.files ?? [];
    if (files.length >= 300) {
      warnings.push('The GitHub compare API lists at most 300 files; files beyond the limit were not analysed. Check out the repository with history so the gate can use git.');
    }
  }
  const changed = files.map(toChangedFile).filter((f): f is ChangedFile => f !== undefined);
  options.log?.(`Read ${changed.length} changed files from the GitHub API (${baseRef.slice(0, 12)}...${options.head.slice(0, 12)}).`);
  return {
    mode: 'diff',
    baseRef,
    headRef: options.head,
    files: changed,
    base: apiTree(options, baseRef, warnings),
    head: apiTree(options, options.head, warnings),
    source: 'github-api',
    warnings,
  };
}
