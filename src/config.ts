// `.sensitivity-gate.yml`: loaded, validated with the file and line of every problem, merged over
// defaults. YAML only; nothing in it is ever executed. Unknown keys are errors so that a typo never
// silently weakens the gate.

import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type Document } from 'yaml';
import { globMatch } from './glob.js';
import { DIALECTS, type Dialect } from './extract/sql/dialects.js';
import { LEVELS, isLevel, type Level } from './types.js';

export const DEFAULT_CONFIG_FILE = '.sensitivity-gate.yml';
export const CONFIG_FILE_NAMES = ['.sensitivity-gate.yml', '.sensitivity-gate.yaml'];

export const SQL_DIALECTS = DIALECTS;
export type SqlDialect = Dialect;

export const JUSTIFICATION_FIELDS = ['purpose', 'justification', 'legal_basis', 'retention', 'owner', 'expires'] as const;
export type JustificationField = (typeof JUSTIFICATION_FIELDS)[number];

/** GDPR Art. 6(1) lawful bases. */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;

export const DEFAULT_PURPOSES = [
  'order_fulfillment',
  'payments',
  'customer_support',
  'fraud_prevention',
  'security',
  'legal_compliance',
  'personalization',
  'marketing',
  'analytics',
  'product_improvement',
  'account_management',
  'hr_administration',
];

export interface TierConfig {
  name: string;
  paths: string[];
  maxLevel: Level;
  /** A hashed or masked identifier is allowed above the ceiling (pseudonymised data). */
  allowHashed: boolean;
}

export interface Config {
  /** Where the config came from, for messages; undefined when defaults are used. */
  file?: string;
  dialect: SqlDialect;
  /** Per-path dialects for repositories that hold several (first matching glob wins). */
  dialects: { glob: string; dialect: SqlDialect }[];
  failLevel: Level;
  onParseError: 'fail' | 'warn';
  purposes: string[];
  requiredFields: Record<Level, JustificationField[]>;
  paths: {
    sql: string[];
    notebooks: string[];
    contracts: string[];
  };
  /** Files treated as whole-schema snapshots (diffed base vs head) rather than migration steps. */
  schemaFiles: string[];
  ignore: string[];
  registry: string;
  placeholders: boolean;
  /** Raw user rules; validated by the classifier (`parseUserRules`) with lines from `lineOf`. */
  rules: unknown[];
  tiers: TierConfig[];
  dbt: {
    declarationKeys: string[];
    maskingMacros: string[];
  };
  contracts: {
    classificationMap: Record<string, Level>;
  };
}

export interface ConfigError {
  file: string;
  line: number;
  message: string;
}

export class ConfigLoadError extends Error {
  constructor(public readonly errors: ConfigError[]) {
    super(errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
    this.name = 'ConfigLoadError';
  }
}

export function defaultConfig(): Config {
  return {
    dialect: 'postgres',
    dialects: [],
    failLevel: 'confidential',
    onParseError: 'fail',
    purposes: [...DEFAULT_PURPOSES],
    requiredFields: {
      public: [],
      internal: [],
      confidential: ['purpose', 'justification'],
      restricted: ['purpose', 'justification', 'legal_basis', 'retention'],
    },
    paths: {
      sql: ['**/*.sql'],
      notebooks: ['**/*.ipynb', '**/*.py', '**/*.sql', '**/*.scala', '**/*.r', '**/*.R'],
      contracts: [
        '**/*.odcs.yaml',
        '**/*.odcs.yml',
        '**/*datacontract*.yaml',
        '**/*datacontract*.yml',
        '**/*.schema.json',
        '**/*.avsc',
        '**/*.proto',
        '**/contracts/**/*.yaml',
        '**/contracts/**/*.yml',
      ],
    },
    schemaFiles: ['**/schema.sql', '**/structure.sql', '**/*.schema.sql', '**/schema/*.sql'],
    ignore: ['**/node_modules/**', '**/dbt_packages/**', '**/target/**', '**/.venv/**'],
    registry: 'data-justifications.yml',
    placeholders: true,
    rules: [],
    tiers: [
      { name: 'staging', paths: ['**/staging/**'], maxLevel: 'restricted', allowHashed: true },
      { name: 'intermediate', paths: ['**/intermediate/**'], maxLevel: 'restricted', allowHashed: true },
      { name: 'marts', paths: ['**/marts/**'], maxLevel: 'internal', allowHashed: true },
    ],
    dbt: {
      declarationKeys: ['sensitivity', 'classification', 'contains_pii', 'pii', 'is_pii', 'sensitive'],
      maskingMacros: ['hash', 'md5', 'sha2', 'sha256', 'mask', 'pseudonymize', 'anonymize', 'dbt_utils.generate_surrogate_key'],
    },
    contracts: {
      classificationMap: {
        public: 'public',
        internal: 'internal',
        confidential: 'confidential',
        restricted: 'restricted',
        sensitive: 'confidential',
        pii: 'confidential',
        personal: 'confidential',
        secret: 'restricted',
        'highly-confidential': 'restricted',
        highly_confidential: 'restricted',
        'strictly-confidential': 'restricted',
        private: 'confidential',
        open: 'public',
      },
    },
  };
}

/** Maps a path in the parsed document (keys and indices) to its 1-based line. */
export function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let best = 1;
  const lineAt = (n: unknown) => {
    const range = (n as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  best = lineAt(node) ?? best;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      best = lineAt(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      best = lineAt(node) ?? best;
    } else break;
  }
  return best;
}

type Path = (string | number)[];

interface Validator {
  file: string;
  errors: ConfigError[];
  at(path: Path): number;
  fail(path: Path, message: string): void;
}

function validator(file: string, doc: Document, lc: LineCounter): Validator {
  const errors: ConfigError[] = [];
  return {
    file,
    errors,
    at: (path) => lineOf(doc, lc, path),
    fail(path, message) {
      errors.push({ file, line: lineOf(doc, lc, path), message: `${path.join('.') || '(root)'}: ${message}` });
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(v: Validator, path: Path, obj: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const hint = allowed.find((a) => a.replace(/[-_]/g, '') === key.replace(/[-_]/g, '').toLowerCase());
      v.fail([...path, key], `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`);
    }
  }
}

function stringList(v: Validator, path: Path, value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string' || x.trim() === '')) {
    v.fail(path, 'must be a list of non-empty strings');
    return undefined;
  }
  return value as string[];
}

function level(v: Validator, path: Path, value: unknown): Level | undefined {
  if (!isLevel(value)) {
    v.fail(path, `must be one of ${LEVELS.join(', ')}`);
    return undefined;
  }
  return value;
}

const TOP_KEYS = [
  'dialect',
  'dialects',
  'fail-level',
  'on-parse-error',
  'purposes',
  'required-fields',
  'paths',
  'schema-files',
  'ignore',
  'registry',
  'placeholders',
  'rules',
  'tiers',
  'dbt',
  'contracts',
];

/** Validates a parsed config object; `raw` is what the YAML held. Errors carry file and line. */
export function configFromYaml(text: string, file: string): Config {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const v = validator(file, doc, lc);
  for (const e of doc.errors) {
    v.errors.push({ file, line: lc.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` });
  }
  if (v.errors.length) throw new ConfigLoadError(v.errors);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // Alias bombs and dangling aliases are rejected by the YAML library at conversion time.
    throw new ConfigLoadError([{ file, line: 1, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  const cfg = defaultConfig();
  cfg.file = file;
  if (raw === null || raw === undefined) return cfg;
  if (!isRecord(raw)) throw new ConfigLoadError([{ file, line: 1, message: 'the config must be a YAML mapping' }]);
  checkKeys(v, [], raw, TOP_KEYS);

  if (raw.dialect !== undefined) {
    if (typeof raw.dialect === 'string' && (SQL_DIALECTS as readonly string[]).includes(raw.dialect)) cfg.dialect = raw.dialect as SqlDialect;
    else v.fail(['dialect'], `must be one of ${SQL_DIALECTS.join(', ')}`);
  }
  if (raw.dialects !== undefined) {
    if (!isRecord(raw.dialects)) v.fail(['dialects'], 'must map path globs to dialects, e.g. "db/mysql/**": mysql');
    else {
      for (const [glob, d] of Object.entries(raw.dialects)) {
        if (typeof d === 'string' && (SQL_DIALECTS as readonly string[]).includes(d)) cfg.dialects.push({ glob, dialect: d as SqlDialect });
        else v.fail(['dialects', glob], `must be one of ${SQL_DIALECTS.join(', ')}`);
      }
    }
  }
  if (raw['fail-level'] !== undefined) cfg.failLevel = level(v, ['fail-level'], raw['fail-level']) ?? cfg.failLevel;
  if (raw['on-parse-error'] !== undefined) {
    const x = raw['on-parse-error'];
    if (x === 'fail' || x === 'warn') cfg.onParseError = x;
    else v.fail(['on-parse-error'], 'must be fail or warn');
  }
  if (raw.purposes !== undefined) {
    const list = stringList(v, ['purposes'], raw.purposes);
    if (list) {
      list.forEach((p, i) => {
        if (!/^[a-z][a-z0-9_]*$/.test(p)) v.fail(['purposes', i], `purpose code "${p}" must be snake_case`);
      });
      cfg.purposes = list;
    }
  }
  if (raw['required-fields'] !== undefined) {
    const rf = raw['required-fields'];
    if (!isRecord(rf)) v.fail(['required-fields'], 'must map levels to lists of fields');
    else {
      checkKeys(v, ['required-fields'], rf, [...LEVELS]);
      for (const [lvl, fields] of Object.entries(rf)) {
        if (!isLevel(lvl)) continue;
        const list = stringList(v, ['required-fields', lvl], fields);
        if (!list) continue;
        const bad = list.filter((f) => !(JUSTIFICATION_FIELDS as readonly string[]).includes(f));
        if (bad.length) v.fail(['required-fields', lvl], `unknown field(s) ${bad.join(', ')}; allowed: ${JUSTIFICATION_FIELDS.join(', ')}`);
        else cfg.requiredFields[lvl] = list as JustificationField[];
      }
    }
  }
  if (raw.paths !== undefined) {
    const p = raw.paths;
    if (!isRecord(p)) v.fail(['paths'], 'must be a mapping of file kinds to glob lists');
    else {
      checkKeys(v, ['paths'], p, ['sql', 'notebooks', 'contracts']);
      for (const kind of ['sql', 'notebooks', 'contracts'] as const) {
        if (p[kind] !== undefined) cfg.paths[kind] = stringList(v, ['paths', kind], p[kind]) ?? cfg.paths[kind];
      }
    }
  }
  if (raw['schema-files'] !== undefined) cfg.schemaFiles = stringList(v, ['schema-files'], raw['schema-files']) ?? cfg.schemaFiles;
  if (raw.ignore !== undefined) {
    const list = stringList(v, ['ignore'], raw.ignore);
    if (list) cfg.ignore = [...cfg.ignore, ...list];
  }
  if (raw.registry !== undefined) {
    if (typeof raw.registry === 'string' && raw.registry.trim() && !raw.registry.includes('..')) cfg.registry = raw.registry;
    else v.fail(['registry'], 'must be a repository-relative path');
  }
  if (raw.placeholders !== undefined) {
    if (typeof raw.placeholders === 'boolean') cfg.placeholders = raw.placeholders;
    else v.fail(['placeholders'], 'must be true or false');
  }
  if (raw.rules !== undefined) {
    if (Array.isArray(raw.rules)) cfg.rules = raw.rules;
    else v.fail(['rules'], 'must be a list of rules');
  }
  if (raw.tiers !== undefined) {
    if (!Array.isArray(raw.tiers)) v.fail(['tiers'], 'must be a list of {name, paths, max-level, allow-hashed}');
    else {
      const tiers: TierConfig[] = [];
      raw.tiers.forEach((t, i) => {
        if (!isRecord(t)) return v.fail(['tiers', i], 'must be a mapping');
        checkKeys(v, ['tiers', i], t, ['name', 'paths', 'max-level', 'allow-hashed']);
        const paths = stringList(v, ['tiers', i, 'paths'], t.paths);
        const max = level(v, ['tiers', i, 'max-level'], t['max-level']);
        if (t['allow-hashed'] !== undefined && typeof t['allow-hashed'] !== 'boolean') v.fail(['tiers', i, 'allow-hashed'], 'must be true or false');
        if (paths && max) {
          tiers.push({ name: typeof t.name === 'string' ? t.name : `tier ${i + 1}`, paths, maxLevel: max, allowHashed: t['allow-hashed'] !== false });
        }
      });
      cfg.tiers = tiers;
    }
  }
  if (raw.dbt !== undefined) {
    const d = raw.dbt;
    if (!isRecord(d)) v.fail(['dbt'], 'must be a mapping');
    else {
      checkKeys(v, ['dbt'], d, ['declaration-keys', 'masking-macros']);
      if (d['declaration-keys'] !== undefined) cfg.dbt.declarationKeys = stringList(v, ['dbt', 'declaration-keys'], d['declaration-keys']) ?? cfg.dbt.declarationKeys;
      if (d['masking-macros'] !== undefined) {
        const list = stringList(v, ['dbt', 'masking-macros'], d['masking-macros']);
        if (list) cfg.dbt.maskingMacros = [...cfg.dbt.maskingMacros, ...list];
      }
    }
  }
  if (raw.contracts !== undefined) {
    const c = raw.contracts;
    if (!isRecord(c)) v.fail(['contracts'], 'must be a mapping');
    else {
      checkKeys(v, ['contracts'], c, ['classification-map']);
      const map = c['classification-map'];
      if (map !== undefined) {
        if (!isRecord(map)) v.fail(['contracts', 'classification-map'], 'must map classification values to levels');
        else {
          for (const [k, lvl] of Object.entries(map)) {
            const l = level(v, ['contracts', 'classification-map', k], lvl);
            if (l) cfg.contracts.classificationMap[k.toLowerCase()] = l;
          }
        }
      }
    }
  }
  if (v.errors.length) throw new ConfigLoadError(v.errors.sort((a, b) => a.line - b.line));
  return cfg;
}

/** Locates the YAML line of a path in a config text; used to place rule-validation errors. */
export function configLine(text: string, path: Path): number {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  return lineOf(doc, lc, path);
}

/** The SQL dialect of a file: the first matching `dialects` glob, else the repository default. */
export function dialectFor(config: Config, path: string): SqlDialect {
  return config.dialects.find((d) => globMatch(path, d.glob))?.dialect ?? config.dialect;
}
