// Collects the facts and errors of one contract file, enforcing the per-file budgets, so format
// readers only describe fields and never build ColumnFacts or error records by hand.

import type { ColumnFact, Declared, ExtractError, ExtractResult, Justification, Location } from '../../types.js';
import { MAX_ERRORS_PER_FILE, MAX_FIELDS_PER_FILE, MAX_TEXT } from './limits.js';
import type { Pos } from './tree.js';

export interface FieldFact {
  table: string;
  column: string;
  type?: string;
  at: Pos;
  description?: string;
  declared?: Declared;
  justification?: Justification;
}

export class ContractSink {
  readonly facts: ColumnFact[] = [];
  readonly errors: ExtractError[] = [];
  private droppedErrors = 0;
  private full = false;
  /** Union branches and `allOf` parts may repeat a field; the first statement of it is kept. */
  private readonly seen = new Set<string>();
  /** Short contract-level context (e.g. the stated purpose) copied onto each fact. */
  context: string | undefined;
  /** Set once the format is known, so each fact's fix is written in that format's syntax. */
  format: ColumnFact['contractFormat'];

  constructor(readonly file: string) {}

  location(at: Pos): Location {
    return { file: this.file, line: at.line, column: at.column };
  }

  /** Adds a field; false once the per-file budget is spent (readers stop descending then). */
  field(f: FieldFact): boolean {
    if (this.full) return false;
    const key = `${f.table}\u0000${f.column}`;
    if (this.seen.has(key)) return true;
    if (this.facts.length >= MAX_FIELDS_PER_FILE) {
      this.full = true;
      this.error(f.at, `more than ${MAX_FIELDS_PER_FILE} fields; the rest of the contract was not read`, 'unsupported');
      return false;
    }
    const fact: ColumnFact = {
      table: f.table,
      column: f.column,
      location: this.location(f.at),
      origin: 'contract',
      action: 'define',
    };
    if (f.type) fact.type = clip(f.type);
    if (f.description) fact.description = clip(f.description);
    if (f.declared) fact.declared = f.declared;
    if (f.justification) fact.justification = f.justification;
    if (this.context) fact.context = this.context;
    if (this.format) fact.contractFormat = this.format;
    this.seen.add(key);
    this.facts.push(fact);
    return true;
  }

  get stopped(): boolean {
    return this.full;
  }

  error(at: Pos, message: string, kind: ExtractError['kind'] = 'parse'): void {
    if (this.errors.length >= MAX_ERRORS_PER_FILE) {
      this.droppedErrors++;
      return;
    }
    this.errors.push({ file: this.file, line: at.line, column: at.column, message, kind });
  }

  result(): ExtractResult {
    const errors = [...this.errors];
    if (this.droppedErrors > 0) {
      errors.push({ file: this.file, line: 1, message: `${this.droppedErrors} more problem(s) not listed`, kind: 'parse' });
    }
    return { facts: this.facts, errors, snapshot: true };
  }
}

export function clip(text: string, max = MAX_TEXT): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
