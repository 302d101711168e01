// Which head-side lines a pull request touched, from the unified-diff `patch` GitHub returns per
// file. A review comment may only sit on a line inside a hunk; anywhere else the API answers 422.

export interface PatchLines {
  /** Lines this pull request wrote. */
  added: Set<number>;
  /** Added plus unchanged context lines: every head line a review comment may be placed on. */
  commentable: Set<number>;
}

export function patchLines(patch: string | undefined): PatchLines {
  const added = new Set<number>();
  const commentable = new Set<number>();
  let head = 0;
  for (const line of (patch ?? '').split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      head = Number(hunk[1]);
      continue;
    }
    // Before the first hunk, removed lines and "\ No newline at end of file" have no head line.
    if (head === 0 || line.startsWith('-') || line.startsWith('\\')) continue;
    if (line.startsWith('+')) added.add(head);
    commentable.add(head);
    head++;
  }
  return { added, commentable };
}
