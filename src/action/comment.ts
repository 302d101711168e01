// One PR comment per pull request, found again by a hidden marker and edited in place, so re-runs
// never stack up comments. The comment is an issue comment (PR conversation tab).
import type { GitHubClient } from './client.js';

export const COMMENT_MARKER = '<!-- sensitivity-gate:comment -->';

export interface Repo {
  owner: string;
  repo: string;
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string }
  | { action: 'skipped'; reason: string };

export function withMarker(body: string): string {
  return `${COMMENT_MARKER}\n${body}`;
}

/** The gate's own comment: the marker opens the body (a quote of it in a reply starts with `>`). */
export async function findGateComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
): Promise<{ id: number; body: string } | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    const found = page.data.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (found) return { id: found.id, body: found.body ?? '' };
  }
  return undefined;
}

export interface UpsertOptions {
  /** Create a new comment when none exists; when false only an existing one is updated. */
  create: boolean;
}

export async function upsertComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
  body: string,
  options: UpsertOptions,
): Promise<CommentOutcome> {
  const full = withMarker(body);
  const existing = await findGateComment(client, repo, issueNumber);
  if (existing) {
    if (existing.body === full) return { action: 'unchanged', id: existing.id };
    const { data } = await client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  if (!options.create) return { action: 'skipped', reason: 'nothing to report and no earlier comment to update' };
  const { data } = await client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full });
  return { action: 'created', id: data.id, url: data.html_url };
}
