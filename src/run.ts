// The pipeline, end to end: changed files → extract → classify → diff → evaluate → Report.
// The CLI and the Action are thin shells around run(); they differ only in where the change set
// comes from and where the report goes.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClassifier, parseUserRules, type Classifier, type UserRule } from './classify/index.js';
import { definedColumns, resolveUnqualifiedSources } from './schema/resolve-sources.js';
import { CONFIG_FILE_NAMES, ConfigLoadError, configFromYaml, configLine, defaultConfig, type Config } from './config.js';
import { gitChangeSet } from './changes/git.js';
import type { ChangeSet, ChangedFile } from './changes/types.js';
import { extractorFor } from './extract/registry.js';
import type { ExtractContext, FileTree } from './extract/types.js';
import { evaluate } from './policy/evaluate.js';
import { inferSensitivity, type UpstreamLookup } from './policy/infer.js';
import { emptyRegistry, lookupRegistry, parseRegistry, type Registry } from './policy/registry.js';
import { configRelaxations } from './policy/config-diff.js';
import { buildSnapshot, columnKey, type Snapshot } from './schema/snapshot.js';
import { diffSnapshots } from './schema/diff.js';
import {
  LEVELS,
  levelRank,
  maxLevel,
  type ColumnChange,
  type ColumnFact,
  type ExtractError,
  type ExtractResult,
  type Finding,
  type Justification,
  type Level,
  type Report,
  type Sensitivity,
} from './types.js';
import { VERSION } from './version.js';

export interface RunOptions {
  cwd: string;
  base?: string;
  head?: string;
  all?: boolean;
  /** Check uncommitted and untracked files against the merge base (local use before a commit). */
  worktree?: boolean;
  /** A config file on disk; when absent, `.sensitivity-gate.yml` is read from the base side. */
  configPath?: string;
  failLevel?: Level;
  /** A change set from elsewhere (the Action's API fallback); otherwise git is read in `cwd`. */
  changes?: ChangeSet;
  log?: (message: string) => void;
  /** For reproducible expiry checks in tests. */
  today?: Date;
  /**
   * A repository-relative directory (a monorepo part): only changes under it are checked, and its
   * own `.sensitivity-gate.yml` is preferred to the root's. Reports keep repository paths.
   */
  scope?: string;
}

/** `services/api/` → `services/api`; `.` and empty mean the whole repository. */
export function normaliseScope(scope: string | undefined): string | undefined {
  const s = (scope ?? '').replace(/\\/g, '/').replace(/^(\.\/)+|\/+$/g, '');
  return s === '' || s === '.' ? undefined : s;
}

function inScope(path: string, scope: string | undefined): boolean {
  return scope === undefined || path.startsWith(`${scope}/`);
}

const timer = () => {
  const start = performance.now();
  return () => Math.round((performance.now() - start) * 10) / 10;
};

async function readConfigText(tree: FileTree, scope: string | undefined): Promise<{ text: string; file: string } | undefined> {
  const dirs = scope === undefined ? [''] : [`${scope}/`, ''];
  for (const dir of dirs) {
    for (const name of CONFIG_FILE_NAMES) {
      const text = await tree.read(`${dir}${name}`);
      if (text !== undefined) return { text, file: `${dir}${name}` };
    }
  }
  return undefined;
}

/** Parses a config and its user rules; every problem carries file and line. */
export function loadConfig(text: string, file: string): { config: Config; classifier: Classifier; userRules: UserRule[] } {
  const config = configFromYaml(text, file);
  const { rules, errors } = parseUserRules(config.rules);
  if (errors.length) {
    throw new ConfigLoadError(errors.map((e) => ({ file, line: configLine(text, ['rules', ...e.path]), message: `rules.${e.path.join('.')}: ${e.message}` })));
  }
  return { config, classifier: createClassifier({ userRules: rules }), userRules: rules };
}

interface Loaded {
  config: Config;
  classifier: Classifier;
  relaxations: Finding[];
}

async function loadPolicy(options: RunOptions, changes: ChangeSet): Promise<Loaded> {
  if (options.configPath) {
    const path = resolve(options.cwd, options.configPath);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new ConfigLoadError([{ file: options.configPath, line: 1, message: 'cannot read the config file' }]);
    }
    return { ...loadConfig(text, options.configPath), relaxations: [] };
  }
  // In diff mode the policy comes from the base side, so a pull request cannot relax its own gate.
  const policySide = changes.mode === 'diff' ? changes.base : changes.head;
  const scope = normaliseScope(options.scope);
  const found = await readConfigText(policySide, scope);
  const loaded = found ? loadConfig(found.text, found.file) : { config: defaultConfig(), classifier: createClassifier() };
  let relaxations: Finding[] = [];
  if (changes.mode === 'diff') {
    const headFound = await readConfigText(changes.head, scope);
    if (headFound && headFound.text !== found?.text) {
      try {
        const headConfig = configFromYaml(headFound.text, headFound.file);
        relaxations = configRelaxations(loaded.config, headConfig, headFound.file, headFound.text);
      } catch (err) {
        if (!(err instanceof ConfigLoadError)) throw err;
        relaxations = err.errors.map((e) => ({
          kind: 'config-relaxed' as const,
          severity: 'error' as const,
          blocking: true,
          file: e.file,
          line: e.line,
          categories: [],
          rule: 'config.invalid',
          message: `The config changed by this pull request is invalid: ${e.message}`,
        }));
      }
    }
  }
  return { ...loaded, relaxations };
}

async function loadRegistry(config: Config, tree: FileTree): Promise<Registry> {
  const text = await tree.read(config.registry);
  return text === undefined ? emptyRegistry(config.registry) : parseRegistry(text, config.registry);
}

async function extractSide(path: string | undefined, tree: FileTree, ctx: ExtractContext): Promise<ExtractResult | undefined> {
  if (!path) return undefined;
  const text = await tree.read(path);
  if (text === undefined) return undefined;
  const extractor = await extractorFor(path, ctx);
  if (!extractor) return undefined;
  try {
    return await extractor.extract({ path, text }, ctx);
  } catch (err) {
    // An extractor must not throw; if one does, the file is reported, never silently passed.
    return { facts: [], errors: [{ file: path, line: 1, message: `internal error while reading this file: ${(err as Error).message}`, kind: 'parse' }] };
  }
}

const EMPTY: Snapshot = { columns: new Map(), dropped: new Map() };

export async function run(options: RunOptions): Promise<Report> {
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const total = timer();
  let t = timer();
  const changes = options.changes ?? (await gitChangeSet({ cwd: options.cwd, base: options.base, head: options.head, all: options.all, worktree: options.worktree }));
  timings.changes = t();
  try {
    t = timer();
    const { config, classifier, relaxations } = await loadPolicy(options, changes);
    if (options.failLevel) config.failLevel = options.failLevel;
    const registry = await loadRegistry(config, changes.head);
    timings.config = t();
    log(`${changes.files.length} changed file(s) from ${changes.source}${changes.baseRef ? ` (base ${changes.baseRef.slice(0, 12)})` : ''}`);

    t = timer();
    const baseCtx: ExtractContext = { config, classifier, side: 'base', tree: changes.base };
    const headCtx: ExtractContext = { config, classifier, side: 'head', tree: changes.head };
    const errors: ExtractError[] = [...registry.errors, ...(changes.warnings ?? []).map((w) => ({ file: '(change set)', line: 0, message: w, kind: 'unsupported' as const }))];
    const extractorFindings: Finding[] = [];
    const perFile: { file: ChangedFile; base?: ExtractResult; head?: ExtractResult }[] = [];
    let analysed = 0;
    const scope = normaliseScope(options.scope);
    const inScopeFiles = changes.files.filter((file) => inScope(file.path, scope) || (file.oldPath !== undefined && inScope(file.oldPath, scope)));
    await Promise.all(
      inScopeFiles.map(async (file) => {
        const basePath = file.status === 'added' ? undefined : (file.oldPath ?? file.path);
        const headPath = file.status === 'deleted' ? undefined : file.path;
        const [base, head] = await Promise.all([extractSide(basePath, changes.base, baseCtx), extractSide(headPath, changes.head, headCtx)]);
        if (!base && !head) return;
        analysed++;
        perFile.push({ file, base, head });
      }),
    );
    perFile.sort((a, b) => a.file.path.localeCompare(b.file.path));
    timings.extract = t();

    t = timer();
    // Justifications written anywhere in the head side (e.g. COMMENT ON in a later migration) count.
    // an unqualified column of a join is placed once each side's columns are all known
    for (const side of ['base', 'head'] as const) {
      const facts = perFile.flatMap((f) => f[side]?.facts ?? []);
      resolveUnqualifiedSources(facts, definedColumns(facts));
    }
    const commentJustifications = new Map<string, Justification>();
    const headFacts = new Map<string, ColumnFact>();
    for (const { head } of perFile) {
      for (const fact of head?.facts ?? []) {
        const key = columnKey(fact.table, fact.column);
        if (fact.justification && fact.action === 'comment') commentJustifications.set(key, fact.justification);
        if (fact.action !== 'comment' && fact.action !== 'drop') headFacts.set(key, fact);
      }
    }
    const sensitivityCache = new Map<ColumnFact, Sensitivity>();
    const upstream: UpstreamLookup = (source) => {
      const fact = headFacts.get(columnKey(source.table, source.column));
      if (!fact || fact.lineage) return undefined;
      return sensitivityOf(fact);
    };
    const sensitivityOf = (fact: ColumnFact): Sensitivity => {
      let s = sensitivityCache.get(fact);
      if (!s) {
        s = inferSensitivity(fact, classifier, upstream);
        sensitivityCache.set(fact, s);
      }
      return s;
    };

    const columnChanges: ColumnChange[] = [];
    for (const { file, base, head } of perFile) {
      // Only the head side's problems are this change's: a base file that no longer parses is not.
      if (head) {
        errors.push(...head.errors);
        const before = new Set((base?.findings ?? []).flatMap((f) => (f.fingerprint ? [`${f.kind}\0${f.fingerprint}`] : [])));
        for (const f of head.findings ?? []) {
          if (f.fingerprint && before.has(`${f.kind}\0${f.fingerprint}`)) continue;
          extractorFindings.push({
            kind: f.kind,
            severity: f.severity,
            blocking: f.severity === 'error',
            file: f.location.file,
            line: f.location.line,
            column: f.location.column,
            table: f.table,
            columnName: f.column,
            level: f.level,
            categories: f.categories ?? [],
            rule: f.kind,
            message: f.message,
            fix: f.fix,
          });
        }
      }
      const diff = diffSnapshots({
        file: file.path,
        oldFile: file.oldPath,
        base: base ? buildSnapshot(base) : EMPTY,
        head: head ? buildSnapshot(head) : EMPTY,
        sensitivityOf,
      });
      columnChanges.push(...diff);
    }
    timings.classifyAndDiff = t();
    const judged = preferDefinitions(columnChanges);

    t = timer();
    const { findings, columns } = evaluate({
      changes: judged,
      config,
      today: options.today ?? new Date(),
      justificationFor: (fact) => commentJustifications.get(columnKey(fact.table, fact.column)) ?? lookupRegistry(registry, fact.table, fact.column),
    });
    // Unreadable input fails closed by default; constructs we knowingly cannot follow (columns made
    // by a macro, dynamic SQL) are warnings, listed in every report.
    const parseFindings: Finding[] = errors.map((e) => {
      const blocking = config.onParseError === 'fail' && (e.kind === 'parse' || e.kind === 'config' || e.kind === undefined);
      return {
        kind: 'parse-error' as const,
        severity: blocking ? ('error' as const) : ('warning' as const),
        blocking,
        file: e.file,
        line: e.line,
        column: e.column,
        categories: [],
        rule: e.kind === 'unknown-columns' || e.kind === 'unsupported' ? `parse-error.${e.kind}` : 'parse-error',
        message: `Could not analyse: ${e.message}`,
      };
    });
    const allFindings = sortFindings([...relaxations, ...extractorFindings, ...parseFindings, ...findings]);
    timings.evaluate = t();
    timings.total = total();

    const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
    let top: Level = 'public';
    for (const c of columns) {
      if (c.change === 'removed') continue;
      byLevel[c.level]++;
      top = maxLevel(top, c.level);
    }
    const filesWithErrors = new Set(errors.map((e) => e.file)).size;
    return {
      schemaVersion: 1,
      tool: { name: 'sensitivity-gate', version: VERSION },
      mode: changes.mode,
      base: changes.baseRef,
      head: changes.headRef,
      failLevel: config.failLevel,
      findings: allFindings,
      columns,
      errors,
      summary: {
        filesAnalysed: analysed,
        filesWithErrors,
        columns: columns.length,
        findings: allFindings.length,
        blocking: allFindings.filter((f) => f.blocking).length,
        maxLevel: top,
        byLevel,
        overrides: columns.filter((c) => c.override).length,
      },
      timings,
    };
  } finally {
    changes.close?.();
  }
}

/**
 * One column stated in two changed files of different kinds (a dbt model's SQL and its YAML) is
 * judged once, where it is defined: the declaration-only change is dropped when the defining file
 * changed the same column too (the definition already carries the declaration).
 */
export function preferDefinitions(changes: ColumnChange[]): ColumnChange[] {
  const defined = new Set<string>();
  for (const c of changes) {
    if (c.kind !== 'unchanged' && (c.head ?? c.base)?.origin === 'dbt-model') defined.add(columnKey(c.table, c.column));
  }
  if (defined.size === 0) return changes;
  return changes.filter((c) => (c.head ?? c.base)?.origin !== 'dbt-yaml' || !defined.has(columnKey(c.table, c.column)));
}

const SEVERITY_RANK = { error: 0, warning: 1, notice: 2 } as const;

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(b.blocking) - Number(a.blocking) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      levelRank(b.level ?? 'public') - levelRank(a.level ?? 'public') ||
      a.file.localeCompare(b.file) ||
      a.line - b.line,
  );
}
