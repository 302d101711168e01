export type Dialect = 'postgres' | 'mysql' | 'mariadb' | 'bigquery' | 'sqlite' | 'snowflake' | 'redshift' | 'tsql' | 'spark' | 'duckdb';

export const DIALECTS: readonly Dialect[] = [
  'postgres',
  'mysql',
  'mariadb',
  'bigquery',
  'sqlite',
  'snowflake',
  'redshift',
  'tsql',
  'spark',
  'duckdb',
];

export function isDialect(value: unknown): value is Dialect {
  return typeof value === 'string' && (DIALECTS as readonly string[]).includes(value);
}

/** Dialects whose real parser is libpg-query (PostgreSQL itself and its close relatives). */
export function usesPostgresParser(dialect: Dialect): boolean {
  return dialect === 'postgres' || dialect === 'redshift' || dialect === 'duckdb';
}

/** `#` starts a line comment only in the MySQL family and BigQuery. */
export function hashComments(dialect: Dialect): boolean {
  return dialect === 'mysql' || dialect === 'mariadb' || dialect === 'bigquery';
}

/** Backslash escapes inside '…' strings (PostgreSQL uses them only in E'…'). */
export function backslashEscapes(dialect: Dialect): boolean {
  return dialect === 'mysql' || dialect === 'mariadb' || dialect === 'bigquery' || dialect === 'spark' || dialect === 'snowflake';
}

/**
 * Whether a quoted identifier keeps its case. Where quoting makes names case-sensitive (PostgreSQL
 * and relatives, Snowflake) `"Email"` and `email` are different columns; elsewhere quotes only escape.
 */
export function quotedIdentifiersKeepCase(dialect: Dialect): boolean {
  return dialect === 'postgres' || dialect === 'redshift' || dialect === 'duckdb' || dialect === 'snowflake';
}
