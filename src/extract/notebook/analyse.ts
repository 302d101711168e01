// Reads the cells of a notebook in order, as its author runs them: SQL cells and SQL strings go
// through the SQL extractor; Python cells through the DataFrame evaluator, whose writes become
// `define` facts of the table written. Every location is remapped from the cell to the file.

import type { ColumnFact, ExtractError, Justification, Location } from '../../types.js';
import { CommentIndex } from '../sql/justifications.js';
import type { Token } from '../sql/lexer.js';
import { SourceText } from '../source-text.js';
import { extractSql, selectOutputColumns, type Dialect } from '../sql/index.js';
import { cellLocation, type Cell, type Notebook } from './cells.js';
import { emptyFrame, type Frame, type FrameColumn } from './frames.js';
import { CellEvaluator, type SqlCall, type Value } from './python-eval.js';
import { lexPython } from './python-lexer.js';

export interface AnalyseOptions {
  file: string;
  /** The configured dialect, used when neither the notebook nor the call names one. */
  dialect: Dialect;
  placeholders?: boolean;
}

export interface Analysis {
  facts: ColumnFact[];
  errors: ExtractError[];
}

/** A cell's text as a SourceText, with its comment index, built once per cell. */
interface CellSource {
  source: SourceText;
  comments: CommentIndex;
}

export async function analyseNotebook(notebook: Notebook, options: AnalyseOptions): Promise<Analysis> {
  const { file } = options;
  const facts: ColumnFact[] = [];
  const errors: ExtractError[] = [];
  const env = new Map<string, Value>();
  const sources = new Map<Cell, CellSource>();
  let connection: Dialect | undefined;

  const sourceOf = (cell: Cell): CellSource => {
    let s = sources.get(cell);
    if (!s) {
      const source = new SourceText(cell.text);
      const comments = cell.language === 'python' ? lexPython(cell.text).filter((t) => t.kind === 'comment').map((t): Token => ({ kind: 'comment', start: t.start, end: t.end })) : [];
      s = { source, comments: new CommentIndex(source, comments, file) };
      sources.set(cell, s);
    }
    return s;
  };
  const locate = (cell: Cell, loc: { line: number; column: number }): Location => cellLocation(file, cell, loc.line, loc.column);
  const locateOffset = (cell: Cell, offset: number): Location => locate(cell, sourceOf(cell).source.position(offset));
  const remapJustification = (cell: Cell, j: Justification | undefined): Justification | undefined => (j?.location ? { ...j, location: locate(cell, j.location) } : j);
  const error = (cell: Cell, offset: number, message: string, kind: ExtractError['kind']) => {
    const loc = locateOffset(cell, offset);
    errors.push({ file, line: loc.line, column: loc.column, message: `cell ${cell.number}: ${message}`, kind });
  };

  /** SQL laid out in place in the cell's text → facts and errors at notebook lines. */
  const runSql = async (cell: Cell, text: string, dialect: Dialect, annotationAt?: number): Promise<void> => {
    const result = await extractSql(text, { file, dialect, origin: 'notebook', placeholders: options.placeholders });
    const made = result.facts.map((fact): ColumnFact => {
      const out: ColumnFact = { ...fact, location: locate(cell, fact.location), context: `cell ${cell.number} sql` };
      const j = remapJustification(cell, fact.justification);
      if (j) out.justification = j;
      return out;
    });
    // An annotation in a Python comment above `spark.sql("ALTER TABLE … ADD COLUMN …")` documents its one column.
    if (annotationAt !== undefined && made.length === 1 && !made[0]!.justification) {
      const j = remapJustification(cell, sourceOf(cell).comments.forOffset(annotationAt));
      if (j) made[0]!.justification = j;
    }
    facts.push(...made);
    for (const e of result.errors) {
      const loc = locate(cell, { line: e.line, column: e.column ?? 1 });
      errors.push({ ...e, line: loc.line, column: loc.column, message: `cell ${cell.number}: ${e.message}` });
    }
  };

  const dialectFor = (cell: Cell, callee?: string): Dialect => {
    const c = (callee ?? '').toLowerCase();
    if (c.includes('duckdb')) return 'duckdb';
    if (c.startsWith('spark') || c.startsWith('sqlcontext')) return 'spark';
    return cell.dialect ?? connection ?? notebook.dialect ?? options.dialect;
  };

  const frameOfQuery = async (cell: Cell, sql: string, dialect: Dialect, inPlace: boolean): Promise<Frame | undefined> => {
    const body = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
    if (!/^(select|with|from)\b/i.test(body)) return undefined;
    const q = await selectOutputColumns(sql, { file, dialect, placeholders: options.placeholders });
    const frame = emptyFrame([], q.stars.length === 0 && q.errors.length === 0);
    const source = sourceOf(cell).source;
    for (const c of q.columns) {
      // In place, the column's own position in the cell is known; `selectExpr` text is not laid out.
      const at = inPlace ? source.lineStart(c.location.line) + c.location.column - 1 : 0;
      const column: FrameColumn = { name: c.name, cell, at };
      if (c.lineage) column.lineage = c.lineage;
      frame.columns.set(c.name.toLowerCase(), column);
    }
    for (const star of q.stars) if (star.table) frame.sources.push(star.table);
    return frame;
  };

  for (const cell of notebook.cells) {
    if (cell.text.trim() === '') continue;
    if (cell.language === 'sql') {
      if (cell.dialect && cell.dialect !== 'bigquery') connection = cell.dialect;
      await runSql(cell, cell.text, dialectFor(cell));
      continue;
    }
    if (cell.dialect) connection = cell.dialect;
    if (cell.language === 'python') {
      const tokens = lexPython(cell.text).filter((t) => t.kind !== 'comment');
      const evaluator = new CellEvaluator(cell, env, {
        sql: async (call: SqlCall) => {
          if (!call.sql) {
            error(cell, call.at, `${call.callee}(…) runs SQL built at run time; its columns are not followed`, 'unsupported');
            return undefined;
          }
          const dialect = dialectFor(cell, call.callee);
          if (call.callee === 'selectExpr') return frameOfQuery(cell, call.sql.text, dialect, false);
          await runSql(cell, call.sql.text, dialect, call.at);
          return frameOfQuery(cell, call.sql.text, dialect, true);
        },
        write: (frame, table, at, how) => {
          if (table === undefined) return;
          writeFacts(cell, frame, table, at, how);
        },
        problem: (at, message) => error(cell, at, message, 'unsupported'),
      });
      await evaluator.run(tokens);
      continue;
    }
    if ((cell.language === 'scala' || cell.language === 'r') && /\b(saveAsTable|insertInto|spark\.sql|writeTo|CREATE\s+TABLE)\b/i.test(cell.text)) {
      error(cell, cell.text.search(/\S/), `${cell.language === 'r' ? 'R' : 'Scala'} code that writes tables is not followed; its columns are not checked`, 'unsupported');
    }
  }
  return { facts, errors };

  function writeFacts(cell: Cell, frame: Frame | undefined, rawTable: string, at: number, how: string): void {
    const table = normaliseTable(rawTable);
    if (!frame) {
      error(cell, at, `${how}() writes to ${table} a value whose columns are not followed`, 'unknown-columns');
      return;
    }
    for (const column of frame.columns.values()) {
      const fact: ColumnFact = {
        table,
        column: column.name,
        location: locateOffset(column.cell, column.at),
        origin: 'notebook',
        action: 'define',
        context: `cell ${column.cell.number}`,
      };
      if (column.lineage) fact.lineage = column.lineage;
      const j = remapJustification(column.cell, sourceOf(column.cell).comments.forOffset(column.at));
      if (j) fact.justification = j;
      facts.push(fact);
    }
    if (!frame.complete) {
      const from = frame.sources.length ? ` of ${frame.sources.join(', ')}` : '';
      error(cell, at, `${how}() also writes to ${table} columns${from} that the notebook does not name; only the named ones are checked`, 'unknown-columns');
    }
  }
}

/** Table names as the SQL extractor writes them: unquoted and lower-cased; paths stay as written. */
export function normaliseTable(name: string): string {
  if (/[/:]/.test(name)) return name;
  return name.replace(/[`"[\]]/g, '').toLowerCase();
}
