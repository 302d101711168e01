// dbt projects as an Extractor: models, snapshots and analyses (output columns with lineage),
// seeds (CSV headers) and property YAML (declarations and justifications). A model's SQL facts carry
// what its YAML declares and justifies, so a justification in `schema.yml` clears a finding on the
// SQL line.

import { JUSTIFICATION_KEYS, toJustification } from '../../policy/annotation.js';
import type { ColumnFact, ExtractError, ExtractResult, Justification, LineageSource } from '../../types.js';
import type { ExtractContext, Extractor, SourceFile } from '../types.js';
import { dbtCatalog, type DbtCatalog } from './catalog.js';
import { dbtIndex, relationName, type DbtProject } from './project.js';
import type { PropertyColumn, PropertyEntity } from './properties.js';
import { csvHeader } from './seed.js';

const DBT_FILE = /\.(sql|ya?ml|csv)$/i;

/** Justification fields in a `meta` mapping, or undefined when it holds none. */
function justificationFrom(meta: Record<string, unknown>, file: string, line: number | undefined): Justification | undefined {
  if (!JUSTIFICATION_KEYS.some((k) => meta[k] !== undefined)) return undefined;
  return toJustification(meta, 'dbt-meta', { file, line: line ?? 1, column: 1 }).justification;
}

/** What the property YAML says about one column of a relation: declaration, type, justification. */
function fromProperties(fact: ColumnFact, entity: PropertyEntity | undefined, column: PropertyColumn | undefined): ColumnFact {
  if (!entity) return fact;
  const out = { ...fact };
  if (column?.declared) out.declared = column.declared;
  if (column?.dataType && !out.type) out.type = column.dataType;
  if (column?.description) out.description = column.description;
  const justification =
    (column && justificationFrom(column.meta, entity.file, column.metaLine)) ?? justificationFrom(entity.meta, entity.file, entity.metaLine);
  if (justification) out.justification = justification;
  out.fixTarget = column
    ? { file: entity.file, line: column.line, indent: column.indent, entry: true }
    : { file: entity.file, line: entity.line, indent: entity.columnIndent, entry: false };
  return out;
}

function columnOf(entity: PropertyEntity | undefined, name: string): PropertyColumn | undefined {
  return entity?.columns.find((c) => c.name === name.toLowerCase());
}

/**
 * Upstream columns declared sensitive in YAML travel with the lineage, even when that file did not
 * change; an unqualified column of a join is placed in the one relation whose YAML lists it.
 */
async function withDeclaredSources(from: LineageSource[], project: DbtProject, catalog: DbtCatalog): Promise<LineageSource[]> {
  return Promise.all(
    from.map(async (source) => {
      let s = source;
      if (s.alternatives) {
        const tables = [s.table, ...s.alternatives];
        const listed = (await Promise.all(tables.map(async (t) => (columnOf(await catalog.entity(project, t), s.column) ? t : undefined)))).filter((t) => t !== undefined);
        if (listed.length === 1) s = { table: listed[0]!, column: s.column };
      }
      const level = columnOf(await catalog.entity(project, s.table), s.column)?.declared?.level;
      return level ? { ...s, declared: level } : s;
    }),
  );
}

async function extractModel(file: SourceFile, project: DbtProject, catalog: DbtCatalog): Promise<ExtractResult> {
  const analysis = await catalog.model(file.path, project, file.text);
  const entity = await catalog.entity(project, analysis.relation);
  const errors: ExtractError[] = [...analysis.errors];
  for (const u of analysis.unknown) errors.push({ file: file.path, line: u.line, message: `${analysis.relation}: ${u.reason}`, kind: 'unknown-columns' });
  const facts: ColumnFact[] = [];
  const seen = new Set<string>();
  for (const c of analysis.columns) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    let fact: ColumnFact = { table: analysis.relation, column: c.name, location: c.location, origin: 'dbt-model', action: 'define' };
    if (c.lineage) fact.lineage = { ...c.lineage, from: await withDeclaredSources(c.lineage.from, project, catalog) };
    if (c.heuristic) fact.heuristic = true;
    fact = fromProperties(fact, entity, columnOf(entity, c.name));
    facts.push(fact);
  }
  return { facts, errors };
}

async function extractProperties(file: SourceFile, catalog: DbtCatalog): Promise<ExtractResult> {
  const parsed = await catalog.propertyFile(file.path, file.text);
  const facts: ColumnFact[] = [];
  for (const entity of parsed.entities) {
    for (const column of entity.columns) {
      const fact: ColumnFact = {
        table: entity.name,
        column: column.name,
        location: { file: file.path, line: column.line, column: column.indent + 1 },
        origin: 'dbt-yaml',
        action: 'define',
      };
      facts.push(fromProperties(fact, entity, column));
    }
  }
  return { facts, errors: parsed.errors, snapshot: true };
}

async function extractSeed(file: SourceFile, project: DbtProject, catalog: DbtCatalog): Promise<ExtractResult> {
  const table = relationName(file.path);
  const entity = await catalog.entity(project, table);
  const header = csvHeader(file.text);
  if (header.length === 0) return { facts: [], errors: [{ file: file.path, line: 1, message: 'seed has no CSV header', kind: 'parse' }] };
  const facts = header.map((h) =>
    fromProperties({ table, column: h.name, location: { file: file.path, line: 1, column: h.column }, origin: 'dbt-model', action: 'define' }, entity, columnOf(entity, h.name)),
  );
  return { facts, errors: [] };
}

export const dbtExtractor: Extractor = {
  name: 'dbt',
  async matches(path: string, ctx: ExtractContext) {
    if (!DBT_FILE.test(path) && !path.endsWith('dbt_project.yml')) return false;
    return (await dbtIndex(ctx.tree, ctx.config)).classify(path) !== undefined;
  },
  async extract(file: SourceFile, ctx: ExtractContext): Promise<ExtractResult> {
    const catalog = await dbtCatalog(ctx.tree, ctx.config);
    const owner = catalog.index.classify(file.path);
    if (!owner) return { facts: [], errors: [] };
    switch (owner.kind) {
      case 'project':
        return { facts: [], errors: owner.project.errors };
      case 'properties':
        return extractProperties(file, catalog);
      case 'seed':
        return extractSeed(file, owner.project, catalog);
      default: {
        const result = await extractModel(file, owner.project, catalog);
        // A model file defines its relation completely: compare base and head as whole files.
        result.snapshot = true;
        return result;
      }
    }
  },
};
