import type { FileTree } from '../extract/types.js';

export type FileStatus = 'added' | 'modified' | 'renamed' | 'deleted';

export interface ChangedFile {
  path: string;
  /** For renames: the path at base. */
  oldPath?: string;
  status: FileStatus;
}

/** Which files changed between two sides, and read access to both sides. */
export interface ChangeSet {
  mode: 'diff' | 'all';
  /** Resolved commit of the base side (the merge base in diff mode); undefined in `all` mode. */
  baseRef?: string;
  headRef: string;
  files: ChangedFile[];
  base: FileTree;
  head: FileTree;
  /** How the change set was obtained; the Action says it in the log. */
  source: 'git' | 'github-api' | 'worktree';
  /** Problems that limit what was seen (e.g. the API's 3,000-file cap). Reported in `errors`. */
  warnings?: string[];
  /** Releases resources (the long-lived git process). */
  close?(): void;
}
