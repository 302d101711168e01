// What one side of the repository knows about its dbt relations: property YAML (parsed once per
// project), and the output columns of models, seeds and snapshots, computed on demand by walking
// the ref graph (only as far as `*` expansion needs) and memoised.

import type { Config } from '../../config.js';
import { dialectForAdapter, dbtIndex, type DbtIndex, type DbtProject } from './project.js';
import { looksLikeProperties, parseProperties, type PropertyEntity, type PropertyFile } from './properties.js';
import { analyzeModel, type ModelAnalysis } from './model.js';
import { csvHeader } from './seed.js';
import type { FileTree } from '../types.js';
import type { Dialect } from '../sql/index.js';

const MAX_REF_DEPTH = 24;

export class DbtCatalog {
  private readonly properties = new Map<string, Promise<PropertyFile>>();
  private readonly names = new Map<DbtProject, Promise<Map<string, [string, string][]>>>();
  private readonly models = new Map<string, Promise<ModelAnalysis>>();
  private readonly finished = new Set<string>();

  constructor(
    readonly tree: FileTree,
    readonly config: Config,
    readonly index: DbtIndex,
  ) {}

  dialect(project: DbtProject): Dialect {
    return dialectForAdapter(project.adapter) ?? this.config.dialect;
  }

  declarationOptions() {
    return { keys: this.config.dbt.declarationKeys, classificationMap: this.config.contracts.classificationMap };
  }

  /** A property file parsed once per side; an unreadable one yields its errors. */
  propertyFile(path: string, text?: string): Promise<PropertyFile> {
    let p = this.properties.get(path);
    if (!p) {
      p = (async () => {
        const body = text ?? (await this.tree.read(path)) ?? '';
        return looksLikeProperties(body) ? parseProperties(body, path, this.declarationOptions()) : { entities: [], errors: [] };
      })();
      this.properties.set(path, p);
    }
    return p;
  }

  /**
   * Which property files of a project mention which names (`name: x` in block or flow style),
   * from one linear scan of their texts, read together through one batched git process.
   */
  private nameIndex(project: DbtProject): Promise<Map<string, [string, string][]>> {
    let p = this.names.get(project);
    if (!p) {
      p = Promise.all(project.propertyFiles.map(async (f): Promise<[string, string]> => [f, (await this.tree.read(f)) ?? ''])).then((files) => {
        const index = new Map<string, [string, string][]>();
        for (const file of files) {
          const seen = new Set<string>();
          for (const m of file[1].matchAll(/name\s*:\s*["']?([^"'\s,{}[\]#]+)/g)) {
            const key = m[1]!.toLowerCase();
            if (seen.has(key)) continue;
            seen.add(key);
            const list = index.get(key) ?? [];
            list.push(file);
            index.set(key, list);
          }
        }
        return index;
      });
      this.names.set(project, p);
    }
    return p;
  }

  /**
   * The declaration of a relation (model, seed, snapshot, `source.table`) in a project. Only the
   * property files that name the relation are parsed, so a pull request that touches one model
   * does not pay for parsing every YAML file of a large project.
   */
  private async declared(project: DbtProject, name: string): Promise<PropertyEntity | undefined> {
    const stem = (name.slice(name.lastIndexOf('.') + 1).replace(/_v\d+$/, '') || name).toLowerCase();
    for (const [path, text] of (await this.nameIndex(project)).get(stem) ?? []) {
      const found = (await this.propertyFile(path, text)).entities.find((e) => e.name === name);
      if (found) return found;
    }
    return undefined;
  }

  async entity(project: DbtProject, name: string): Promise<PropertyEntity | undefined> {
    const own = await this.declared(project, name);
    if (own) return own;
    for (const other of this.index.projects) {
      if (other === project) continue;
      const e = await this.declared(other, name);
      if (e) return e;
    }
    return undefined;
  }

  /**
   * The analysis of a model file. Finished analyses are shared; `chain` is the ref path that led
   * here, so a cycle in a malformed project ends with a reason instead of waiting on itself.
   */
  model(path: string, project: DbtProject, text?: string, chain: readonly string[] = []): Promise<ModelAnalysis> {
    const done = this.models.get(path);
    if (done && (chain.length === 0 || this.finished.has(path))) return done;
    const p = (async () => {
      const body = text ?? (await this.tree.read(path)) ?? '';
      const relation = path.replace(/^.*\//, '').replace(/\.sql$/i, '').toLowerCase();
      const result = await analyzeModel({
        file: path,
        text: body,
        relation,
        dialect: this.dialect(project),
        adapter: project.adapter ?? this.config.dialect,
        vars: project.vars,
        maskingMacros: this.config.dbt.maskingMacros,
        upstream: (name) => this.relationColumns(project, name, [...chain, path]),
      });
      this.finished.add(path);
      return result;
    })();
    if (!done) this.models.set(path, p);
    return p;
  }

  /** Known output columns of a relation, or why they are not known. */
  async relationColumns(project: DbtProject, name: string, chain: readonly string[]): Promise<{ columns: string[] } | { reason: string }> {
    const declared = await this.entity(project, name);
    const yamlColumns = declared && declared.columns.length > 0 ? { columns: declared.columns.map((c) => c.name) } : undefined;
    if (name.includes('.')) return yamlColumns ?? { reason: `source ${name} declares no columns in YAML` };
    const file = this.index.relationFile(name, project);
    if (!file) return yamlColumns ?? { reason: `no model, seed or snapshot named ${name} in the project` };
    if (file.endsWith('.csv')) {
      const text = await this.tree.read(file);
      const header = text === undefined ? [] : csvHeader(text);
      return header.length ? { columns: header.map((h) => h.name) } : { reason: `seed ${file} has no header` };
    }
    if (chain.includes(file) || chain.length > MAX_REF_DEPTH) return yamlColumns ?? { reason: `the ref chain through ${name} is cyclic or deeper than ${MAX_REF_DEPTH}` };
    const upstream = await this.model(file, this.index.classify(file)?.project ?? project, undefined, chain);
    if (upstream.unknown.length === 0 && upstream.errors.length === 0) return { columns: upstream.columns.map((c) => c.name) };
    return yamlColumns ?? { reason: `the columns of ${name} are not known (${upstream.unknown[0]?.reason ?? upstream.errors[0]?.message ?? 'unparsed'})` };
  }
}

const catalogs = new WeakMap<FileTree, Promise<DbtCatalog>>();

export function dbtCatalog(tree: FileTree, config: Config): Promise<DbtCatalog> {
  let c = catalogs.get(tree);
  if (!c) {
    c = dbtIndex(tree, config).then((index) => new DbtCatalog(tree, config, index));
    catalogs.set(tree, c);
  }
  return c;
}
