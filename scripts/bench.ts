// `npm run bench`: speed and peak memory of the gate, each scenario in its own process so that
// peak RSS belongs to that scenario alone. Figures go in release notes, not in timed tests.
//
//   node scripts/run-ts.mjs scripts/bench.ts            all scenarios
//   node scripts/run-ts.mjs scripts/bench.ts <name>     one scenario (used by the parent)

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadModule, parseSync } from 'libpg-query';
import { run } from '../src/run.js';
import { extractSql, initSqlParsers } from '../src/extract/sql/index.js';
import { createClassifier } from '../src/classify/index.js';
import { classifierInputs, generateMigrationRepo, generateDbtProject, largeNotebook } from './bench-data.js';

const root = resolve(process.argv[1] ?? '.', '..', '..');
const corpus = resolve(root, '..', 'shared', 'corpus');

type Result = Record<string, number | string>;
const scenarios: Record<string, () => Promise<Result>> = {
  async 'pr-20-files'() {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-pr-'));
    try {
      generateMigrationRepo(dir, { baseFiles: 300, prFiles: 20 });
      const start = performance.now();
      const report = await run({ cwd: dir, base: 'main' });
      return { ms: Math.round(performance.now() - start), files: report.summary.filesAnalysed, columns: report.summary.columns, findings: report.summary.findings };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'all-2000-migrations'() {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-all-'));
    try {
      const statements = generateMigrationRepo(dir, { baseFiles: 2000, prFiles: 0 });
      const start = performance.now();
      const report = await run({ cwd: dir, all: true });
      const ms = performance.now() - start;
      // The bare parser on the same files, for the overhead ratio.
      await loadModule();
      const files = execFileSync('git', ['ls-files', '*.sql'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
      const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
      const p0 = performance.now();
      for (const t of texts) parseSync(t);
      const parserMs = performance.now() - p0;
      return {
        ms: Math.round(ms),
        files: report.summary.filesAnalysed,
        statements,
        'gate stmt/s': Math.round(statements / (ms / 1000)),
        'parser stmt/s': Math.round(statements / (parserMs / 1000)),
        'gate/parser time': Math.round((ms / parserMs) * 10) / 10,
        columns: report.summary.columns,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'extract-only-2000-migrations'() {
    // The extraction stage alone on the same generated files, against the bare parser.
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-ext-'));
    try {
      const statements = generateMigrationRepo(dir, { baseFiles: 2000, prFiles: 0 });
      const files = execFileSync('git', ['ls-files', '*.sql'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
      const texts = files.map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
      await initSqlParsers();
      await loadModule();
      // Warm both paths once so that neither pays for the other's JIT and WASM start-up.
      for (const [file, t] of texts.slice(0, 200)) {
        parseSync(t);
        await extractSql(t, { file, dialect: 'postgres' });
      }
      const p0 = performance.now();
      for (const [, t] of texts) parseSync(t);
      const parserMs = performance.now() - p0;
      const e0 = performance.now();
      for (const [file, t] of texts) await extractSql(t, { file, dialect: 'postgres' });
      const extractMs = performance.now() - e0;
      return {
        statements,
        'extract stmt/s': Math.round(statements / (extractMs / 1000)),
        'parser stmt/s': Math.round(statements / (parserMs / 1000)),
        'extract/parser time': Math.round((extractMs / parserMs) * 100) / 100,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'classify-100k'() {
    const warm = createClassifier();
    for (const input of classifierInputs(2000, true)) warm.classify(input);
    const classifier = createClassifier();
    const time = (inputs: ReturnType<typeof classifierInputs>, fn: (i: (typeof inputs)[number]) => void) => {
      const start = performance.now();
      for (const input of inputs) fn(input);
      return Math.round(performance.now() - start);
    };
    return {
      'repeated names ms': time(classifierInputs(100_000, false), (i) => classifier.classify(i)),
      'distinct names ms': time(classifierInputs(100_000, true), (i) => classifier.classify(i)),
      'explain distinct ms': time(classifierInputs(100_000, true).map((i) => ({ ...i, column: `${i.column}x` })), (i) => classifier.explain(i)),
      names: 100_000,
    };
  },

  async 'corpus-migrations'(): Promise<Result> {
    const dir = join(corpus, 'migrations');
    if (!existsSync(dir)) return { skipped: 'no ../shared/corpus/migrations' };
    await initSqlParsers();
    let files = 0;
    let facts = 0;
    let heuristic = 0;
    let errors = 0;
    let tolerant = 0;
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    const start = performance.now();
    for (const path of walk(dir).filter((p) => p.endsWith('.sql'))) {
      const text = readFileSync(path, 'utf8');
      const dialect = /mysql/i.test(path) ? 'mysql' : /sqlite/i.test(path) ? 'sqlite' : 'postgres';
      const result = await extractSql(text, { file: relative(dir, path), dialect });
      files++;
      facts += result.facts.length;
      heuristic += result.facts.filter((f) => f.heuristic).length;
      errors += result.errors.filter((e) => e.kind === 'parse').length;
      tolerant += result.errors.filter((e) => e.kind === 'unsupported').length;
    }
    return { files, 'column events': facts, 'heuristic events': heuristic, 'unreadable statements': errors, 'queries read from the SELECT list': tolerant, ms: Math.round(performance.now() - start) };
  },

  async 'dbt-all-5000-models'() {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-dbt-'));
    try {
      generateDbtProject(dir, 5000);
      const start = performance.now();
      const report = await run({ cwd: dir, all: true });
      return { ms: Math.round(performance.now() - start), files: report.summary.filesAnalysed, columns: report.summary.columns, errors: report.errors.length };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'notebook-50mb'() {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-nb-'));
    try {
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
      const text = largeNotebook(50);
      writeFileSync(join(dir, 'plots.ipynb'), text);
      execFileSync('git', ['add', '-A'], { cwd: dir });
      execFileSync('git', ['commit', '-qm', 'nb'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.test', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.test' } });
      const start = performance.now();
      const report = await run({ cwd: dir, all: true });
      return { MB: Math.round(text.length / 1024 / 1024), ms: Math.round(performance.now() - start), columns: report.summary.columns, errors: report.errors.length };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'dbt-pr-1-model-of-5000'() {
    // A pull request that edits one mart of a 5,000-model project: the cost should follow the change.
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-dbtpr-'));
    try {
      generateDbtProject(dir, 5000);
      // Real repositories keep their objects packed.
      execFileSync('git', ['repack', '-adq'], { cwd: dir });
      execFileSync('git', ['checkout', '-q', '-b', 'pr'], { cwd: dir });
      const model = join(dir, 'models/marts/fct_m4990.sql');
      writeFileSync(model, readFileSync(model, 'utf8').replace('md5(', '('));
      execFileSync('git', ['commit', '-qam', 'unhash'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.test', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.test' } });
      const start = performance.now();
      const report = await run({ cwd: dir, base: 'main' });
      return { ms: Math.round(performance.now() - start), files: report.summary.filesAnalysed, findings: report.summary.findings };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function child(name: string): Promise<void> {
  const fn = scenarios[name];
  if (!fn) throw new Error(`unknown scenario ${name}`);
  const result = await fn();
  result['peak RSS MB'] = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function parent(only?: string[]): Promise<void> {
  console.log(`sensitivity-gate benchmark · node ${process.version} · ${process.platform}/${process.arch}`);
  for (const name of Object.keys(scenarios)) {
    if (only?.length && !only.includes(name)) continue;
    const out = spawnSync(process.execPath, [process.argv[1]!, '--child', name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const line = out.stdout.trim().split('\n').pop() ?? '';
    if (out.status !== 0 || !line.startsWith('{')) {
      console.log(`${name.padEnd(30)} failed: ${(out.stderr || out.stdout).trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const r = JSON.parse(line) as Result;
    console.log(`${name.padEnd(30)} ${Object.entries(r).map(([k, v]) => `${k}: ${v}`).join(' · ')}`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!);
else await parent(args);
