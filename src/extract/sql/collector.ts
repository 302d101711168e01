// What every extraction path (libpg-query, node-sql-parser, the heuristic tokenizer) writes into:
// it turns offsets into locations, attaches justifications and keeps facts, events and errors in
// file order.

import type { ColumnFact, ExtractError, FactAction, Justification, Lineage, Origin, TableEvent } from '../../types.js';
import { justificationFromText } from '../../policy/annotation.js';
import type { CommentIndex } from './justifications.js';
import type { Dialect } from './dialects.js';
import type { Token } from './lexer.js';
import type { NameContext } from './names.js';
import type { SourceText } from '../source-text.js';

export interface ColumnEvent {
  table: string;
  column: string;
  action: FactAction;
  /** Character offset of the column name in the file. */
  at: number;
  type?: string;
  renamedFrom?: string;
  description?: string;
  lineage?: Lineage;
  /** Also look for an annotation above this offset (the statement start of a single-column ADD). */
  annotationAbove?: number;
}

export class FileCollector {
  readonly facts: ColumnFact[] = [];
  readonly tableEvents: TableEvent[] = [];
  readonly errors: ExtractError[] = [];
  readonly names: NameContext;
  /**
   * Token-read facts are heuristic unless a real parser accepted the statement first (the
   * node-sql-parser path validates a statement, then reads positions and types from its tokens).
   */
  tokenFactsAreHeuristic = true;

  constructor(
    readonly file: string,
    readonly dialect: Dialect,
    readonly origin: Origin,
    readonly source: SourceText,
    private readonly lexFile: () => Token[],
    readonly comments: CommentIndex,
    placeholders: Map<string, string>,
  ) {
    this.names = { dialect, placeholders };
  }

  private fileTokens: Token[] | undefined;

  /** Every token of the file, lexed on first use: a file the parser reads whole rarely needs them. */
  get tokens(): Token[] {
    this.fileTokens ??= this.lexFile();
    return this.fileTokens;
  }

  location(offset: number) {
    const { line, column } = this.source.position(offset);
    return { file: this.file, line, column };
  }

  column(event: ColumnEvent, heuristic: boolean): ColumnFact {
    const fact: ColumnFact = {
      table: event.table,
      column: event.column,
      location: this.location(event.at),
      origin: this.origin,
      action: event.action,
    };
    if (event.type !== undefined) fact.type = event.type;
    if (event.renamedFrom !== undefined) fact.renamedFrom = event.renamedFrom;
    if (event.lineage) fact.lineage = event.lineage;
    if (event.description !== undefined) {
      fact.description = event.description;
      const fromText = this.descriptionJustification(event.description, event.at);
      if (fromText) fact.justification = fromText;
    }
    if (!fact.justification && event.action !== 'drop') {
      const j = this.comments.forOffset(event.at, event.annotationAbove);
      if (j) fact.justification = j;
    }
    if (heuristic && this.tokenFactsAreHeuristic) fact.heuristic = true;
    this.facts.push(fact);
    return fact;
  }

  tableEvent(action: TableEvent['action'], table: string, at: number, to?: string): void {
    const event: TableEvent = { action, table, location: this.location(at) };
    if (to !== undefined) event.to = to;
    this.tableEvents.push(event);
  }

  error(at: number, message: string, kind: ExtractError['kind'] = 'parse'): void {
    const { line, column } = this.source.position(at);
    this.errors.push({ file: this.file, line, column, message, kind });
  }

  /** A `COMMENT ON COLUMN` / `COMMENT '…'` text that holds the annotation justifies the column. */
  private descriptionJustification(description: string, at: number): Justification | undefined {
    return justificationFromText(description, 'comment-on', this.location(at))?.justification;
  }
}
