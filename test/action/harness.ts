// Runs dist/action.js the way the runner does: a child process with GITHUB_* variables, INPUT_*
// inputs, files for outputs and the step summary, and GITHUB_API_URL pointing at a loopback server.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scratchDir } from '../helpers/scratch.js';

export const ACTION = resolve(import.meta.dirname, '../../dist/action.js');
export const TOKEN = 'ghs_FakeInstallationToken0123456789abcdef';
export const OWNER = 'acme-retail';
export const REPO = 'warehouse';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Dana Data',
  GIT_AUTHOR_EMAIL: 'dana@example.com',
  GIT_COMMITTER_NAME: 'Dana Data',
  GIT_COMMITTER_EMAIL: 'dana@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } }).trim();
}

export function commitFile(dir: string, path: string, text: string, message: string): string {
  const full = join(dir, path);
  execFileSync('mkdir', ['-p', resolve(full, '..')]);
  writeFileSync(full, text);
  git(dir, 'add', path);
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  env: Record<string, string>;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^<\n]+)<<(ghadelimiter_[^\n]+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

export interface RunOptions {
  workspace: string;
  apiUrl: string;
  eventName: string;
  payload: unknown;
  sha: string;
  inputs?: Record<string, string>;
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const tmp = scratchDir('sg-runner-');
  const files = Object.fromEntries(['event.json', 'output', 'summary', 'env', 'state', 'path'].map((f) => [f, join(tmp, f)]));
  writeFileSync(files['event.json']!, JSON.stringify(options.payload));
  for (const f of ['output', 'summary', 'env', 'state', 'path']) writeFileSync(files[f]!, '');
  const inputs = { 'github-token': TOKEN, comment: 'on-findings', annotations: 'true', 'working-directory': '.', 'review-comments': 'false', ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...GIT_ENV,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: files['event.json']!,
    GITHUB_OUTPUT: files.output!,
    GITHUB_STEP_SUMMARY: files.summary!,
    GITHUB_ENV: files.env!,
    GITHUB_STATE: files.state!,
    GITHUB_PATH: files.path!,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SHA: options.sha,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl,
    RUNNER_TEMP: tmp,
    NO_PROXY: '127.0.0.1,localhost',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    // Asynchronous on purpose: the fake API server lives in this process and must keep answering.
    const child = execFile(process.execPath, [ACTION], { cwd: options.workspace, env, maxBuffer: 64 << 20, timeout: 60_000 }, (error, out, err) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err });
    });
    child.stdin?.end();
  });
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(files.output!, 'utf8')), summary: readFileSync(files.summary!, 'utf8'), env };
}
