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

async function load(dialect: Dialect): Promise<NspParser | undefined> {
  let mod: any;
  switch (dialect) {
    case 'mysql':
      mod = await import('node-sql-parser/build/mysql.js');
      break;
    case 'mariadb':
      mod = await import('node-sql-parser/build/mariadb.js');
      break;
    case 'bigquery':
      mod = await import('node-sql-parser/build/bigquery.js');
      break;
    case 'sqlite':
      mod = await import('node-sql-parser/build/sqlite.js');
      break;
    case 'snowflake':
      mod = await import('node-sql-parser/build/snowflake.js');
      break;
    case 'tsql':
      mod = await import('node-sql-parser/build/transactsql.js');
      break;
    case 'spark':
      mod = await import('node-sql-parser/build/hive.js');
      break;
    case 'redshift':
      mod = await import('node-sql-parser/build/redshift.js');
      break;
    default:
      return undefined;
  }
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
