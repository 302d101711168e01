// What the gate knows about a DataFrame at one point of a notebook: the columns it has (each with
// where it was made and what it is derived from) and the tables it was read from, for columns that
// pass through unnamed. DataFrames are immutable values here; every method returns a new Frame.

import type { Lineage, LineageSource, Transform } from '../../types.js';
import { composeTransforms, weakestTransform } from '../sql/transforms.js';
import type { Cell } from './cells.js';

/** A column a DataFrame expression reads, with what the expression did to it so far. */
export interface ColumnRef {
  /** The frame the column belongs to; undefined for `col("x")`, resolved against the frame it is used on. */
  frame?: Frame;
  column: string;
  transform: Transform;
}

export interface FrameColumn {
  name: string;
  cell: Cell;
  /** Offset in the cell's text where the column was made (its name in withColumn, select, ...). */
  at: number;
  lineage?: Lineage;
}

export interface Frame {
  /** Lower-cased name → column, in insertion order. */
  columns: Map<string, FrameColumn>;
  /** Whether `columns` is every column (false after reading a whole table or file). */
  complete: boolean;
  /** Tables or paths this frame's unnamed columns come from. */
  sources: string[];
}

export function emptyFrame(sources: string[] = [], complete = false): Frame {
  return { columns: new Map(), complete, sources };
}

export function copyFrame(frame: Frame): Frame {
  return { columns: new Map(frame.columns), complete: frame.complete, sources: [...frame.sources] };
}

/** Where a column read from `frame` comes from: its own lineage, or the table it was read from. */
export function resolveRef(ref: ColumnRef, fallback: Frame | undefined): { from: LineageSource[]; transform: Transform } {
  const frame = ref.frame ?? fallback;
  const known = frame?.columns.get(ref.column.toLowerCase());
  if (known?.lineage) return { from: known.lineage.from, transform: composeTransforms(ref.transform, known.lineage.transform) };
  if (known) return { from: [], transform: ref.transform };
  if (frame && frame.sources.length === 1) return { from: [{ table: frame.sources[0]!, column: ref.column }], transform: ref.transform };
  return { from: [], transform: ref.transform };
}

/** Lineage of a column computed from `refs` on `frame`; undefined when it reads no known column. */
export function lineageOf(refs: ColumnRef[], frame: Frame | undefined, expression?: string): Lineage | undefined {
  const from: LineageSource[] = [];
  const transforms: Transform[] = [];
  for (const ref of refs) {
    const r = resolveRef(ref, frame);
    for (const s of r.from) if (!from.some((f) => f.table === s.table && f.column === s.column)) from.push(s);
    if (r.from.length > 0) transforms.push(r.transform);
  }
  if (from.length === 0) return undefined;
  const lineage: Lineage = { from, transform: weakestTransform(transforms) };
  if (expression) lineage.expression = expression.replace(/\s+/g, ' ').slice(0, 120);
  return lineage;
}

export function withColumn(frame: Frame, column: FrameColumn): Frame {
  const next = copyFrame(frame);
  next.columns.delete(column.name.toLowerCase());
  next.columns.set(column.name.toLowerCase(), column);
  return next;
}

export function renameColumn(frame: Frame, from: string, to: string, cell: Cell, at: number): Frame {
  const next = copyFrame(frame);
  const before = next.columns.get(from.toLowerCase());
  next.columns.delete(from.toLowerCase());
  const lineage = before?.lineage ?? lineageOf([{ column: from, transform: 'identity' }], frame);
  const column: FrameColumn = { name: to, cell, at };
  if (lineage) column.lineage = lineage;
  next.columns.set(to.toLowerCase(), column);
  return next;
}

export function dropColumns(frame: Frame, names: string[]): Frame {
  const next = copyFrame(frame);
  for (const n of names) next.columns.delete(n.toLowerCase());
  return next;
}

/** Columns of a join or merge: both sides' columns; complete only when both sides are. */
export function joinFrames(left: Frame, right: Frame): Frame {
  const next = copyFrame(left);
  for (const [k, c] of right.columns) if (!next.columns.has(k)) next.columns.set(k, c);
  next.complete = left.complete && right.complete;
  next.sources = [...new Set([...left.sources, ...right.sources])];
  return next;
}
