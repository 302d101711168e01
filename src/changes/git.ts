// The change set from local git history: the merge base of base and head, `diff --name-status -M`,
// and both sides' file texts through one long-lived `git cat-file --batch` process (one process
// for the whole run, not one `git show` per file).

import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FileTree } from '../extract/types.js';
import type { ChangeSet, ChangedFile, FileStatus } from './types.js';

const execFileAsync = promisify(execFile);

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; code?: string | number; message: string };
    if (e.code === 'ENOENT') throw new GitError('git is not installed or not on PATH');
    const detail = (e.stderr || e.message).trim().split('\n')[0];
    throw new GitError(`git ${args[0]} failed: ${detail}`);
  }
}

export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError(`${cwd} is not inside a git repository (run sensitivity-gate from a repository, or pass --all in one)`);
  }
}

export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown ref "${ref}": no commit by that name (fetch it, e.g. git fetch origin ${ref})`);
  }
}

async function tryResolve(cwd: string, ref: string): Promise<string | undefined> {
  try {
    return await resolveCommit(cwd, ref);
  } catch {
    return undefined;
  }
}

/** Without --base: the merge base with origin/HEAD, else main, else master. */
export async function defaultBaseRef(cwd: string): Promise<string> {
  for (const ref of ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master']) {
    if (await tryResolve(cwd, ref)) return ref;
  }
  throw new GitError('no base branch found: none of origin/HEAD, origin/main, origin/master, main, master exists; pass --base REF, or --all to audit every file');
}

export async function mergeBase(cwd: string, base: string, head: string): Promise<string> {
  try {
    return (await git(cwd, ['merge-base', base, head])).trim();
  } catch {
    const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() === 'true';
    throw new GitError(
      `no merge base between ${base} and ${head}` +
        (shallow ? ' (this clone is shallow: fetch more history, e.g. git fetch --deepen=50, or use fetch-depth: 0)' : ''),
    );
  }
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'added', T: 'modified' };

/** Parses `git diff --name-status -M -z` output. */
export function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < parts.length) {
    const code = parts[i++];
    if (!code) continue;
    const letter = code[0]!;
    const status = STATUS[letter];
    if (letter === 'R' || letter === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      if (from === undefined || to === undefined) break;
      files.push(letter === 'R' ? { path: to, oldPath: from, status: 'renamed' } : { path: to, status: 'added' });
    } else {
      const path = parts[i++];
      if (path === undefined || !status) continue;
      files.push({ path, status });
    }
  }
  return files;
}

interface Pending {
  resolve(text: string | undefined): void;
  reject(err: Error): void;
}

/** One `git cat-file --batch` process answering object requests (`rev:path` or an id) in order. */
export class CatFileBatch {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the object being read still needs before parsing can go on. */
  private needed = 0;
  private failed: Error | undefined;

  constructor(private readonly cwd: string) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const proc = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdout.on('data', (chunk: Buffer) => {
      // Chunks are joined only once an object is complete: joining on every chunk would copy a
      // large blob (a 50 MB notebook) once per 64 KB read.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes >= this.needed) this.drain();
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const p of this.queue.splice(0)) p.reject(err);
    };
    proc.on('error', (err) => fail(new GitError(`git cat-file failed: ${err.message}`)));
    proc.on('close', (code) => {
      if (this.queue.length) fail(new GitError(`git cat-file exited with code ${code}`));
      this.proc = undefined;
    });
    proc.stdin.on('error', () => undefined);
    this.proc = proc;
    return proc;
  }

  private drain(): void {
    if (this.pending.length) {
      this.buffer = Buffer.concat([this.buffer, ...this.pending]);
      this.pending = [];
      this.pendingBytes = 0;
    }
    this.needed = 0;
    while (this.queue.length) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.queue.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isFinite(size)) {
        this.queue.shift()!.reject(new GitError(`unexpected git cat-file output: ${header.slice(0, 80)}`));
        this.buffer = this.buffer.subarray(nl + 1);
        continue;
      }
      if (this.buffer.length < nl + 1 + size + 1) {
        this.needed = nl + 1 + size + 1 - this.buffer.length;
        return;
      }
      const body = this.buffer.subarray(nl + 1, nl + 1 + size);
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      const type = header.split(' ')[1];
      this.queue.shift()!.resolve(type === 'blob' ? body.toString('utf8') : undefined);
    }
  }

  /** The text of an object given as `rev:path` or by id; undefined when it does not exist. */
  read(object: string): Promise<string | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r]/.test(object)) return Promise.resolve(undefined);
    const proc = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      proc.stdin.write(`${object}\n`);
    });
  }

  close(): void {
    this.proc?.stdin.end();
    this.proc = undefined;
  }
}

export function gitTree(cwd: string, rev: string, batch: CatFileBatch): FileTree {
  // `rev:path` makes git walk the tree for every request, which is slow in large directories;
  // once the tree is listed, blobs are read by id instead.
  let listing: Promise<Map<string, string>> | undefined;
  let blobs: Map<string, string> | undefined;
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    async list() {
      listing ??= git(cwd, ['ls-tree', '-r', '-z', '--full-tree', rev]).then((out) => {
        const map = new Map<string, string>();
        for (const entry of out.split('\0')) {
          // `<mode> <type> <object>\t<path>`
          const tab = entry.indexOf('\t');
          if (tab < 0) continue;
          const [, type, object] = entry.slice(0, tab).split(' ');
          if (type === 'blob' && object) map.set(entry.slice(tab + 1), object);
        }
        blobs = map;
        return map;
      });
      return [...(await listing).keys()];
    },
    read(path) {
      let hit = cache.get(path);
      if (!hit) {
        const object = blobs?.get(path);
        hit = blobs && !object ? Promise.resolve(undefined) : batch.read(object ?? `${rev}:${path}`);
        cache.set(path, hit);
      }
      return hit;
    },
  };
}

const emptyTree: FileTree = { list: async () => [], read: async () => undefined };

export interface GitChangeOptions {
  cwd: string;
  base?: string;
  head?: string;
  all?: boolean;
  /** Check the working tree (uncommitted and untracked files) against the merge base with HEAD. */
  worktree?: boolean;
}

/**
 * The working tree as a side: files as they are on disk, limited to what git tracks or would
 * track (ignored files are not part of a change).
 */
function worktreeTree(root: string): FileTree {
  let listing: Promise<string[]> | undefined;
  return {
    list() {
      listing ??= git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).then((out) =>
        [...new Set(out.split('\0').filter(Boolean))].filter((p) => existsSync(join(root, p))),
      );
      return listing;
    },
    async read(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** Builds the change set from git. Throws GitError with a clear message when git cannot. */
export async function gitChangeSet(options: GitChangeOptions): Promise<ChangeSet> {
  const root = await repositoryRoot(options.cwd);
  const headRef = options.head ?? 'HEAD';
  const head = await resolveCommit(root, headRef);
  const batch = new CatFileBatch(root);
  const headTree = gitTree(root, head, batch);
  if (options.all) {
    const files = (await headTree.list()).map((path): ChangedFile => ({ path, status: 'added' }));
    return { mode: 'all', headRef: head, files, base: emptyTree, head: headTree, source: 'git', close: () => batch.close() };
  }
  const baseName = options.base ?? (await defaultBaseRef(root));
  const baseTip = await resolveCommit(root, baseName);
  const base = await mergeBase(root, baseTip, head);
  if (options.worktree) {
    // Tracked changes against the merge base, as on disk, plus files git does not track yet.
    const tracked = parseNameStatus(await git(root, ['diff', '--name-status', '-M', '-z', '--no-ext-diff', base]));
    const untracked = (await git(root, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter(Boolean);
    const files = [...tracked, ...untracked.map((path): ChangedFile => ({ path, status: 'added' }))];
    return { mode: 'diff', baseRef: base, headRef: 'worktree', files, base: gitTree(root, base, batch), head: worktreeTree(root), source: 'worktree', close: () => batch.close() };
  }
  const files = parseNameStatus(await git(root, ['diff', '--name-status', '-M', '-z', '--no-ext-diff', base, head]));
  return {
    mode: 'diff',
    baseRef: base,
    headRef: head,
    files,
    base: gitTree(root, base, batch),
    head: headTree,
    source: 'git',
    close: () => batch.close(),
  };
}
