// Everything a PR comment, job summary or annotation shows from repository content passes through
// here. A pull request controls file names, column names, comments and fix text, so each of them is
// treated as hostile: no Markdown or HTML may take effect, no `@` may ping anyone, and no pipe or
// newline may break out of a table row or a code block.

/** Characters that start Markdown syntax anywhere in a line (CommonMark backslash-escapable set). */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-!|~>]/g;

// Zero-width space: breaks `@team` and `#123`-style autolinks visibly unchanged for the reader.
const ZWSP = '\u200b';

/** Removes C0/C1 control characters except tab and newline (they can hide or reorder text). */
export function stripControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

function breakMentions(text: string): string {
  // GitHub links mentions in rendered text, after entities are decoded, so only breaking the
  // token itself stops the ping.
  return text.replace(/@/g, `@${ZWSP}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Shortens text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Inline prose: renders as the literal text, on one line. */
export function escapeMarkdown(text: string): string {
  const oneLine = stripControl(text).replace(/\r\n?|\n/g, ' ');
  const html = escapeHtml(oneLine);
  // `&` from escapeHtml must not be escaped again, so backslash-escape after it and skip `;`.
  const escaped = html.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
  // GFM turns bare `https://...` into a link; a PR should not plant clickable links in our comment.
  return breakMentions(escaped.replace(/:\/\//g, `:${ZWSP}//`));
}

/** A table cell: prose escaping plus a length cap so one value cannot swallow the comment. */
export function escapeTableCell(text: string, max = 300): string {
  return escapeMarkdown(truncate(text, max));
}

/**
 * Inline code (for names such as `customers.email`). Code spans show HTML and mentions literally,
 * but a pipe still ends a table cell in GFM, so it is escaped even here.
 */
export function inlineCode(text: string, max = 200): string {
  const value = truncate(stripControl(text).replace(/\r\n?|\n/g, ' '), max).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...Array.from(value.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value === '' ? ' ' : '';
  return `${ticks}${pad}${value}${pad}${ticks}`;
}

/** A fence longer than any backtick run inside the text, so the text cannot close the block early. */
export function fenceFor(text: string): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`{3,}/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longestRun + 1));
}

/** A fenced code block; `info` is the language tag (`sql`, `yaml`, `suggestion`). */
export function codeBlock(text: string, info = ''): string {
  const body = stripControl(text).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const fence = fenceFor(body);
  return `${fence}${info.replace(/[^a-z0-9-]/gi, '')}\n${body}\n${fence}`;
}

/** A link whose target is built by us (never taken verbatim from repository content). */
export function link(label: string, url: string): string {
  const safeUrl = url.replace(/[()<>\s"]/g, (c) => encodeURIComponent(c));
  return `[${label}](${safeUrl})`;
}

/** Workflow-command message data (`::error ...::DATA`). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values (`file=`, `title=`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
