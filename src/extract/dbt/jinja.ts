// Renders a dbt model's Jinja without dbt: nunjucks with a stub context. `ref` and `source` become
// table names the SQL parser can read, `config` is recorded, `is_incremental()` is false, and any
// macro the stubs do not know becomes a callable placeholder that renders as an identifier, so the
// project's macros are never run. Where nunjucks rejects Python-only Jinja, tolerant stripping
// (strip.ts) takes over. Line markers keep every rendered line tied to its line in the `.sql` file.

import nunjucks from 'nunjucks';
import { markLines, unmarkLines } from './line-markers.js';
import { isSimpleTemplate, stripJinja, type StripStubs } from './strip.js';

/** A rendered relation name: refs get their own schema so a CTE of the same name never shadows them. */
export const REF_SCHEMA = 'ref__';
export const MACRO_PREFIX = '__sgm_';
export const STAR_PREFIX = '__sgstar_';

export interface StarCall {
  /** Logical relation (model name or `source.table`), when `from=` was a ref or source. */
  relation?: string;
  except: string[];
}

export interface RenderInput {
  text: string;
  /** The model's own name, for `{{ this }}`. */
  model: string;
  /** dbt `target.type`, e.g. `postgres`, `snowflake`. */
  adapter: string;
  /** Project variables from dbt_project.yml (`vars:`), flattened over package scopes. */
  vars?: ReadonlyMap<string, unknown>;
  /** Macro names that hash or mask their arguments: rendered as calls so lineage sees the hash. */
  maskingMacros?: readonly string[];
}

export interface RenderedModel {
  sql: string;
  /** `lines[i]` is the source line of rendered line i + 1. */
  lines: number[];
  refs: string[];
  sources: string[];
  /** `__sgstar_N__` → what `dbt_utils.star(...)` was asked to list. */
  stars: Map<string, StarCall>;
  /** `__sgm_N__` → the macro it stands for. */
  macros: Map<string, string>;
  config: Record<string, unknown>;
  /** `{% snapshot name %}` */
  snapshot?: string;
  /** Why nunjucks could not render the file, when the tolerant stripping was used instead. */
  fallback?: string;
}

const PLACEHOLDER = Symbol('dbt-placeholder');
type Placeholder = ((...args: unknown[]) => unknown) & { [PLACEHOLDER]: string };

function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'function' && (v as Partial<Placeholder>)[PLACEHOLDER] !== undefined;
}

// nunjucks wraps a function-valued member in a plain closure, which would turn `target.schema` on a
// placeholder into JavaScript source text. Placeholders are returned as themselves; everything else
// keeps nunjucks' own behaviour.
const runtime = nunjucks.runtime as unknown as { memberLookup: (obj: unknown, key: string) => unknown };
const originalMemberLookup = runtime.memberLookup;
runtime.memberLookup = (obj, key) => (isPlaceholder(obj) ? (obj as unknown as Record<string, unknown>)[key] : originalMemberLookup(obj, key));

interface Keywords {
  __keywords?: true;
  [k: string]: unknown;
}

function splitArgs(args: unknown[]): { positional: unknown[]; keywords: Keywords } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Keywords).__keywords) return { positional: args.slice(0, -1), keywords: last as Keywords };
  return { positional: args, keywords: {} };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$.]*$/;

/** Cross-database type macros (`dbt.type_string()`) render as a type the parsers know. */
const TYPE_MACROS: Record<string, string> = {
  type_string: 'varchar',
  type_text: 'text',
  type_int: 'integer',
  type_bigint: 'bigint',
  type_numeric: 'numeric',
  type_float: 'float',
  type_boolean: 'boolean',
  type_timestamp: 'timestamp',
  type_date: 'date',
};

class RenderState implements StripStubs {
  refs: string[] = [];
  sources: string[] = [];
  stars = new Map<string, StarCall>();
  macros = new Map<string, string>();
  config: Record<string, unknown> = {};
  private counter = 0;
  private readonly masking: Set<string>;

  constructor(private readonly input: RenderInput) {
    this.masking = new Set((input.maskingMacros ?? []).map((m) => m.toLowerCase()));
  }

  ref = (...args: unknown[]): string => {
    const { positional, keywords } = splitArgs(args);
    const name = String(positional[positional.length - 1] ?? '').toLowerCase();
    const version = keywords.v ?? keywords.version;
    const model = version !== undefined ? `${name}_v${String(version)}` : name;
    this.refs.push(model);
    return `${REF_SCHEMA}.${model}`;
  };

  source = (sourceName: unknown, table: unknown): string => {
    const name = `${String(sourceName)}.${String(table)}`.toLowerCase();
    this.sources.push(name);
    return name;
  };

  configCall = (...args: unknown[]): string => {
    const { keywords } = splitArgs(args);
    for (const [k, v] of Object.entries(keywords)) if (k !== '__keywords') this.config[k] = v;
    return '';
  };

  var = (name: unknown, fallback?: unknown): unknown => {
    const value = this.input.vars?.get(String(name));
    if (value !== undefined) return typeof value === 'string' && value.includes('{{') ? this.renderFragment(value) : value;
    if (fallback !== undefined) return isEmpty(fallback) ? '' : fallback;
    return this.placeholder(`var.${String(name)}`);
  };

  private fragmentDepth = 0;
  private renderFragment(text: string): string {
    // A var whose value is itself Jinja (`"{{ source('stripe', 'customer') }}"`); bounded, as vars may refer to vars.
    if (this.fragmentDepth > 4) return this.placeholder('var').toString();
    this.fragmentDepth++;
    try {
      return nunjucks.renderString(text, this.context());
    } catch {
      return this.placeholder('var').toString();
    } finally {
      this.fragmentDepth--;
    }
  }

  /**
   * A stand-in for an unknown macro, namespace or value: callable, with any member, iterable as one
   * unknown item (a loop over `adapter.get_columns_in_relation(...)` yields a placeholder column),
   * printing as an identifier (or as `printed`, for the result of a call).
   */
  placeholder(name: string, printed?: string): Placeholder {
    const target = ((...args: unknown[]) => this.call(name, args)) as Placeholder;
    const print = () => printed ?? this.identifierFor(name);
    return new Proxy(target, {
      get: (t, prop) => {
        if (prop === PLACEHOLDER) return name;
        if (prop === 'toString' || prop === 'valueOf' || prop === Symbol.toPrimitive) return print;
        if (prop === 'apply' || prop === 'call' || prop === 'bind') return Reflect.get(t, prop) as unknown;
        if (typeof prop === 'symbol' || prop === 'then') return undefined;
        if (prop === 'length') return 1;
        if (prop === '0') return this.placeholder(`${name}[*]`);
        return this.placeholder(`${name}.${prop}`);
      },
      has: () => true,
    });
  }

  private identifierFor(name: string): string {
    const id = `${MACRO_PREFIX}${++this.counter}__`;
    this.macros.set(id, name);
    return id;
  }

  private call(name: string, args: unknown[]): unknown {
    const short = name.replace(/^.*\./, '');
    if (short === 'star') return this.star(args);
    if (TYPE_MACROS[short]) return TYPE_MACROS[short];
    if (short === 'current_timestamp' || short === 'current_timestamp_backcompat' || short === 'current_timestamp_in_utc_backcompat') return 'current_timestamp';
    if (short === 'is_incremental') return false;
    const columns = columnArguments(args);
    if (this.masking.has(name.toLowerCase()) || this.masking.has(short.toLowerCase())) {
      return `${name}(${columns.length ? columns.join(', ') : 'null'})`;
    }
    const id = this.identifierFor(name);
    return this.placeholder(name, columns.length ? `${id}(${columns.join(', ')})` : id);
  }

  private star(args: unknown[]): string {
    const { positional, keywords } = splitArgs(args);
    const from = keywords.from ?? positional[0];
    const except = keywords.except ?? positional[1];
    const relation = typeof from === 'string' ? from.replace(new RegExp(`^${REF_SCHEMA}\\.`), '') : undefined;
    const id = this.starCall(relation, Array.isArray(except) ? except.map((e) => String(e).toLowerCase()) : []);
    const alias = keywords.relation_alias;
    return typeof alias === 'string' && IDENT.test(alias) ? `${alias}.${id}` : id;
  }

  starCall(relation: string | undefined, except: string[]): string {
    const id = `${STAR_PREFIX}${++this.counter}__`;
    this.stars.set(id, relation ? { relation, except } : { except });
    return id;
  }

  get thisRelation(): string {
    return `this__.${this.input.model}`;
  }

  context(): Record<string, unknown> {
    const model = this.input.model;
    return {
      ref: this.ref,
      source: this.source,
      config: this.configCall,
      var: this.var,
      env_var: (_name: unknown, fallback?: unknown) => fallback ?? '',
      is_incremental: () => false,
      should_full_refresh: () => false,
      execute: false,
      flags: { FULL_REFRESH: false, WHICH: 'run' },
      target: { name: 'ci', type: this.input.adapter, schema: 'analytics', database: 'analytics', threads: 1 },
      this: `this__.${model}`,
      model: { name: model, alias: model, config: {} },
      log: () => '',
      print: () => '',
      return: (v: unknown) => v,
      run_started_at: '2000-01-01 00:00:00',
      invocation_id: 'ci',
    };
  }
}

/** Jinja treats `[]` and `{}` as false; JavaScript does not, so an empty default becomes ''. */
function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** Identifier-like string arguments of a macro call: the columns it reads, e.g. `hash('email')`. */
function columnArguments(args: unknown[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 3) return;
    if (typeof v === 'string') {
      const s = v.trim();
      if (IDENT.test(s) && !s.startsWith(REF_SCHEMA + '.') && !s.startsWith(MACRO_PREFIX)) out.push(s);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object' && (v as Keywords).__keywords) {
      for (const [k, x] of Object.entries(v)) if (k !== '__keywords') visit(x, depth + 1);
    }
  };
  args.forEach((a) => visit(a, 0));
  return out.slice(0, 16);
}

function environment(state: RenderState): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  // Any name the stubs do not define (a project macro, `dbt_utils`, `adapter`) is a placeholder.
  const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
  (env as unknown as { globals: Record<string, unknown> }).globals = new Proxy(globals, {
    has: () => true,
    get: (t, prop) => (typeof prop === 'string' ? (prop in t ? t[prop] : state.placeholder(prop)) : undefined),
  });
  for (const filter of ['as_bool', 'as_number', 'as_native', 'as_text', 'tojson', 'string']) env.addFilter(filter, (v: unknown) => v);
  return env;
}

const SNAPSHOT_OPEN = /\{%-?\s*snapshot\s+([A-Za-z_][\w]*)\s*-?%\}/;
const SNAPSHOT_CLOSE = /\{%-?\s*endsnapshot\s*-?%\}/;

const ADJACENT = new RegExp(`(${MACRO_PREFIX}\\d+__(?:\\([^()]*\\))?)(\\s+)${MACRO_PREFIX}\\d+__(?:\\([^()]*\\))?`, 'g');

/**
 * Two macro outputs side by side (`{{ fill_staging_columns(...) }} {{ source_relation() }}`) are one
 * generated column list, not a column and its alias: the second is dropped, its line breaks kept.
 */
function joinAdjacentPlaceholders(sql: string): string {
  let out = sql;
  for (let i = 0; i < 8 && ADJACENT.test(out); i++) out = out.replace(ADJACENT, '$1$2');
  return out;
}

/** Blanks a match keeping its length and line breaks, so offsets and lines stay where they were. */
export function blankKeepingLines(text: string, re: RegExp): string {
  return text.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}

export function renderModel(input: RenderInput): RenderedModel {
  let text = input.text;
  const snapshot = SNAPSHOT_OPEN.exec(text)?.[1];
  if (snapshot) text = blankKeepingLines(blankKeepingLines(text, SNAPSHOT_OPEN), SNAPSHOT_CLOSE);
  const state = new RenderState({ ...input, model: snapshot ?? input.model });
  const base = { refs: state.refs, sources: state.sources, stars: state.stars, macros: state.macros, config: state.config, ...(snapshot ? { snapshot } : {}) };
  if (isSimpleTemplate(text)) {
    const sql = stripJinja(text, state);
    return { sql, lines: sql.split('\n').map((_, i) => i + 1), ...base };
  }
  try {
    const env = environment(state);
    const rendered = env.renderString(markLines(text), state.context());
    const { text: sql, lines } = unmarkLines(rendered);
    return { sql: joinAdjacentPlaceholders(sql), lines, ...base };
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
    const stripped = joinAdjacentPlaceholders(stripJinja(text, state));
    return { sql: stripped, lines: stripped.split('\n').map((_, i) => i + 1), ...base, fallback: reason };
  }
}

export type { RenderState };
