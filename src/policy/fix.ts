// The snippet a finding offers to paste: the justification in the syntax of the file it goes in.

import type { Config } from '../config.js';
import type { ColumnFact, Level } from '../types.js';

/** The sentence a fix asks the author to replace; pasted unchanged it is a placeholder. */
export const FIX_JUSTIFICATION_TEMPLATE = 'Why this column is needed, for whom, in one sentence';

export interface FixInput {
  fact: ColumnFact;
  level: Level;
  config: Config;
  /** Purpose to suggest: the first configured one is a neutral default the author must edit. */
  purpose?: string;
}

function fieldsFor(level: Level, config: Config, purpose: string): [string, string][] {
  const required = new Set(config.requiredFields[level]);
  const fields: [string, string][] = [
    ['purpose', purpose],
    ['justification', FIX_JUSTIFICATION_TEMPLATE],
  ];
  if (required.has('legal_basis') || level === 'restricted') fields.push(['legal_basis', 'legitimate_interests']);
  if (required.has('retention') || level === 'restricted') fields.push(['retention', 'P1Y']);
  if (required.has('owner')) fields.push(['owner', '@team']);
  if (required.has('expires')) fields.push(['expires', 'YYYY-MM-DD']);
  return fields;
}

function annotationLine(prefix: string, fields: [string, string][]): string {
  const pairs = fields.map(([k, v]) => (/^[\w@/:.-]+$/.test(v) ? `${k}=${v}` : `${k}="${v}"`));
  return `${prefix} sensitivity-gate: ${pairs.join(', ')}`;
}

function yamlBlock(indent: string, fields: [string, string][]): string {
  return fields.map(([k, v]) => `${indent}${k}: ${/^[\w@/.-]+$/.test(v) ? v : JSON.stringify(v)}`).join('\n');
}

/** dbt property YAML, indented for the file it goes in: under the column's entry, or as a new entry. */
function dbtYamlFix(fact: ColumnFact, fields: [string, string][]): string {
  const target = fact.fixTarget;
  const meta = (pad: string) => [`${pad}config:`, `${pad}  meta:`, yamlBlock(`${pad}    `, fields)];
  if (target?.entry) {
    return [`# ${target.file}:${target.line}, under "- name: ${fact.column}":`, ...meta(' '.repeat(target.indent))].join('\n');
  }
  const pad = ' '.repeat(target ? Math.max(0, target.indent) : 2);
  const item = `${' '.repeat(Math.max(0, pad.length - 2))}- name: ${fact.column}`;
  const where = target ? `# ${target.file}, in the columns of the entry at line ${target.line}:` : `# in the model's properties file, under columns:`;
  return [where, item, ...meta(pad)].join('\n');
}

/** Each contract format keeps custom fields somewhere else; the fix goes where its reader looks. */
function contractFix(fact: ColumnFact, fields: [string, string][]): string {
  switch (fact.contractFormat) {
    case 'datacontract':
      return ['config:', yamlBlock('  ', fields)].join('\n');
    case 'proto':
      return annotationLine('//', fields);
    case 'json-schema':
    case 'avro': {
      if (/\.ya?ml$/i.test(fact.location.file)) return ['x-sensitivity-gate:', yamlBlock('  ', fields)].join('\n');
      return `"x-sensitivity-gate": { ${fields.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} },`;
    }
    default:
      return ['customProperties:', ...fields.map(([k, v]) => `  - property: ${k}\n    value: ${JSON.stringify(v)}`)].join('\n');
  }
}

export function fixFor({ fact, level, config, purpose }: FixInput): string {
  const fields = fieldsFor(level, config, purpose ?? config.purposes[0] ?? 'analytics');
  switch (fact.origin) {
    case 'sql':
      return annotationLine('--', fields);
    case 'notebook':
      return annotationLine(fact.context?.includes('sql') ? '--' : '#', fields);
    case 'dbt-model':
    case 'dbt-yaml':
      return dbtYamlFix(fact, fields);
    case 'contract':
      return contractFix(fact, fields);
  }
}

/** The registry entry alternative, always valid whatever the file kind. */
export function registryFixFor({ fact, level, config, purpose }: FixInput): string {
  const fields = fieldsFor(level, config, purpose ?? config.purposes[0] ?? 'analytics');
  return [`- columns: [${fact.table}.${fact.column}]`, yamlBlock('  ', fields)].join('\n');
}
