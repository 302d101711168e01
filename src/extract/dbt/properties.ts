// dbt property files (`schema.yml` and friends): `models:`, `sources:`, `seeds:`, `snapshots:` with
// their columns, types, descriptions, tags, `meta` and `config.meta` (dbt >= 1.10), contracts,
// model versions and BigQuery policy tags, each located on its line.

import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type YAMLMap } from 'yaml';
import type { Declared, ExtractError } from '../../types.js';
import { readDeclaration, type DeclarationOptions } from './declarations.js';

export type EntityKind = 'model' | 'source' | 'seed' | 'snapshot';

export interface PropertyColumn {
  name: string;
  line: number;
  /** 0-based column where the column's keys start (`name:`), for pasting YAML under it. */
  indent: number;
  dataType?: string;
  description?: string;
  declared?: Declared;
  /** Everything in `meta` and `config.meta`, where justification fields live. */
  meta: Record<string, unknown>;
  metaLine?: number;
}

export interface PropertyEntity {
  kind: EntityKind;
  /** Model, seed or snapshot name (versioned: `name_vN`); sources are `source_name.table_name`. */
  name: string;
  file: string;
  line: number;
  columns: PropertyColumn[];
  /** 0-based column of the keys of a column entry in this entity (where a new `- name:` goes, plus 2). */
  columnIndent: number;
  meta: Record<string, unknown>;
  metaLine?: number;
  declared?: Declared;
  contractEnforced?: boolean;
}

export interface PropertyFile {
  entities: PropertyEntity[];
  errors: ExtractError[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function get(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair?.value ?? undefined;
}

function keyNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key as Node | undefined;
}

function js(node: unknown): unknown {
  if (node === undefined || node === null) return undefined;
  return (node as { toJSON?: () => unknown }).toJSON?.() ?? (isScalar(node) ? node.value : undefined);
}

function str(node: unknown): string | undefined {
  const v = js(node);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function strings(node: unknown): string[] {
  const v = js(node);
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

class Reader {
  readonly lc = new LineCounter();
  readonly errors: ExtractError[] = [];
  constructor(
    readonly file: string,
    readonly options: DeclarationOptions,
  ) {}

  pos(node: unknown): { line: number; col: number } {
    const range = (node as Node | undefined)?.range;
    return range ? this.lc.linePos(range[0]) : { line: 1, col: 1 };
  }

  /** `meta` merged with `config.meta` (the newer place wins on conflicts) and the line of either. */
  meta(node: unknown): { meta: Record<string, unknown>; line?: number } {
    const own = get(node, 'meta');
    const config = get(get(node, 'config'), 'meta');
    const meta: Record<string, unknown> = {};
    for (const m of [own, config]) {
      const v = js(m);
      if (m !== undefined && !isRecord(v)) this.fail(m, 'meta must be a mapping');
      else if (isRecord(v)) Object.assign(meta, v);
    }
    const at = keyNode(get(node, 'config'), 'meta') ?? keyNode(node, 'meta');
    return at ? { meta, line: this.pos(at).line } : { meta };
  }

  tags(node: unknown): string[] {
    return [...strings(get(node, 'tags')), ...strings(get(get(node, 'config'), 'tags'))];
  }

  declaration(node: unknown, meta: Record<string, unknown>): Declared | undefined {
    const declared = readDeclaration({ meta, tags: this.tags(node), policyTags: strings(get(node, 'policy_tags')) }, this.options);
    if (declared) declared.location = { file: this.file, line: this.pos(node).line, column: this.pos(node).col };
    return declared;
  }

  fail(node: unknown, message: string): void {
    const { line, col } = this.pos(node);
    this.errors.push({ file: this.file, line, column: col, message, kind: 'parse' });
  }

  columns(list: unknown): PropertyColumn[] {
    if (list === undefined || list === null || (isScalar(list) && list.value === null)) return [];
    if (!isSeq(list)) {
      this.fail(list, 'columns must be a list of {name: ...} entries');
      return [];
    }
    const out: PropertyColumn[] = [];
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const name = str(get(item, 'name'));
      if (name === undefined) {
        // `- include: all` / `exclude:` entries in model versions are handled by the caller.
        if (get(item, 'include') === undefined && get(item, 'exclude') === undefined) this.fail(item, 'column entry without a name');
        continue;
      }
      const { line, col } = this.pos(item);
      const { meta, line: metaLine } = this.meta(item);
      const column: PropertyColumn = { name: name.toLowerCase(), line, indent: col - 1, meta };
      if (metaLine !== undefined) column.metaLine = metaLine;
      const dataType = str(get(item, 'data_type'));
      if (dataType) column.dataType = dataType;
      const description = str(get(item, 'description'));
      if (description) column.description = description;
      const declared = this.declaration(item, meta);
      if (declared) column.declared = declared;
      out.push(column);
    }
    return out;
  }

  entity(kind: EntityKind, name: string, node: YAMLMap, columns: PropertyColumn[], inherited: Record<string, unknown> = {}): PropertyEntity {
    const { meta: own, line: metaLine } = this.meta(node);
    const meta = { ...inherited, ...own };
    const { line, col } = this.pos(node);
    const entity: PropertyEntity = { kind, name, file: this.file, line, columns, columnIndent: columns[0]?.indent ?? col - 1 + 4, meta };
    if (metaLine !== undefined) entity.metaLine = metaLine;
    const declared = this.declaration(node, meta);
    if (declared?.level) entity.declared = declared;
    const enforced = js(get(get(get(node, 'config'), 'contract'), 'enforced')) ?? js(get(get(node, 'contract'), 'enforced'));
    if (enforced === true) entity.contractEnforced = true;
    return entity;
  }
}

/** Model versions: each `v` is its own relation `name_vN`, with the base columns unless it excludes them. */
function versions(r: Reader, model: YAMLMap, name: string, base: PropertyColumn[], out: PropertyEntity[]): void {
  const list = get(model, 'versions');
  if (!isSeq(list)) return;
  for (const v of list.items) {
    if (!isMap(v)) continue;
    const version = str(get(v, 'v'));
    if (version === undefined) {
      r.fail(v, `model ${name}: a version without "v"`);
      continue;
    }
    const own = r.columns(get(v, 'columns'));
    const cols = get(v, 'columns');
    let excluded = new Set<string>();
    let include = true;
    if (isSeq(cols)) {
      for (const c of cols.items) {
        if (!isMap(c) || get(c, 'include') === undefined) continue;
        const inc = js(get(c, 'include'));
        include = inc === 'all' || inc === '*' || Array.isArray(inc);
        excluded = new Set(strings(get(c, 'exclude')).map((x) => x.toLowerCase()));
      }
    }
    const inherited = include ? base.filter((c) => !excluded.has(c.name) && !own.some((o) => o.name === c.name)) : [];
    out.push(r.entity('model', `${name}_v${version}`, v, [...inherited, ...own], r.meta(model).meta));
  }
}

export function parseProperties(text: string, file: string, options: DeclarationOptions): PropertyFile {
  const r = new Reader(file, options);
  const doc = parseDocument(text, { lineCounter: r.lc, prettyErrors: false, uniqueKeys: false });
  for (const e of doc.errors) {
    const at = r.lc.linePos(e.pos[0]);
    r.errors.push({ file, line: at.line, column: at.col, message: `invalid YAML: ${e.message.split('\n')[0]}`, kind: 'parse' });
  }
  const entities: PropertyEntity[] = [];
  if (r.errors.length > 0 || !isMap(doc.contents)) return { entities, errors: r.errors };
  const root = doc.contents;
  for (const kind of ['models', 'seeds', 'snapshots'] as const) {
    const list = get(root, kind);
    if (list === undefined || list === null) continue;
    if (!isSeq(list)) {
      r.fail(keyNode(root, kind), `${kind} must be a list`);
      continue;
    }
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const name = str(get(item, 'name'))?.toLowerCase();
      if (!name) {
        r.fail(item, `a ${kind.slice(0, -1)} entry without a name`);
        continue;
      }
      const cols = r.columns(get(item, 'columns'));
      entities.push(r.entity(kind.slice(0, -1) as EntityKind, name, item, cols));
      if (kind === 'models') versions(r, item, name, cols, entities);
    }
  }
  const sources = get(root, 'sources');
  if (isSeq(sources)) {
    for (const src of sources.items) {
      if (!isMap(src)) continue;
      const sourceName = str(get(src, 'name'))?.toLowerCase();
      const tables = get(src, 'tables');
      if (!sourceName || !isSeq(tables)) continue;
      const sourceMeta = r.meta(src).meta;
      for (const t of tables.items) {
        if (!isMap(t)) continue;
        const table = str(get(t, 'name'))?.toLowerCase();
        if (!table) continue;
        entities.push(r.entity('source', `${sourceName}.${table}`, t, r.columns(get(t, 'columns')), sourceMeta));
      }
    }
  }
  return { entities, errors: r.errors };
}

/** Cheap test before parsing: only files that declare dbt resources are property files. */
export function looksLikeProperties(text: string): boolean {
  return /^(models|sources|seeds|snapshots):/m.test(text);
}
