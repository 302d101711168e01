// A loopback stand-in for the few GitHub REST endpoints the Action calls, with GitHub's response
// shapes. File contents and trees are served from a real git repository built by the test, and
// every request is recorded so tests can assert exactly which writes happened.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: Record<string, unknown>;
}

export interface PullRequestFixture {
  number: number;
  baseSha: string;
  headSha: string;
  /** What /pulls/{n}/files lists, with unified-diff patches. */
  files: Array<{ filename: string; status: string; patch?: string; previous_filename?: string }>;
}

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  comments: Comment[];
  reviewComments: Array<Comment & { path: string; line: number; commit_id: string }>;
  /** Scripted failures: `POST /repos/o/r/issues/7/comments` → status (and optional headers), used once each. */
  failures: Map<string, Array<{ status: number; headers?: Record<string, string>; message?: string }>>;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': 'F00D:1', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...JSON_HEADERS, ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function gitShow(repoDir: string, ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/** Pages a list the way GitHub does: `per_page`, `page`, and a Link header with rel="next". */
function paged<T>(req: IncomingMessage, url: URL, base: string, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Number(url.searchParams.get('per_page') ?? 30);
  const page = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URL(url.toString(), base);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
  }
  return { page: slice, headers };
}

export async function startFakeGitHub(options: { owner: string; repo: string; repoDir: string; pull?: PullRequestFixture }): Promise<FakeGitHub> {
  const { owner, repo, repoDir } = options;
  const prefix = `/repos/${owner}/${repo}`;
  const state: FakeGitHub = {
    url: '',
    requests: [],
    comments: [],
    reviewComments: [],
    failures: new Map(),
    close: async () => undefined,
  };
  let nextId = 1000;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const key = `${req.method} ${url.pathname}`;
      state.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(body ? { body } : {}) });
      const failure = state.failures.get(key)?.shift();
      if (failure) {
        send(res, failure.status, { message: failure.message ?? 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: String(failure.status) }, failure.headers);
        return;
      }
      const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
      const pull = options.pull;
      let m: RegExpExecArray | null;
      if (route === undefined) return send(res, 404, { message: 'Not Found' });

      if (req.method === 'GET' && (m = /^\/issues\/(\d+)\/comments$/.exec(route))) {
        const { page, headers } = paged(req, url, state.url, state.comments);
        return send(res, 200, page, headers);
      }
      if (req.method === 'POST' && (m = /^\/issues\/(\d+)\/comments$/.exec(route))) {
        const comment = { id: nextId++, body: String(body?.body), user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: `https://github.com/${owner}/${repo}/pull/${m[1]}#issuecomment-${nextId}` };
        state.comments.push(comment);
        return send(res, 201, comment);
      }
      if (req.method === 'PATCH' && (m = /^\/issues\/comments\/(\d+)$/.exec(route))) {
        const comment = state.comments.find((c) => c.id === Number(m![1]));
        if (!comment) return send(res, 404, { message: 'Not Found' });
        comment.body = String(body?.body);
        return send(res, 200, comment);
      }
      if (pull && req.method === 'GET' && route === `/pulls/${pull.number}`) {
        return send(res, 200, { number: pull.number, state: 'open', head: { sha: pull.headSha, repo: { full_name: `${owner}/${repo}` } }, base: { sha: pull.baseSha, repo: { full_name: `${owner}/${repo}` } }, changed_files: pull.files.length });
      }
      if (pull && req.method === 'GET' && route === `/pulls/${pull.number}/files`) {
        const files = pull.files.map((f, i) => ({ sha: `${i}`.padStart(40, '0'), additions: 1, deletions: 0, changes: 1, ...f }));
        const { page, headers } = paged(req, url, state.url, files);
        return send(res, 200, page, headers);
      }
      if (pull && req.method === 'GET' && route === `/pulls/${pull.number}/comments`) {
        const { page, headers } = paged(req, url, state.url, state.reviewComments);
        return send(res, 200, page, headers);
      }
      if (pull && req.method === 'POST' && route === `/pulls/${pull.number}/comments`) {
        const comment = { id: nextId++, body: String(body?.body), path: String(body?.path), line: Number(body?.line), commit_id: String(body?.commit_id), user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: '' };
        state.reviewComments.push(comment);
        return send(res, 201, comment);
      }
      if (req.method === 'GET' && (m = /^\/compare\/([^.]+)\.\.\.(.+)$/.exec(route))) {
        const mergeBase = execFileSync('git', ['merge-base', m[1]!, m[2]!], { cwd: repoDir, encoding: 'utf8' }).trim();
        const names = execFileSync('git', ['diff', '--name-status', `${mergeBase}`, m[2]!], { cwd: repoDir, encoding: 'utf8' }).trim();
        const files = names
          ? names.split('\n').map((l) => {
              const [s, filename] = l.split('\t');
              return { filename, status: s === 'A' ? 'added' : s === 'D' ? 'removed' : 'modified' };
            })
          : [];
        return send(res, 200, { status: 'ahead', merge_base_commit: { sha: mergeBase }, base_commit: { sha: m[1] }, files, commits: [] });
      }
      if (req.method === 'GET' && (m = /^\/contents\/(.+)$/.exec(route))) {
        const path = decodeURIComponent(m[1]!);
        const text = gitShow(repoDir, url.searchParams.get('ref') ?? 'HEAD', path);
        if (text === undefined) return send(res, 404, { message: 'Not Found' });
        if ((req.headers.accept ?? '').includes('raw')) {
          res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
          return res.end(text);
        }
        return send(res, 200, { type: 'file', encoding: 'base64', path, content: Buffer.from(text).toString('base64') });
      }
      if (req.method === 'GET' && (m = /^\/git\/trees\/(.+)$/.exec(route))) {
        const list = execFileSync('git', ['ls-tree', '-r', '--name-only', m[1]!], { cwd: repoDir, encoding: 'utf8' }).trim().split('\n');
        return send(res, 200, { sha: m[1], truncated: false, tree: list.map((path) => ({ path, type: 'blob', mode: '100644' })) });
      }
      return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    })().catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
