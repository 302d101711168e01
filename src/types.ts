// The shared vocabulary of the pipeline (DESIGN.md §2). Every stage speaks these types and nothing
// else, so that extractors, the classifier, the policy and the renderers stay independent.

export const LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

export type Origin = 'sql' | 'dbt-model' | 'dbt-yaml' | 'notebook' | 'contract';

export type Transform = 'identity' | 'hash' | 'mask' | 'truncate' | 'aggregate' | 'expression';

export interface Location {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** Where a justification was written; reports show it so reviewers know what cleared a finding. */
export type JustificationSource = 'inline-comment' | 'comment-on' | 'registry' | 'dbt-meta' | 'contract' | 'notebook-comment';

export interface Justification {
  purpose?: string;
  justification?: string;
  legal_basis?: string;
  retention?: string;
  owner?: string;
  expires?: string;
  /** An explicit level override (`level=internal, reason="..."`): lowers the classifier's verdict in the open. */
  level?: Level;
  reason?: string;
  source: JustificationSource;
  location?: Location;
  /** Problems found while reading it (unknown key, unterminated quote): reported, never ignored. */
  problems?: string[];
}

/** What the author declared about a column (dbt meta, contract classification, SQL comment). */
export interface Declared {
  level?: Level;
  categories?: string[];
  tags?: string[];
  /** The declaration as written, e.g. `classification: restricted` or `meta.contains_pii: true`. */
  raw?: string;
  location?: Location;
}

export interface LineageSource {
  table: string;
  column: string;
  /** The level the upstream column is declared at (e.g. dbt YAML meta), when its file is not in the change. */
  declared?: Level;
  /**
   * Other tables an unqualified column may come from (a join of several tables, no catalog while
   * extracting); resolved against the columns the change defines, then removed.
   */
  alternatives?: string[];
}

export interface Lineage {
  from: LineageSource[];
  transform: Transform;
  /** The expression as written (bounded length), e.g. `md5(lower(email))`. */
  expression?: string;
}

/**
 * What one statement or declaration does to a column. Migrations are sequences of events; schema
 * files, dbt models, notebooks and contracts only `define`.
 */
export type FactAction = 'define' | 'add' | 'alter-type' | 'rename' | 'drop' | 'comment' | 'reference';

export interface ColumnFact {
  /** Qualified name as written, normalised for case and quotes (`public.customers`). */
  table: string;
  column: string;
  type?: string;
  location: Location;
  origin: Origin;
  action: FactAction;
  /** For `rename`: the previous column name. For a renamed table it is the table's old name in `renamedTableFrom`. */
  renamedFrom?: string;
  declared?: Declared;
  justification?: Justification;
  lineage?: Lineage;
  description?: string;
  /** Found by the tolerant tokenizer, not a real parser. */
  heuristic?: boolean;
  /** Extra context for messages, e.g. `cell 4` in a notebook. */
  context?: string;
  /**
   * Where a YAML justification for this column goes (dbt property files): the column's entry
   * (`entry: true`, `indent` = where its keys start) or its model's entry (a new column item).
   */
  fixTarget?: { file: string; line: number; indent: number; entry: boolean };
  /** A contract's format: where its justification goes differs (customProperties, config, x- keys, comments). */
  contractFormat?: 'odcs' | 'datacontract' | 'json-schema' | 'avro' | 'proto';
}

/** A table-level event that the schema snapshot must know (renames move every column). */
export interface TableEvent {
  action: 'rename-table' | 'drop-table';
  table: string;
  to?: string;
  location: Location;
}

export interface ExtractError {
  file: string;
  line: number;
  column?: number;
  message: string;
  /** `parse` (could not read), `unsupported` (a construct we do not follow), `unknown-columns` (e.g. macro-generated) */
  kind?: 'parse' | 'unsupported' | 'unknown-columns' | 'config';
}

/** A finding an extractor can raise by itself, e.g. customer data left in a notebook output. */
export interface ExtractorFinding {
  kind: FindingKind;
  severity: Severity;
  location: Location;
  table?: string;
  column?: string;
  level?: Level;
  categories?: string[];
  message: string;
  fix?: string;
  /**
   * What the finding is about, independent of where it sits: a finding whose fingerprint the base
   * side also has was there before the change (an output left in a notebook) and is not reported.
   */
  fingerprint?: string;
}

export interface ExtractResult {
  facts: ColumnFact[];
  tableEvents?: TableEvent[];
  errors: ExtractError[];
  findings?: ExtractorFinding[];
  /** True when this file is a full schema (e.g. `schema.sql`, a contract) rather than a migration step. */
  snapshot?: boolean;
}

export interface Sensitivity {
  level: Level;
  categories: string[];
  /** Rule ids that decided or adjusted the verdict. */
  rules: string[];
  /** Human-readable reasons, in order: matched tokens, context that raised or lowered it. */
  evidence: string[];
  /** 0..1; how sure the name-based verdict is. */
  confidence?: number;
}

export type ChangeKind = 'added' | 'changed' | 'removed' | 'unchanged';

export type ChangeReason =
  | 'type'
  | 'transform'
  | 'declared-level'
  | 'rename'
  | 'lineage'
  | 'tags';

export interface ColumnChange {
  kind: ChangeKind;
  reasons: ChangeReason[];
  file: string;
  oldFile?: string;
  table: string;
  column: string;
  base?: ColumnFact;
  head?: ColumnFact;
  baseSensitivity?: Sensitivity;
  headSensitivity?: Sensitivity;
}

export type Severity = 'error' | 'warning' | 'notice';

export type FindingKind =
  | 'unjustified-column'
  | 'sensitivity-raised'
  | 'exposure'
  | 'tier-violation'
  | 'declared-below-inferred'
  | 'declaration-lowered'
  | 'invalid-justification'
  | 'level-override'
  | 'config-relaxed'
  | 'parse-error'
  | 'data-in-output';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  blocking: boolean;
  file: string;
  line: number;
  column?: number;
  table?: string;
  columnName?: string;
  level?: Level;
  categories: string[];
  rule: string;
  message: string;
  /** One line: why the classifier decided what it did. */
  why?: string;
  /** The exact snippet the author can paste to resolve the finding. */
  fix?: string;
  heuristic?: boolean;
}

export interface ReportColumn {
  file: string;
  line: number;
  table: string;
  column: string;
  type?: string;
  level: Level;
  categories: string[];
  change: ChangeKind;
  justified: boolean;
  origin: Origin;
  heuristic?: boolean;
  override?: { level: Level; reason: string };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'sensitivity-gate'; version: string };
  mode: 'diff' | 'all';
  base?: string;
  head?: string;
  failLevel: Level;
  findings: Finding[];
  columns: ReportColumn[];
  errors: ExtractError[];
  summary: {
    filesAnalysed: number;
    filesWithErrors: number;
    columns: number;
    findings: number;
    blocking: number;
    maxLevel: Level;
    byLevel: Record<Level, number>;
    overrides: number;
  };
  timings: Record<string, number>;
}
