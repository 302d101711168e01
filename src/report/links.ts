// Links from a report location to the file at the head commit on GitHub.

export interface LinkTarget {
  repoUrl?: string;
  headSha?: string;
}

/** `https://github.com/o/r/blob/<sha>/<path>#L<line>`, or undefined when repo or sha is unknown. */
export function blobUrl(target: LinkTarget, file: string, line?: number): string | undefined {
  if (!target.repoUrl || !target.headSha) return undefined;
  const path = file.split('/').map(encodeURIComponent).join('/');
  const anchor = line && line > 0 ? `#L${line}` : '';
  return `${target.repoUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(target.headSha)}/${path}${anchor}`;
}
