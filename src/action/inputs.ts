// The action's inputs, read from the `INPUT_*` variables the runner sets, validated up front so a
// typo fails the step with the input's name instead of changing behaviour silently.
import { isLevel, type Level } from '../types.js';

export type CommentMode = 'always' | 'on-findings' | 'never';

export interface ActionInputs {
  token: string;
  config?: string;
  base?: string;
  head?: string;
  failLevel?: Level;
  comment: CommentMode;
  annotations: boolean;
  sarifFile?: string;
  workingDirectory: string;
  /** Post from this JSON report instead of analysing (the fork-safe second workflow). */
  report?: string;
  reviewComments: boolean;
  /** Pull request number for report mode when the event does not carry it. */
  pullRequest?: number;
}

export class InputError extends Error {}

type Env = Record<string, string | undefined>;

// Same name mangling as @actions/core getInput: spaces become underscores, hyphens stay.
function raw(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value === '' ? undefined : value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(`Input "${name}" must be true or false, got "${value}".`);
}

export function readInputs(env: Env): ActionInputs {
  const failLevel = raw(env, 'fail-level');
  if (failLevel !== undefined && !isLevel(failLevel)) {
    throw new InputError(`Input "fail-level" must be public, internal, confidential or restricted, got "${failLevel}".`);
  }
  const comment = raw(env, 'comment') ?? 'on-findings';
  if (comment !== 'always' && comment !== 'on-findings' && comment !== 'never') {
    throw new InputError(`Input "comment" must be always, on-findings or never, got "${comment}".`);
  }
  const pr = raw(env, 'pull-request');
  if (pr !== undefined && !/^[1-9]\d*$/.test(pr)) throw new InputError(`Input "pull-request" must be a number, got "${pr}".`);
  const opt = (name: string) => {
    const v = raw(env, name);
    return v === undefined ? {} : { [name === 'sarif-file' ? 'sarifFile' : name]: v };
  };
  return {
    token: raw(env, 'github-token') ?? '',
    ...opt('config'),
    ...opt('base'),
    ...opt('head'),
    ...(failLevel ? { failLevel } : {}),
    comment,
    annotations: bool(env, 'annotations', true),
    ...opt('sarif-file'),
    workingDirectory: raw(env, 'working-directory') ?? '.',
    ...opt('report'),
    reviewComments: bool(env, 'review-comments', false),
    ...(pr ? { pullRequest: Number(pr) } : {}),
  };
}
