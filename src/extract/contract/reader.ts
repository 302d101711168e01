// What every format reader receives: where to put facts and how to map declarations.

import type { Level } from '../../types.js';
import { MAX_FIELD_DEPTH } from './limits.js';
import type { ContractSink } from './sink.js';
import type { Pos } from './tree.js';

export interface ReaderContext {
  sink: ContractSink;
  classificationMap: Record<string, Level>;
}

/** Joins a parent field path and a child name: `customer.address` + `street`. */
export function joinPath(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** True when descending one more level is allowed; reports the cut-off once per place. */
export function canDescend(depth: number, at: Pos, path: string, ctx: ReaderContext): boolean {
  if (depth < MAX_FIELD_DEPTH) return true;
  ctx.sink.error(at, `fields nested deeper than ${MAX_FIELD_DEPTH} levels under ${path} were not read`, 'unsupported');
  return false;
}

/** Records the contract's stated purpose on each fact; short, because it only gives context. */
export function purposeContext(purpose: string | undefined): string | undefined {
  if (!purpose || !purpose.trim()) return undefined;
  const t = purpose.replace(/\s+/g, ' ').trim();
  return `contract purpose: ${t.length > 120 ? `${t.slice(0, 119)}…` : t}`;
}
