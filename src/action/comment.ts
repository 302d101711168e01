// One PR comment per pull request, found again by a hidden marker and edited in place, so re-runs
// never stack up comments. The comment is an issue comment (PR conversation tab).
import type { GitHubClient } from './client.js';

export const COMMENT_MARKER = '<!-- sensitivity-gate:comment -->';

/**
 * The marker of the gate's comment for one part of a monorepo: each working directory keeps its
 * own comment, so two gate jobs on one pull request never overwrite each other's. The root keeps
 * the plain marker.
 */
export function commentMarker(scope?: string): string {
  const key = (scope ?? '.').replace(/\\/g, '/').replace(/^\.\/+|\/+$/g, '');
  if (key === '' || key === '.') return COMMENT_MARKER;
  return `<!-- sensitivity-gate:comment scope=${encodeURIComponent(key)} -->`;
}

export interface Repo {
  owner: string;
  repo: string;
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string }
  | { action: 'skipped'; reason: string };

export function withMarker(body: string, marker = COMMENT_MARKER): string {
  return `${marker}\n${body}`;
}

/** The gate's own comment: the marker opens the body (a quote of it in a reply starts with `>`). */
export async function findGateComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
  marker = COMMENT_MARKER,
): Promise<{ id: number; body: string } | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    const found = page.data.find((c) => c.body?.startsWith(`${marker}\n`) || c.body === marker);
    if (found) return { id: found.id, body: found.body ?? '' };
  }
  return undefined;
}

export interface UpsertOptions {
  /** Create a new comment when none exists; when false only an existing one is updated. */
  create: boolean;
  /** The hidden marker that finds the comment again (see commentMarker). */
  marker?: string;
}

export async function upsertComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
  body: string,
  options: UpsertOptions,
): Promise<CommentOutcome> {
  const full = withMarker(body, options.marker);
  const existing = await findGateComment(client, repo, issueNumber, options.marker);
  if (existing) {
    if (existing.body === full) return { action: 'unchanged', id: existing.id };
    const { data } = await client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  if (!options.create) return { action: 'skipped', reason: 'nothing to report and no earlier comment to update' };
  const { data } = await client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full });
  return { action: 'created', id: data.id, url: data.html_url };
}
