// A dbt model's output columns: render the Jinja, parse the final SELECT in the project's dialect
// (falling back to PostgreSQL, then to the tolerant reader), expand `*` and `dbt_utils.star()` from
// upstream relations, and map lineage back to model and source names and to lines in the `.sql`.

import type { ExtractError, Lineage, LineageSource, Location } from '../../types.js';
import { selectOutputColumns, type Dialect, type QueryColumns } from '../sql/index.js';
import { MACRO_PREFIX, REF_SCHEMA, STAR_PREFIX, renderModel, type RenderedModel } from './jinja.js';
import { tolerantSelect } from '../sql/tolerant-select.js';

export interface ModelColumn {
  name: string;
  location: Location;
  lineage?: Lineage;
  heuristic?: boolean;
}

export interface UnknownColumns {
  line: number;
  reason: string;
}

export interface ModelAnalysis {
  relation: string;
  columns: ModelColumn[];
  /** Why some output columns could not be determined (macro-generated lists, unresolved `*`). */
  unknown: UnknownColumns[];
  errors: ExtractError[];
  /** Macros left out so the rest could be read (e.g. optional pass-through columns). */
  notes: UnknownColumns[];
  rendered: RenderedModel;
  /** Which path produced the columns. */
  parser: 'parser' | 'postgres-fallback' | 'tolerant' | 'none';
}

/** Columns of an upstream relation, for `*` expansion: from its SQL, its YAML or a seed header. */
export type RelationColumns = (relation: string) => Promise<{ columns: string[] } | { reason: string }>;

export interface ModelInput {
  file: string;
  text: string;
  relation: string;
  dialect: Dialect;
  adapter: string;
  vars?: ReadonlyMap<string, unknown>;
  maskingMacros: readonly string[];
  upstream: RelationColumns;
}

const REF_PREFIX = REF_SCHEMA + '.';

function logicalRelation(table: string): string {
  if (table.startsWith(REF_PREFIX)) return table.slice(REF_PREFIX.length);
  if (table.startsWith('this__.')) return table.slice('this__.'.length);
  return table;
}

function cteNames(sql: string): Set<string> {
  return new Set([...sql.matchAll(/([A-Za-z_][\w]*)\s+as\s*\(/gi)].map((m) => m[1]!.toLowerCase()));
}

async function parseOnce(sql: string, input: ModelInput): Promise<{ result?: QueryColumns; parser: ModelAnalysis['parser']; error?: ExtractError }> {
  const options = { file: input.file, placeholders: false, maskingFunctions: [...input.maskingMacros] };
  const first = await selectOutputColumns(sql, { ...options, dialect: input.dialect });
  if (first.errors.length === 0) return { result: first, parser: 'parser' };
  if (input.dialect !== 'postgres') {
    const pg = await selectOutputColumns(sql, { ...options, dialect: 'postgres' });
    if (pg.errors.length === 0) return { result: pg, parser: 'postgres-fallback' };
  }
  return { parser: 'none', ...(first.errors[0] ? { error: first.errors[0] } : {}) };
}

const MAX_REPAIRS = 6;

/**
 * Parses the rendered SQL; when the parser stops at a macro placeholder (a macro that emits a clause
 * or `, col_a, col_b` where the placeholder cannot stand), that placeholder is removed and the parse
 * retried. Each removal is recorded: the columns such a macro adds are not known.
 */
async function parse(sql: string, input: ModelInput): Promise<{ result?: QueryColumns; parser: ModelAnalysis['parser']; error?: ExtractError; removed: { id: string; offset: number }[] }> {
  const removed: { id: string; offset: number }[] = [];
  let text = sql;
  for (let attempt = 0; ; attempt++) {
    const parsed = await parseOnce(text, input);
    if (parsed.result || !parsed.error || attempt >= MAX_REPAIRS) return { ...parsed, removed };
    const at = offsetOf(text, parsed.error.line, parsed.error.column ?? 1);
    const culprit = placeholderBefore(text, at);
    if (!culprit) return { ...parsed, removed };
    removed.push({ id: culprit.id, offset: culprit.start });
    text = text.slice(0, culprit.start) + text.slice(culprit.start, culprit.end).replace(/[^\n]/g, ' ') + text.slice(culprit.end);
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + column - 1;
}

/** The macro placeholder (with its argument list) nearest before `at`, on the same or the previous lines. */
function placeholderBefore(text: string, at: number): { id: string; start: number; end: number } | undefined {
  const re = new RegExp(`${MACRO_PREFIX}\\d+__(?:\\([^()]*\\))?`, 'g');
  let best: { id: string; start: number; end: number } | undefined;
  for (const m of text.matchAll(re)) {
    if (m.index > at + 1) break;
    best = { id: m[0].replace(/\(.*$/s, ''), start: m.index, end: m.index + m[0].length };
  }
  if (!best) return undefined;
  const between = text.slice(best.end, at);
  return between.split('\n').length <= 3 ? best : undefined;
}

export async function analyzeModel(input: ModelInput): Promise<ModelAnalysis> {
  const rendered = renderModel({ text: input.text, model: input.relation, adapter: input.adapter, ...(input.vars ? { vars: input.vars } : {}), maskingMacros: input.maskingMacros });
  const relation = rendered.snapshot ?? input.relation;
  const sourceLine = (line: number) => rendered.lines[line - 1] ?? line;
  const at = (loc: { line: number; column: number }): Location => ({ file: input.file, line: sourceLine(loc.line), column: loc.column });
  const analysis: ModelAnalysis = { relation, columns: [], unknown: [], errors: [], notes: [], rendered, parser: 'none' };

  const parsed = await parse(rendered.sql, input);
  let columns: { name: string; location: Location; lineage?: Lineage; heuristic?: boolean }[] = [];
  let stars: { table?: string; location: Location; except?: string[] }[] = [];
  for (const r of parsed.removed) {
    const line = rendered.sql.slice(0, r.offset).split('\n').length;
    analysis.notes.push({ line: sourceLine(line), reason: `macro ${rendered.macros.get(r.id) ?? 'call'} was left out to read the model; columns it may add are not known` });
  }
  if (parsed.result) {
    analysis.parser = parsed.parser;
    const renderedLines = rendered.sql.split('\n');
    columns = parsed.result.columns.map((c) => ({
      name: c.name,
      location: at(definitionSite(renderedLines, c.name, c.location)),
      ...(c.lineage ? { lineage: c.lineage } : {}),
    }));
    stars = parsed.result.stars.map((s) => ({ ...s, location: at(s.location) }));
  } else {
    const macroOnly = macroOnlyModel(rendered);
    if (macroOnly) {
      analysis.unknown.push({ line: macroOnly.line, reason: `columns unknown (macro ${macroOnly.macro})` });
      return analysis;
    }
    const tolerant = tolerantSelect(rendered.sql, input.dialect);
    if (!tolerant || (tolerant.columns.length === 0 && tolerant.stars.length === 0)) {
      const e = parsed.error;
      // An error without a position (no SELECT at all) points at the first line of SQL, not at a blank.
      const firstCode = rendered.sql.split('\n').findIndex((l) => l.trim() !== '') + 1;
      const line = e && e.line > 1 ? e.line : Math.max(1, firstCode);
      analysis.errors.push({ file: input.file, line: sourceLine(line), message: `model SQL could not be parsed: ${e?.message ?? 'no SELECT found'}`, kind: 'parse' });
      return analysis;
    }
    analysis.parser = 'tolerant';
    const e = parsed.error;
    analysis.errors.push({
      file: input.file,
      line: sourceLine(e?.line ?? 1),
      message: `the ${input.dialect} parser rejected this model (${e?.message ?? 'no SELECT found'}); its columns were read by the tolerant reader, without lineage through CTEs`,
      kind: 'unsupported',
    });
    const ctes = cteNames(rendered.sql);
    const pos = (offset: number) => {
      const before = rendered.sql.slice(0, offset);
      const line = before.split('\n').length;
      return at({ line, column: offset - before.lastIndexOf('\n') });
    };
    columns = tolerant.columns.map((c) => {
      const lineage = c.lineage && !ctes.has(c.lineage.from[0]!.table) ? c.lineage : undefined;
      return { name: c.name, location: pos(c.at), heuristic: true, ...(lineage ? { lineage } : {}) };
    });
    stars = tolerant.stars.map((s) => ({ ...(s.table && !ctes.has(s.table) ? { table: s.table } : {}), location: pos(s.at) }));
  }

  for (const c of columns) {
    if (c.name.startsWith(MACRO_PREFIX)) {
      analysis.unknown.push({ line: c.location.line, reason: `columns unknown (macro ${rendered.macros.get(c.name.replace(/\(.*$/, '')) ?? 'call'})` });
      continue;
    }
    if (c.name.startsWith(STAR_PREFIX)) {
      const call = rendered.stars.get(c.name);
      await expand(analysis, input, call?.relation, call?.except ?? [], c.location, 'dbt_utils.star()');
      continue;
    }
    analysis.columns.push({ name: c.name, location: c.location, ...(c.lineage ? { lineage: mapLineage(c.lineage) } : {}), ...(c.heuristic ? { heuristic: true } : {}) });
  }
  for (const s of stars) {
    if (s.table?.startsWith(MACRO_PREFIX)) {
      analysis.unknown.push({ line: s.location.line, reason: `columns unknown (macro ${rendered.macros.get(s.table) ?? 'call'} in FROM)` });
      continue;
    }
    await expand(analysis, input, s.table === undefined ? undefined : logicalRelation(s.table), s.except ?? [], s.location, 'select *');
  }
  return analysis;
}

/**
 * A column that came through `select *` of a CTE is located on the star; the line that defines it
 * (`phone as phone_number`, or a bare `email,`) above the star is where an author looks for it.
 */
function definitionSite(lines: string[], name: string, at: { line: number; column: number }): { line: number; column: number } {
  const here = lines[at.line - 1] ?? '';
  if (!/^[\w."`]*\*/.test(here.slice(at.column - 1))) return at;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alias = new RegExp(`\\bas\\s+["\`]?${escaped}["\`]?\\s*,?\\s*$`, 'i');
  const bare = new RegExp(`^\\s*,?\\s*(?:[\\w"\`]+\\.)?["\`]?${escaped}["\`]?\\s*,?\\s*$`, 'i');
  for (let i = at.line - 2; i >= 0; i--) {
    const line = lines[i]!;
    const m = alias.exec(line) ?? bare.exec(line);
    if (m) return { line: i + 1, column: m.index + 1 + (m[0].length - m[0].trimStart().length) };
  }
  return at;
}

/** A model whose whole body is a macro call (`{{ union_connections(...) }}`): no SELECT to read. */
function macroOnlyModel(rendered: RenderedModel): { macro: string; line: number } | undefined {
  if (/\bselect\b/i.test(rendered.sql)) return undefined;
  const m = new RegExp(`${MACRO_PREFIX}\\d+__`).exec(rendered.sql);
  if (!m) return undefined;
  const line = rendered.sql.slice(0, m.index).split('\n').length;
  return { macro: rendered.macros.get(m[0]) ?? 'call', line: rendered.lines[line - 1] ?? line };
}

/** Lineage onto model and source names; placeholder columns of unknown macros are not sources. */
function mapLineage(lineage: Lineage): Lineage | undefined {
  const from: LineageSource[] = lineage.from
    .filter((s) => !s.column.startsWith(MACRO_PREFIX) && !s.table.startsWith(MACRO_PREFIX))
    .map((s) => {
      const mapped: LineageSource = { table: logicalRelation(s.table), column: s.column };
      const alternatives = s.alternatives?.map(logicalRelation).filter((t) => !t.startsWith(MACRO_PREFIX));
      if (alternatives?.length) mapped.alternatives = alternatives;
      return mapped;
    });
  if (from.length === 0 && lineage.transform === 'identity') return undefined;
  return { ...lineage, from };
}

async function expand(analysis: ModelAnalysis, input: ModelInput, relation: string | undefined, except: string[], location: Location, what: string): Promise<void> {
  if (relation === undefined) {
    analysis.unknown.push({ line: location.line, reason: `${what}: the relation it reads could not be determined` });
    return;
  }
  const known = await input.upstream(relation);
  if ('reason' in known) {
    analysis.unknown.push({ line: location.line, reason: `${what} from ${relation}: ${known.reason}` });
    return;
  }
  const skip = new Set(except.map((e) => e.toLowerCase()));
  for (const name of known.columns) {
    if (skip.has(name)) continue;
    analysis.columns.push({ name, location, lineage: { from: [{ table: relation, column: name }], transform: 'identity' } });
  }
}
