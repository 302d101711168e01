// Generated inputs for the benchmark: realistic in shape (retail tables, mixed column kinds,
// comments, ALTERs, views), large in number, deterministic.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const COLUMNS = [
  ['email', 'text'], ['phone_number', 'varchar(32)'], ['date_of_birth', 'date'], ['order_total_cents', 'integer'],
  ['product_name', 'text'], ['ip_address', 'inet'], ['shipping_lat', 'double precision'], ['card_last4', 'char(4)'],
  ['created_at', 'timestamptz'], ['loyalty_points', 'integer'], ['first_name', 'text'], ['sku', 'varchar(64)'],
  ['email_verified', 'boolean'], ['postal_code', 'varchar(16)'], ['device_id', 'uuid'], ['notes', 'text'],
] as const;
const TABLES = ['customers', 'orders', 'order_items', 'products', 'stores', 'payments', 'loyalty_accounts', 'sessions', 'returns', 'addresses'];

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.test', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.test' },
  });
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** One migration of ~10 statements; returns its text and statement count. */
function migration(i: number): [string, number] {
  const table = `${TABLES[i % TABLES.length]}_${Math.floor(i / TABLES.length)}`;
  const cols = Array.from({ length: 6 }, (_, k) => COLUMNS[(i + k * 3) % COLUMNS.length]!);
  const lines = [
    `-- Migration ${i}: ${table}`,
    `CREATE TABLE ${table} (`,
    '    id bigserial PRIMARY KEY,',
    ...cols.map(([c, t], k) => `    ${c}_${k} ${t}${k === cols.length - 1 ? '' : ','}`),
    ');',
    `ALTER TABLE ${table} ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();`,
    `ALTER TABLE ${table} ADD COLUMN ${COLUMNS[i % COLUMNS.length]![0]}_extra text;`,
    `ALTER TABLE ${table} ALTER COLUMN ${cols[0]![0]}_0 SET NOT NULL;`,
    `COMMENT ON COLUMN ${table}.id IS 'Surrogate key';`,
    `CREATE INDEX ${table}_created_idx ON ${table} (updated_at);`,
    `CREATE VIEW ${table}_v AS SELECT id, ${cols[1]![0]}_1 AS c1, md5(${cols[2]![0]}_2::text) AS c2 FROM ${table};`,
    `INSERT INTO ${table} (id) VALUES (1), (2), (3);`,
    `UPDATE ${table} SET updated_at = now() WHERE id = 1;`,
    `GRANT SELECT ON ${table} TO analyst;`,
  ];
  return [lines.join('\n') + '\n', 9];
}

/** A repository with `baseFiles` migrations on main and a branch adding `prFiles` more. Returns the statement count. */
export function generateMigrationRepo(dir: string, { baseFiles, prFiles }: { baseFiles: number; prFiles: number }): number {
  let statements = 0;
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'gc.auto', '0');
  for (let i = 0; i < baseFiles; i++) {
    const [text, n] = migration(i);
    write(dir, `db/migrations/V${i + 1}__m${i}.sql`, text);
    statements += n;
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  if (prFiles > 0) {
    git(dir, 'checkout', '-q', '-b', 'pr');
    for (let i = baseFiles; i < baseFiles + prFiles; i++) {
      const [text, n] = migration(i);
      write(dir, `db/migrations/V${i + 1}__m${i}.sql`, text);
      statements += n;
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'pr');
  }
  return statements;
}

/** A dbt project of `models` models in staging → intermediate → marts, with YAML and refs. */
export function generateDbtProject(dir: string, models: number): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'gc.auto', '0');
  write(dir, 'dbt_project.yml', "name: bench_shop\nversion: '1.0.0'\nprofile: bench\nmodel-paths: ['models']\n");
  const layers = ['staging', 'intermediate', 'marts'];
  for (let i = 0; i < models; i++) {
    const layer = layers[Math.min(2, Math.floor((i / models) * 3))]!;
    const cols = Array.from({ length: 5 }, (_, k) => COLUMNS[(i + k) % COLUMNS.length]![0]);
    const name = `${layer === 'staging' ? 'stg' : layer === 'intermediate' ? 'int' : 'fct'}_m${i}`;
    const upstream = layer === 'staging' ? `{{ source('shop', 'raw_${i}') }}` : `{{ ref('${i > 0 ? (i - 1 < models / 3 ? 'stg' : i - 1 < (2 * models) / 3 ? 'int' : 'fct') + '_m' + (i - 1) : 'stg_m0'}') }}`;
    const sql = [
      "{{ config(materialized='table') }}",
      'with src as (',
      `    select * from ${upstream}`,
      ')',
      'select',
      ...cols.map((c, k) => `    ${k === 2 ? `md5(${c})` : c} as ${c}_${i % 7}${k === cols.length - 1 ? '' : ','}`),
      'from src',
      '{% if is_incremental() %} where updated_at > (select max(updated_at) from {{ this }}) {% endif %}',
    ].join('\n');
    write(dir, `models/${layer}/${name}.sql`, sql + '\n');
    write(
      dir,
      `models/${layer}/${name}.yml`,
      ['version: 2', 'models:', `  - name: ${name}`, '    columns:', ...cols.map((c) => `      - name: ${c}_${i % 7}\n        description: "${c}"`)].join('\n') + '\n',
    );
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'dbt');
}

const NAME_PREFIXES = ['', 'customer_', 'billing_', 'emergency_1_', 'student_', 'store_', 'is_', 'num_', 'hashed_', 'primary', 'school', 'legal_'];
const NAME_HEADS = ['email', 'phone', 'first_name', 'address', 'zip', 'ssn', 'card_number', 'ip_address', 'order_total', 'product_name', 'created_at', 'latitude', 'notes', 'passenger_count', 'dob', 'Email', 'phoneNumber', 'cellphone', 'nachname', 'status'];
const NAME_SUFFIXES = ['', '_id', '_verified', '_count', '_hash', '_last4', '_2', '_current', 'Address', '_at', '_type'];
const NAME_TYPES = ['text', 'varchar(255)', 'int64', 'boolean', 'timestamp', undefined];
const NAME_TABLES = ['customers', 'orders', 'products', 'stg_students', undefined];

/**
 * Column names built from realistic parts, so that the tokenizer and the segmenter do real work;
 * with `distinct`, every name is new (no cache can help).
 */
export function classifierInputs(n: number, distinct: boolean): { column: string; type?: string; table?: string }[] {
  const out: { column: string; type?: string; table?: string }[] = [];
  for (let i = 0; i < n; i++) {
    const column = `${NAME_PREFIXES[i % NAME_PREFIXES.length]}${NAME_HEADS[(i * 7) % NAME_HEADS.length]}${NAME_SUFFIXES[(i * 13) % NAME_SUFFIXES.length]}${distinct ? `_${i}` : ''}`;
    out.push({ column, type: NAME_TYPES[i % NAME_TYPES.length], table: NAME_TABLES[(i * 3) % NAME_TABLES.length] });
  }
  return out;
}

/**
 * A notebook of about `megabytes` MB: PySpark cells that write customer features, each with a
 * large base64 PNG output (the kind a plotting notebook commits), and one small table output.
 */
export function largeNotebook(megabytes: number): string {
  const cells = 40;
  const png = 'iVBORw0KGgo' + 'A'.repeat(Math.max(1, Math.floor((megabytes * 1024 * 1024) / cells)));
  const cell = (i: number) => ({
    cell_type: 'code',
    execution_count: i + 1,
    id: `cell-${i}`,
    metadata: {},
    source: [`df_${i} = spark.table("crm.customers").withColumn("segment_${i}", F.lit(${i}))\n`, `df_${i}.write.mode("overwrite").saveAsTable("features.segment_${i}")\n`],
    outputs: [{ output_type: 'display_data', data: { 'image/png': png, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {} }],
  });
  return JSON.stringify({ cells: Array.from({ length: cells }, (_, i) => cell(i)), metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
}
