// dbt project discovery: every `dbt_project.yml` in the tree (monorepos hold several), the paths it
// names for models, seeds, snapshots and analyses, its variables and its warehouse adapter. Built
// once per side of the repository and shared by every file of that side.

import { matchesAny } from '../../glob.js';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../../config.js';
import type { ExtractError } from '../../types.js';
import type { Dialect } from '../sql/index.js';
import type { FileTree } from '../types.js';

export type DbtFileKind = 'model' | 'seed' | 'snapshot' | 'analysis' | 'properties' | 'project';

export interface DbtProject {
  /** Directory of `dbt_project.yml`, repository-relative, '' at the root. */
  root: string;
  name: string;
  file: string;
  modelPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  analysisPaths: string[];
  vars: Map<string, unknown>;
  /** dbt adapter type (`snowflake`, `bigquery`, ...) from profiles.yml, when the project ships one. */
  adapter?: string;
  errors: ExtractError[];
  /** Model, seed and snapshot names → their file. */
  relations: Map<string, string>;
  /** Property YAML files under the project's paths. */
  propertyFiles: string[];
}

export interface DbtFile {
  project: DbtProject;
  kind: DbtFileKind;
}

const ADAPTER_DIALECTS: Record<string, Dialect> = {
  postgres: 'postgres',
  redshift: 'redshift',
  duckdb: 'duckdb',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  mysql: 'mysql',
  sqlite: 'sqlite',
  databricks: 'spark',
  spark: 'spark',
  sqlserver: 'tsql',
  synapse: 'tsql',
  fabric: 'tsql',
};

export function dialectForAdapter(adapter: string | undefined): Dialect | undefined {
  return adapter ? ADAPTER_DIALECTS[adapter.toLowerCase()] : undefined;
}

function join(root: string, path: string): string {
  const clean = path.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return root ? `${root}/${clean}` : clean;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function stem(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.[^.]+$/, '').toLowerCase();
}

function under(path: string, dirs: string[]): boolean {
  return dirs.some((d) => d === '' || path.startsWith(d + '/'));
}

function pathList(value: unknown, fallback: string[]): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (typeof value === 'string') return [value];
  return fallback;
}

/** `vars:` may be global or scoped by package name; both are visible to the project's models. */
function flattenVars(vars: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof vars !== 'object' || vars === null) return out;
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (!out.has(k2)) out.set(k2, v2);
    } else out.set(k, v);
  }
  return out;
}

function adapterFromProfiles(text: string, profile: string | undefined): string | undefined {
  try {
    const profiles = parseYaml(text) as Record<string, { target?: string; outputs?: Record<string, { type?: string }> }> | null;
    if (!profiles || typeof profiles !== 'object') return undefined;
    const entry = (profile && profiles[profile]) || Object.values(profiles).find((p) => typeof p === 'object' && p?.outputs);
    const outputs = entry?.outputs ?? {};
    const output = (entry?.target && outputs[entry.target]) || Object.values(outputs)[0];
    return typeof output?.type === 'string' ? output.type : undefined;
  } catch {
    return undefined;
  }
}

async function readProject(file: string, tree: FileTree): Promise<DbtProject> {
  const root = dirOf(file);
  const errors: ExtractError[] = [];
  let raw: Record<string, unknown> = {};
  const text = (await tree.read(file)) ?? '';
  try {
    const parsed: unknown = parseYaml(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
    else errors.push({ file, line: 1, message: 'dbt_project.yml must be a YAML mapping', kind: 'parse' });
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    errors.push({ file, line, message: `invalid YAML: ${(e as Error).message.split('\n')[0]}`, kind: 'parse' });
  }
  const profileText = await tree.read(join(root, 'profiles.yml'));
  const adapter = profileText ? adapterFromProfiles(profileText, typeof raw.profile === 'string' ? raw.profile : undefined) : undefined;
  const project: DbtProject = {
    root,
    file,
    name: typeof raw.name === 'string' ? raw.name : root || 'dbt',
    modelPaths: pathList(raw['model-paths'] ?? raw['source-paths'], ['models']).map((p) => join(root, p)),
    seedPaths: pathList(raw['seed-paths'] ?? raw['data-paths'], ['seeds']).map((p) => join(root, p)),
    snapshotPaths: pathList(raw['snapshot-paths'], ['snapshots']).map((p) => join(root, p)),
    analysisPaths: pathList(raw['analysis-paths'], ['analyses']).map((p) => join(root, p)),
    vars: flattenVars(raw.vars),
    errors,
    relations: new Map(),
    propertyFiles: [],
  };
  if (adapter) project.adapter = adapter;
  return project;
}

export class DbtIndex {
  private constructor(readonly projects: DbtProject[]) {}

  static async build(tree: FileTree, config: Config): Promise<DbtIndex> {
    const files = (await tree.list()).filter((f) => !matchesAny(f, config.ignore));
    const projectFiles = files.filter((f) => f === 'dbt_project.yml' || f.endsWith('/dbt_project.yml'));
    // Deepest root first, so a nested project (integration_tests/) owns its own files.
    const projects = (await Promise.all(projectFiles.map((f) => readProject(f, tree)))).sort((a, b) => b.root.length - a.root.length);
    const index = new DbtIndex(projects);
    for (const f of files) {
      const owner = index.classify(f);
      if (!owner) continue;
      const { project, kind } = owner;
      if (kind === 'properties') project.propertyFiles.push(f);
      else if ((kind === 'model' && f.endsWith('.sql')) || (kind === 'snapshot' && f.endsWith('.sql')) || (kind === 'seed' && f.endsWith('.csv'))) {
        if (!project.relations.has(stem(f))) project.relations.set(stem(f), f);
      }
    }
    return index;
  }

  /** Which project and kind a file belongs to, or undefined when no dbt project claims it. */
  classify(path: string): DbtFile | undefined {
    for (const project of this.projects) {
      if (path === project.file) return { project, kind: 'project' };
      if (project.root && !path.startsWith(project.root + '/')) continue;
      const yaml = /\.ya?ml$/i.test(path);
      const sql = /\.sql$/i.test(path);
      const all = [...project.modelPaths, ...project.seedPaths, ...project.snapshotPaths, ...project.analysisPaths];
      if (yaml && under(path, all)) return { project, kind: 'properties' };
      if (sql && under(path, project.modelPaths)) return { project, kind: 'model' };
      if (sql && under(path, project.snapshotPaths)) return { project, kind: 'snapshot' };
      if (sql && under(path, project.analysisPaths)) return { project, kind: 'analysis' };
      if (/\.csv$/i.test(path) && under(path, project.seedPaths)) return { project, kind: 'seed' };
      // A file under a project's root but outside its paths belongs to no nested project either.
      if (project.root) return undefined;
    }
    return undefined;
  }

  /** The file of a relation (`ref` name), in the given project first, then in any other project. */
  relationFile(name: string, project: DbtProject): string | undefined {
    return project.relations.get(name) ?? this.projects.find((p) => p.relations.has(name))?.relations.get(name);
  }
}

export function relationName(path: string): string {
  return stem(path);
}

const indexes = new WeakMap<FileTree, Promise<DbtIndex>>();

/** The project index of one side of the repository, built on first use. */
export function dbtIndex(tree: FileTree, config: Config): Promise<DbtIndex> {
  let index = indexes.get(tree);
  if (!index) {
    index = DbtIndex.build(tree, config);
    indexes.set(tree, index);
  }
  return index;
}
