// node-sql-parser, one grammar per dialect, loaded on first use so a run only pays for the dialects
// it meets (and the bundle can keep each grammar in its own import).

import type { Dialect } from './dialects.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- node-sql-parser's AST types are loose unions */
export interface NspParser {
  astify(sql: string, opt?: any): any;
}

const DATABASE: Partial<Record<Dialect, string>> = {
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  bigquery: 'BigQuery',
  sqlite: 'Sqlite',
  snowflake: 'Snowflake',
  tsql: 'TransactSQL',
  spark: 'Hive',
  redshift: 'Redshift',
};

const loaded = new Map<Dialect, Promise<NspParser | undefined>>();

// Literal import paths, one per grammar, so the bundler can see (and include) each of them.
const GRAMMARS: Partial<Record<Dialect, () => Promise<any>>> = {
  mysql: () => import('node-sql-parser/build/mysql.js'),
  mariadb: () => import('node-sql-parser/build/mariadb.js'),
  bigquery: () => import('node-sql-parser/build/bigquery.js'),
  sqlite: () => import('node-sql-parser/build/sqlite.js'),
  snowflake: () => import('node-sql-parser/build/snowflake.js'),
  tsql: () => import('node-sql-parser/build/transactsql.js'),
  spark: () => import('node-sql-parser/build/hive.js'),
  redshift: () => import('node-sql-parser/build/redshift.js'),
};

async function load(dialect: Dialect): Promise<NspParser | undefined> {
  const grammar = GRAMMARS[dialect];
  if (!grammar) return undefined;
  const mod = await grammar();
  const Parser = mod.Parser ?? mod.default?.Parser;
  return Parser ? new Parser() : undefined;
}

export function nspParser(dialect: Dialect): Promise<NspParser | undefined> {
  let p = loaded.get(dialect);
  if (!p) {
    p = load(dialect);
    loaded.set(dialect, p);
  }
  return p;
}

/** Parses one statement; returns the AST or the parser's message. Never throws. */
export function nspAstify(parser: NspParser, dialect: Dialect, sql: string): { ast?: any; message?: string } {
  try {
    const ast = parser.astify(sql, { database: DATABASE[dialect], parseOptions: { includeLocations: true } });
    return { ast: Array.isArray(ast) ? ast[ast.length - 1] : ast };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { message: message.length > 200 ? message.slice(0, 199) + '…' : message };
  }
}
