// Attaches `sensitivity-gate:` annotations written in SQL comments to the column they document: the
// run of comment-only lines directly above the column's line, or a comment at the end of that line.

import type { Justification } from '../../types.js';
import { joinCommentLines, justificationFromText } from '../../policy/annotation.js';
import type { Token } from './lexer.js';
import type { SourceText } from '../source-text.js';

interface LineComment {
  text: string;
  start: number;
  /** Nothing but whitespace precedes the comment on its first line. */
  ownLine: boolean;
}

export class CommentIndex {
  /** Comments keyed by the 1-based line they start on. */
  private readonly byLine = new Map<number, LineComment[]>();
  /** Lines covered by a comment-only comment (a multi-line block comment covers several). */
  private readonly commentOnlyLines = new Map<number, LineComment>();
  readonly empty: boolean;

  constructor(
    private readonly source: SourceText,
    comments: Token[],
    private readonly file: string,
  ) {
    this.empty = comments.length === 0;
    for (const c of comments) {
      const text = source.text.slice(c.start, c.end);
      const { line } = source.position(c.start);
      const lineStart = source.lineStart(line);
      const ownLine = source.text.slice(lineStart, c.start).trim() === '';
      const entry: LineComment = { text, start: c.start, ownLine };
      const list = this.byLine.get(line);
      if (list) list.push(entry);
      else this.byLine.set(line, [entry]);
      if (ownLine) {
        const endLine = source.lineOf(Math.max(c.start, c.end - 1));
        const trailing = source.text.slice(c.end, source.text.indexOf('\n', c.end) < 0 ? undefined : source.text.indexOf('\n', c.end));
        if (trailing.trim() === '') for (let l = line; l <= endLine; l++) this.commentOnlyLines.set(l, entry);
      }
    }
  }

  /** The justification for a name at `offset`: comments above its line, then at the end of it. */
  forOffset(offset: number, alsoAboveOffset?: number): Justification | undefined {
    if (this.empty) return undefined;
    const { line } = this.source.position(offset);
    return this.above(line) ?? this.trailing(line, offset) ?? (alsoAboveOffset === undefined ? undefined : this.above(this.source.lineOf(alsoAboveOffset)));
  }

  private above(line: number): Justification | undefined {
    const run: LineComment[] = [];
    for (let l = line - 1; l >= 1; l--) {
      const entry = this.commentOnlyLines.get(l);
      if (!entry) break;
      if (run[0] !== entry) run.unshift(entry);
    }
    if (run.length === 0) return undefined;
    return this.parse(run);
  }

  private trailing(line: number, offset: number): Justification | undefined {
    const comments = this.byLine.get(line)?.filter((c) => c.start > offset && !c.ownLine);
    if (!comments || comments.length === 0) return undefined;
    return this.parse(comments);
  }

  private parse(comments: LineComment[]): Justification | undefined {
    // Only the annotation and the lines after it belong to it; earlier lines may be prose.
    const lines = comments.flatMap((c) => c.text.split('\n'));
    const at = lines.findIndex((l) => l.toLowerCase().includes('sensitivity-gate:'));
    if (at < 0) return undefined;
    const first = comments.find((c) => c.text.toLowerCase().includes('sensitivity-gate:'))!;
    const markerOffset = first.start + first.text.toLowerCase().indexOf('sensitivity-gate:');
    const { line, column } = this.source.position(markerOffset);
    const parsed = justificationFromText(joinCommentLines(lines.slice(at)), 'inline-comment', { file: this.file, line, column });
    return parsed?.justification;
  }
}
