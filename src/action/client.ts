// The REST client: @actions/github's Octokit (proxy-aware), pointed at GITHUB_API_URL so GitHub
// Enterprise Server works, with retries for secondary rate limits and transient server errors.
// Errors are reduced to status + message before they reach a log: request options carry the token.
import { getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** `GITHUB_API_URL`; github.com when unset. Never passed as undefined (that breaks GHES). */
  apiUrl?: string;
  log?: (message: string) => void;
  /** Upper bound for one wait, in seconds; keeps a misbehaving server from stalling the job. */
  maxWaitSeconds?: number;
  retries?: number;
}

interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as HttpErrorLike | undefined)?.status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** A one-line description of an API error that is safe to print. */
export function describeHttpError(error: unknown): string {
  const e = error as HttpErrorLike;
  const data = e?.response?.data as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : e?.message ?? String(error);
  const status = httpStatus(error);
  return `${status ? `HTTP ${status}: ` : ''}${message.split('\n')[0]!.slice(0, 300)}`;
}

/** Seconds to wait before retrying, or undefined when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number): number | undefined {
  const e = error as HttpErrorLike;
  const status = httpStatus(error);
  const headers = e?.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const backoff = 2 ** attempt;
  if (status === 429) return Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : backoff * 30;
  if (status === 403) {
    const text = describeHttpError(error).toLowerCase();
    const limited = headers['x-ratelimit-remaining'] === '0' || text.includes('rate limit') || Number.isFinite(retryAfter);
    if (!limited) return undefined;
    if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(1, reset - Math.floor(Date.now() / 1000));
    return backoff * 30;
  }
  if (status === 500 || status === 502 || status === 503 || status === 504) return backoff;
  return undefined;
}

export function createClient(options: ClientOptions): GitHubClient {
  const octokit = getOctokit(options.token, options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/+$/, '') } : {});
  const retries = options.retries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 60;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = retryDelay(error, attempt);
        if (wait === undefined || attempt >= retries || wait > maxWait) throw error;
        options.log?.(
          `GitHub API ${requestOptions.method} ${String(requestOptions.url)} answered ${describeHttpError(error)}; retrying in ${wait}s (attempt ${attempt + 2} of ${retries + 1}).`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
    }
  });
  return octokit;
}
