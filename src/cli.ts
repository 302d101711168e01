// `npx sensitivity-gate`: parse arguments → run() → render → exit code.
// Exit codes: 0 nothing blocking, 1 blocking findings, 2 usage, configuration or internal error.

import { parseArgs } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, run } from './run.js';
import { CONFIG_FILE_NAMES, ConfigLoadError } from './config.js';
import { GitError } from './changes/git.js';
import { createClassifier, evaluateLabels, formatEvalFiles, formatExplanation, listCategories, type UserRule } from './classify/index.js';
import { RENDERERS, FORMATS, type Format } from './report/index.js';
import { isLevel, LEVELS, type Level } from './types.js';
import { VERSION } from './version.js';
import { init } from './init.js';

const USAGE = `Usage:
  sensitivity-gate [check] [--base REF] [--head REF | --worktree] [--all] [--format FORMAT] [--output FILE]
                   [--config FILE] [--fail-level LEVEL] [--verbose]
  sensitivity-gate explain COLUMN [--type TYPE] [--table TABLE] [--config FILE]
  sensitivity-gate eval LABELS.csv [MORE.csv ...] [--include-uncertain] [--worst N] [--config FILE]
  sensitivity-gate categories [--format text|json] [--config FILE]
  sensitivity-gate init [--force]

Checks the SQL migrations, dbt models, notebooks and data contracts changed between the merge
base of --base (default: origin/HEAD, else main/master) and --head (default: HEAD), and fails
when a change raises data sensitivity without a documented justification.

Options:
  --base REF         compare against the merge base with REF
  --head REF         the side to check (default HEAD)
  --worktree         check uncommitted and untracked files too (before you commit)
  --all              audit every matching file at HEAD instead of a diff
  --format FORMAT    ${FORMATS.join(' | ')} (default text)
  --output FILE      write the report to FILE instead of standard output
  --config FILE      config file (default: .sensitivity-gate.yml, read from the base side for a
                     check, from the current directory for explain, eval and categories)
  --force            init: replace files that exist
  --fail-level LEVEL ${LEVELS.join(' | ')}: the lowest level that needs a justification
  --verbose          list every classified column (text format)
  -h, --help         show this help
  -v, --version      print the version

Exit codes: 0 nothing blocking, 1 blocking findings, 2 usage, configuration or internal error.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        all: { type: 'boolean' },
        worktree: { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'fail-level': { type: 'string' },
        verbose: { type: 'boolean' },
        type: { type: 'string' },
        table: { type: 'string' },
        'include-uncertain': { type: 'boolean' },
        worst: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function emit(text: string, output: string | undefined): Promise<void> {
  if (output) await writeFile(output, text);
  else process.stdout.write(text);
}

/**
 * The user's own rules from `--config` or `.sensitivity-gate.yml` in the current directory:
 * explain, eval and categories must answer as the gate would.
 */
async function cliUserRules(configPath: string | undefined): Promise<UserRule[]> {
  const candidates = configPath ? [configPath] : CONFIG_FILE_NAMES.map((n) => join(process.cwd(), n));
  for (const path of candidates) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      if (configPath) throw new ConfigLoadError([{ file: configPath, line: 1, message: 'cannot read the config file' }]);
      continue;
    }
    return loadConfig(text, configPath ?? path.slice(process.cwd().length + 1)).userRules;
  }
  return [];
}

function formatCategories(format: string, userRules: UserRule[]): string {
  const categories = listCategories(userRules);
  if (format === 'json') return JSON.stringify(categories, null, 2) + '\n';
  const width = Math.max(...categories.map((c) => c.id.length));
  return categories.map((c) => `${c.id.padEnd(width)}  ${c.level.padEnd(12)}  ${c.description}${c.regulations.length ? ` (${c.regulations.join('; ')})` : ''}`).join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const [command = 'check', ...rest] = positionals;

  if (command === 'explain') {
    const name = rest[0];
    if (!name || rest.length > 1) throw new UsageError('explain takes one column name, e.g. sensitivity-gate explain customer_email --table customers');
    // `table.column` is accepted as a shorthand for --table.
    const dot = name.lastIndexOf('.');
    const input = {
      column: dot > 0 && !values.table ? name.slice(dot + 1) : name,
      table: values.table ?? (dot > 0 ? name.slice(0, dot) : undefined),
      type: values.type,
    };
    const classifier = createClassifier({ userRules: await cliUserRules(values.config) });
    await emit(formatExplanation(input, classifier.explain(input)) + '\n', values.output);
    return 0;
  }

  if (command === 'init') {
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const files = await init(process.cwd(), values.force ?? false);
    const lines = files.map((f) => (f.action === 'kept' ? `kept ${f.path} (it exists; --force replaces it)` : `${f.action} ${f.path}`));
    lines.push('', 'Next: commit both files; the gate runs on your next pull request. Locally: npx sensitivity-gate --worktree');
    await emit(lines.join('\n') + '\n', values.output);
    return 0;
  }

  if (command === 'categories') {
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('categories --format must be text or json');
    await emit(formatCategories(format, await cliUserRules(values.config)), values.output);
    return 0;
  }

  if (command === 'eval') {
    if (rest.length === 0) throw new UsageError('eval takes one or more labelled CSV files (columns: table, column, type, label)');
    const worst = values.worst === undefined ? 20 : Number(values.worst);
    if (!Number.isInteger(worst) || worst < 0) throw new UsageError('--worst takes a whole number');
    const classifier = createClassifier({ userRules: await cliUserRules(values.config) });
    const results = [];
    for (const file of rest) {
      const csv = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      results.push({ file, result: evaluateLabels(csv, classifier, { includeUncertain: values['include-uncertain'] ?? false }) });
    }
    await emit(formatEvalFiles(results, { worst }) + '\n', values.output);
    return 0;
  }

  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  let failLevel: Level | undefined;
  if (values['fail-level'] !== undefined) {
    if (!isLevel(values['fail-level'])) throw new UsageError(`--fail-level must be one of ${LEVELS.join(', ')}`);
    failLevel = values['fail-level'];
  }
  if (values.all && (values.base || values.head || values.worktree)) throw new UsageError('--all audits HEAD as a whole; it does not take --base, --head or --worktree');
  if (values.worktree && values.head) throw new UsageError('--worktree checks the files on disk; it does not take --head');

  const report = await run({
    cwd: process.cwd(),
    base: values.base,
    head: values.head,
    all: values.all ?? false,
    worktree: values.worktree ?? false,
    configPath: values.config,
    failLevel,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const color = !values.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  await emit(RENDERERS[format](report, { color, verbose: values.verbose ?? false }), values.output);
  return report.summary.blocking > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`sensitivity-gate: ${err.message}\n\n${USAGE}\n`);
    } else if (err instanceof ConfigLoadError) {
      process.stderr.write(`sensitivity-gate: invalid configuration\n${err.message}\n`);
    } else if (err instanceof GitError) {
      process.stderr.write(`sensitivity-gate: ${err.message}\n`);
    } else {
      process.stderr.write(`sensitivity-gate: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = 2;
  },
);
