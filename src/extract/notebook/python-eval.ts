// Follows the DataFrame and SQL calls of Python cells, statement by statement, on the tokens of
// python-lexer: variables that hold DataFrames or SQL strings, PySpark and pandas column methods,
// SQL calls (`spark.sql`, `pd.read_sql`, `duckdb.sql`, `con.execute`) and writes (`saveAsTable`,
// `insertInto`, `to_sql`, `write…save(path)`). Anything it cannot follow evaluates to `unknown`;
// a write or SQL call on an unknown value is reported by the caller, never guessed.

import type { Transform } from '../../types.js';
import { callTransform, composeTransforms } from '../sql/transforms.js';
import type { Cell } from './cells.js';
import {
  copyFrame,
  dropColumns,
  emptyFrame,
  joinFrames,
  lineageOf,
  renameColumn,
  withColumn,
  type ColumnRef,
  type Frame,
  type FrameColumn,
} from './frames.js';
import type { PyToken } from './python-lexer.js';
import { literalText, type LiteralText } from './python-strings.js';

export type Value =
  | { kind: 'string'; parts: PyToken[] }
  | { kind: 'frame'; frame: Frame }
  | { kind: 'reader' }
  | { kind: 'writer'; frame?: Frame; table?: string }
  | { kind: 'grouped'; frame: Frame; keys: string[] }
  | { kind: 'column'; refs: ColumnRef[]; name?: string; at: number; end: number }
  | { kind: 'list'; items: Value[] }
  | { kind: 'dict'; entries: { key: Value; value: Value }[] }
  | { kind: 'name'; path: string[] }
  | { kind: 'unknown'; refs: ColumnRef[] };

export interface SqlCall {
  /** The call, e.g. `spark.sql`. */
  callee: string;
  /** The statement text in place in the cell (see python-strings), or undefined when not literal. */
  sql?: LiteralText;
  at: number;
}

export interface EvalHooks {
  /** SQL found in a call; returns the frame of its result when it is a query. */
  sql(call: SqlCall): Promise<Frame | undefined>;
  write(frame: Frame | undefined, table: string | undefined, at: number, how: string): void;
  problem(at: number, message: string): void;
}

const READ_FILE = new Set(['load', 'parquet', 'csv', 'json', 'orc', 'delta', 'avro', 'text']);
const PANDAS_READ = new Set(['read_csv', 'read_parquet', 'read_excel', 'read_json', 'read_table', 'read_feather', 'read_orc', 'read_pickle']);
const SQL_CALLS = new Set(['sql', 'execute', 'read_sql', 'read_sql_query', 'query', 'read_gbq', 'executemany']);
const PASS_THROUGH = new Set([
  'filter', 'where', 'limit', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'sort_values', 'sort_index',
  'head', 'tail', 'dropna', 'fillna', 'na', 'reset_index', 'set_index', 'copy', 'cache', 'persist', 'repartition', 'coalesce',
  'query', 'astype', 'sample', 'toPandas', 'to_pandas', 'df', 'fetchdf', 'fetch_df', 'pl', 'to_df', 'unionByName', 'union',
  'unionAll', 'checkpoint', 'localCheckpoint', 'hint', 'transform', 'infer_objects', 'convert_dtypes', 'nlargest', 'nsmallest',
  'alias', 'toDF', 'dropna', 'loc', 'iloc',
]);
/** Conventional aliases of `pyspark.sql.functions`. */
const SPARK_FUNCTION_MODULES = new Set(['F', 'f', 'functions', 'sf', 'psf', 'func', 'fn']);
const WRITER_CHAIN = new Set(['mode', 'format', 'option', 'options', 'partitionBy', 'bucketBy', 'sortBy', 'using', 'tableProperty', 'partitionedBy']);
const WRITER_TABLE = new Set(['saveAsTable', 'insertInto']);
const WRITER_FINISH = new Set(['create', 'createOrReplace', 'append', 'overwrite', 'overwritePartitions', 'replace']);

type Env = Map<string, Value>;

const UNKNOWN: Value = { kind: 'unknown', refs: [] };

/** Column refs a value carries, for expressions built from it. */
function refsOf(v: Value): ColumnRef[] {
  if (v.kind === 'column' || v.kind === 'unknown') return v.refs;
  if (v.kind === 'list') return v.items.flatMap(refsOf);
  return [];
}

function withTransform(refs: ColumnRef[], t: Transform | 'pass'): ColumnRef[] {
  if (t === 'pass') return refs;
  return refs.map((r) => ({ ...r, transform: composeTransforms(t, r.transform) }));
}

export class CellEvaluator {
  private tokens: PyToken[] = [];
  private pos = 0;
  private end = 0;

  constructor(
    private readonly cell: Cell,
    private readonly env: Env,
    private readonly hooks: EvalHooks,
  ) {}

  /** Runs every logical line of the cell (comments are not passed in). */
  async run(code: PyToken[]): Promise<void> {
    let start = 0;
    for (let i = 0; i <= code.length; i++) {
      if (i === code.length || code[i]!.kind === 'newline') {
        if (i > start) await this.statement(code.slice(start, i));
        start = i + 1;
      }
    }
  }

  private text(t: PyToken | undefined): string {
    return t ? this.cell.text.slice(t.start, t.end) : '';
  }

  private isOp(t: PyToken | undefined, op: string): boolean {
    return t?.kind === 'op' && this.text(t) === op;
  }

  private async statement(tokens: PyToken[]): Promise<void> {
    this.tokens = tokens;
    this.end = tokens.length;
    this.pos = 0;
    const first = tokens[0];
    if (!first) return;
    const firstText = this.text(first);
    if (first.kind === 'name' && ['import', 'from', 'def', 'class', 'return', 'pass', 'global', 'del', 'assert', 'raise'].includes(firstText)) {
      if (firstText === 'return') {
        this.pos = 1;
        await this.expr();
      }
      return;
    }
    if (first.kind === 'name' && ['if', 'elif', 'while', 'for', 'with', 'else', 'try', 'except', 'finally'].includes(firstText)) {
      // The header of a compound statement; its body follows as separate logical lines.
      return;
    }
    // `df["col"] = expr` (pandas column assignment)
    if (first.kind === 'name' && this.isOp(tokens[1], '[') && tokens[2]?.kind === 'string' && this.isOp(tokens[3], ']') && this.isOp(tokens[4], '=')) {
      const target = this.env.get(firstText);
      this.pos = 5;
      const value = await this.expr();
      if (target?.kind === 'frame') {
        const name = this.stringValue(tokens[2]);
        const column: FrameColumn = { name, cell: this.cell, at: tokens[2].contentStart ?? tokens[2].start };
        const lineage = lineageOf(refsOf(value), target.frame, this.cell.text.slice(tokens[5]?.start ?? 0, tokens[tokens.length - 1]!.end));
        if (lineage) column.lineage = lineage;
        this.env.set(firstText, { kind: 'frame', frame: withColumn(target.frame, column) });
      }
      return;
    }
    // `name = expr` (and `a = b = expr`)
    const targets: string[] = [];
    while (this.tokens[this.pos]?.kind === 'name' && this.isOp(this.tokens[this.pos + 1], '=')) {
      targets.push(this.text(this.tokens[this.pos]));
      this.pos += 2;
    }
    if (targets.length === 0) {
      // Tuple targets and augmented assignment: the names no longer hold what we knew.
      const eq = tokens.findIndex((t) => t.kind === 'op' && /^(=|\+=|-=|\*=|\/=|\|=)$/.test(this.text(t)));
      if (eq > 0 && tokens.slice(0, eq).every((t) => t.kind === 'name' || this.isOp(t, ','))) {
        for (const t of tokens.slice(0, eq)) if (t.kind === 'name') this.env.delete(this.text(t));
        this.pos = eq + 1;
      }
    }
    const value = await this.expr();
    for (const t of targets) this.env.set(t, value);
  }

  private stringValue(t: PyToken): string {
    return this.cell.text.slice(t.contentStart ?? t.start, t.contentEnd ?? t.end);
  }

  /** A literal's text (for table names, column names): f-string fields substituted. */
  private literal(v: Value | undefined): string | undefined {
    if (v?.kind !== 'string') return undefined;
    return literalText(this.cell.text, v.parts).value.trim();
  }

  // expr := unary (binop unary)* — stops at , ) ] } : = or the end of the statement.
  private async expr(): Promise<Value> {
    let left = await this.unary();
    for (;;) {
      const t = this.tokens[this.pos];
      if (!t || this.pos >= this.end) return left;
      const s = this.text(t);
      const isBinary = (t.kind === 'op' && !/^(,|\)|\]|\}|:|=|\+=|-=|\*=|\/=|\||\|=)$/.test(s)) || (t.kind === 'op' && s === '|') || (t.kind === 'name' && ['and', 'or', 'if', 'else', 'in', 'is', 'not'].includes(s));
      if (!isBinary) return left;
      this.pos++;
      const right = await this.unary();
      if (s === '+' && left.kind === 'string' && right.kind === 'string') {
        // Concatenated literals are not laid out contiguously; they are not read as one SQL text.
        left = UNKNOWN;
        continue;
      }
      left = { kind: 'unknown', refs: withTransform([...refsOf(left), ...refsOf(right)], 'expression') };
      if (refsOf(left).length > 0) left = { kind: 'column', refs: refsOf(left), at: t.start, end: t.end };
    }
  }

  private async unary(): Promise<Value> {
    const t = this.tokens[this.pos];
    if (t && ((t.kind === 'op' && (this.text(t) === '-' || this.text(t) === '~' || this.text(t) === '*' || this.text(t) === '**')) || (t.kind === 'name' && this.text(t) === 'not'))) {
      this.pos++;
      return this.unary();
    }
    if (t?.kind === 'name' && this.text(t) === 'lambda') {
      // A lambda body reads whatever it likes: skip to the end of the argument.
      this.skipBalanced();
      return UNKNOWN;
    }
    return this.postfix();
  }

  private skipBalanced(): void {
    let depth = 0;
    while (this.pos < this.end) {
      const s = this.text(this.tokens[this.pos]);
      if (depth === 0 && (s === ',' || s === ')' || s === ']' || s === '}')) return;
      if (s === '(' || s === '[' || s === '{') depth++;
      if (s === ')' || s === ']' || s === '}') depth--;
      this.pos++;
    }
  }

  private async atom(): Promise<Value> {
    const t = this.tokens[this.pos];
    if (!t) return UNKNOWN;
    if (t.kind === 'string') {
      const parts: PyToken[] = [];
      while (this.tokens[this.pos]?.kind === 'string') parts.push(this.tokens[this.pos++]!);
      return { kind: 'string', parts };
    }
    if (t.kind === 'name') {
      this.pos++;
      const name = this.text(t);
      return this.env.get(name) ?? { kind: 'name', path: [name] };
    }
    if (t.kind === 'number') {
      this.pos++;
      return UNKNOWN;
    }
    const s = this.text(t);
    if (s === '(' || s === '[') {
      this.pos++;
      const items = await this.items(s === '(' ? ')' : ']');
      if (s === '(' && items.length === 1) return items[0]!.value;
      return { kind: 'list', items: items.map((i) => i.value) };
    }
    if (s === '{') {
      this.pos++;
      const items = await this.items('}');
      return { kind: 'dict', entries: items.filter((i) => i.key).map((i) => ({ key: i.key!, value: i.value })) };
    }
    // An operator we do not model: consume it so the statement always makes progress.
    this.pos++;
    return UNKNOWN;
  }

  /** Items up to the closing bracket: `a`, `k=v` (key as a string), `"k": v`. */
  private async items(close: string): Promise<{ key?: Value; kw?: string; value: Value; at: number }[]> {
    const out: { key?: Value; kw?: string; value: Value; at: number }[] = [];
    while (this.pos < this.end && !this.isOp(this.tokens[this.pos], close)) {
      const at = this.tokens[this.pos]!.start;
      if (this.isOp(this.tokens[this.pos], ',')) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      if (this.tokens[this.pos]?.kind === 'name' && this.isOp(this.tokens[this.pos + 1], '=')) {
        const kw = this.text(this.tokens[this.pos]);
        const kwToken = this.tokens[this.pos]!;
        this.pos += 2;
        out.push({ kw, value: await this.expr(), at: kwToken.start });
      } else {
        const first = await this.expr();
        if (this.isOp(this.tokens[this.pos], ':')) {
          this.pos++;
          out.push({ key: first, value: await this.expr(), at });
        } else if (this.tokens[this.pos]?.kind === 'name' && this.text(this.tokens[this.pos]) === 'for') {
          // A comprehension: its values are not followed.
          this.skipBalanced();
          out.push({ value: UNKNOWN, at });
        } else out.push({ value: first, at });
      }
      if (this.pos === before) this.pos++;
    }
    this.pos++; // the closing bracket
    return out;
  }

  private async postfix(): Promise<Value> {
    let value = await this.atom();
    for (;;) {
      const t = this.tokens[this.pos];
      if (!t || this.pos >= this.end) return value;
      if (this.isOp(t, '.') && this.tokens[this.pos + 1]?.kind === 'name') {
        const nameToken = this.tokens[this.pos + 1]!;
        this.pos += 2;
        const name = this.text(nameToken);
        if (this.isOp(this.tokens[this.pos], '(')) {
          this.pos++;
          const args = await this.items(')');
          value = await this.call(value, name, args, nameToken.start);
        } else value = this.attribute(value, name, nameToken);
        continue;
      }
      if (this.isOp(t, '(')) {
        this.pos++;
        const args = await this.items(')');
        value = await this.call(value.kind === 'name' && value.path.length === 1 ? { kind: 'name', path: [] } : value, value.kind === 'name' ? (value.path[value.path.length - 1] ?? '') : '', args, t.start);
        continue;
      }
      if (this.isOp(t, '[')) {
        this.pos++;
        const items = await this.items(']');
        value = this.subscript(value, items.map((i) => i.value), t.start);
        continue;
      }
      return value;
    }
  }

  private attribute(base: Value, name: string, token: PyToken): Value {
    // A write of a value whose columns are unknown is still a write: the caller reports it.
    if ((name === 'write' || name === 'writeStream') && base.kind !== 'frame') return { kind: 'writer' };
    if (base.kind === 'name') {
      if (name === 'read' || name === 'readStream') return { kind: 'reader' };
      return { kind: 'name', path: [...base.path, name] };
    }
    if (base.kind === 'frame') {
      if (name === 'write' || name === 'writeStream') return { kind: 'writer', frame: base.frame };
      if (name === 'columns' || name === 'dtypes' || name === 'shape' || name === 'schema' || name === 'index') return UNKNOWN;
      if (name === 'na' || name === 'str' || name === 'dt' || name === 'loc' || name === 'iloc') return base;
      // `df.email`: attribute access to a column.
      return { kind: 'column', refs: [{ frame: base.frame, column: name, transform: 'identity' }], name, at: token.start, end: token.end };
    }
    if (base.kind === 'column' && (name === 'str' || name === 'dt')) return base;
    if (base.kind === 'writer' || base.kind === 'reader') return base;
    return { kind: 'unknown', refs: refsOf(base) };
  }

  private subscript(base: Value, index: Value[], at: number): Value {
    const only = index[0];
    if (base.kind === 'frame' && index.length === 1 && only?.kind === 'string') {
      const name = this.literal(only) ?? '';
      const token = only.parts[0]!;
      return { kind: 'column', refs: [{ frame: base.frame, column: name, transform: 'identity' }], name, at: token.contentStart ?? token.start, end: token.end };
    }
    if (base.kind === 'frame' && only?.kind === 'list' && only.items.every((i) => i.kind === 'string')) {
      return { kind: 'frame', frame: this.select(base.frame, only.items) };
    }
    // Boolean masks, slices, `.loc[...]`: same columns, fewer rows.
    if (base.kind === 'frame') return base;
    void at;
    return { kind: 'unknown', refs: [...refsOf(base), ...index.flatMap(refsOf)] };
  }

  /** A column expression passed to select/agg/withColumn; strings name columns of `frame`. */
  private columnArg(v: Value, frame?: Frame): { refs: ColumnRef[]; name?: string; at?: number } {
    if (v.kind === 'string') {
      const name = this.literal(v) ?? '';
      const token = v.parts[0]!;
      return { refs: [{ frame, column: name, transform: 'identity' }], name, at: token.contentStart ?? token.start };
    }
    if (v.kind === 'column') return { refs: v.refs, name: v.name, at: v.at };
    return { refs: refsOf(v) };
  }

  private select(frame: Frame, args: Value[]): Frame {
    const next = emptyFrame(frame.sources, true);
    for (const arg of args.flatMap((a) => (a.kind === 'list' ? a.items : [a]))) {
      const c = this.columnArg(arg, frame);
      if (c.name === '*') {
        for (const [k, col] of frame.columns) next.columns.set(k, col);
        next.complete = frame.complete;
        continue;
      }
      if (!c.name) {
        next.complete = false;
        continue;
      }
      const existing = frame.columns.get(c.name.toLowerCase());
      const identity = c.refs.length === 1 && c.refs[0]!.column.toLowerCase() === c.name.toLowerCase() && c.refs[0]!.transform === 'identity';
      const column: FrameColumn = identity && existing ? existing : { name: c.name, cell: this.cell, at: c.at ?? 0 };
      if (!(identity && existing)) {
        const lineage = lineageOf(c.refs, frame);
        if (lineage) column.lineage = lineage;
      }
      next.columns.set(c.name.toLowerCase(), column);
    }
    return next;
  }

  private async call(base: Value, name: string, args: { key?: Value; kw?: string; value: Value; at: number }[], at: number): Promise<Value> {
    const positional = args.filter((a) => a.kw === undefined).map((a) => a.value);
    const kw = (k: string) => args.find((a) => a.kw === k)?.value;
    const arg0 = positional[0];

    if (base.kind === 'frame') return this.frameMethod(base.frame, name, positional, args, kw, at);
    if (base.kind !== 'name' && (name === 'to_sql' || name === 'writeTo')) {
      // The same writes on a value we could not follow: reported with an unknown column list.
      if (name === 'writeTo') return { kind: 'writer', table: this.tableName(arg0, at, 'write')?.[0] };
      this.hooks.write(undefined, this.tableName(arg0 ?? kw('name'), at, 'write')?.[0], at, name);
      return UNKNOWN;
    }
    if (base.kind === 'grouped') {
      if (name === 'agg' || name === 'aggregate') return { kind: 'frame', frame: this.aggregate(base, positional, args) };
      if (['count', 'sum', 'mean', 'avg', 'max', 'min', 'size'].includes(name)) {
        const next = emptyFrame(base.frame.sources, false);
        for (const key of base.keys) {
          const col = base.frame.columns.get(key.toLowerCase());
          if (col) next.columns.set(key.toLowerCase(), col);
        }
        return { kind: 'frame', frame: next };
      }
      return base;
    }
    if (base.kind === 'writer') return this.writerMethod(base, name, positional, kw, at);
    if (base.kind === 'reader') {
      if (name === 'table') return { kind: 'frame', frame: emptyFrame(this.tableName(arg0, at, 'read') ?? [], false) };
      if (READ_FILE.has(name)) {
        const path = this.literal(arg0);
        return { kind: 'frame', frame: emptyFrame(path ? [path] : [], false) };
      }
      return base;
    }
    if (base.kind === 'column') {
      if (name === 'alias' || name === 'name' || name === 'as_') {
        const alias = this.literal(arg0);
        if (alias) {
          const token = (arg0 as { parts: PyToken[] }).parts[0]!;
          return { kind: 'column', refs: base.refs, name: alias, at: token.contentStart ?? token.start, end: token.end };
        }
        return base;
      }
      // Methods on a column (`.cast`, `.substr`, `.str.lower()`, `.apply(fn)`): the method is the function.
      const t = ['apply', 'map', 'transform'].includes(name) ? this.transformOfCallable(arg0) : callTransform(name, new Set());
      return { kind: 'column', refs: withTransform([...base.refs, ...positional.flatMap(refsOf)], t === 'pass' ? 'pass' : t), at: base.at, end: base.end };
    }
    if (base.kind === 'name') {
      const path = [...base.path, name];
      const root = path[0] ?? '';
      if (name === 'col' || name === 'column') {
        const c = arg0?.kind === 'string' ? this.columnArg(arg0) : undefined;
        if (c?.name) return { kind: 'column', refs: c.refs, name: c.name, at: c.at ?? at, end: at };
        return UNKNOWN;
      }
      if (name === 'lit') return { kind: 'unknown', refs: [] };
      if (name === 'expr' && arg0?.kind === 'string') return UNKNOWN;
      if (name === 'table' && path.length >= 2) return { kind: 'frame', frame: emptyFrame(this.tableName(arg0, at, 'read') ?? [], false) };
      if (name === 'read_sql_table') return { kind: 'frame', frame: emptyFrame(this.tableName(arg0, at, 'read') ?? [], false) };
      if (PANDAS_READ.has(name)) {
        const path0 = this.literal(arg0);
        return { kind: 'frame', frame: emptyFrame(path0 ? [path0] : [], false) };
      }
      if (SQL_CALLS.has(name) && path.length >= 2 && !(name === 'query' && root === 'df')) return this.sqlCall(path.join('.'), arg0 ?? kw('sql'), at);
      if (name === 'createDataFrame' || name === 'DataFrame') return { kind: 'frame', frame: this.literalFrame(positional, kw, at) };
      if (name === 'merge' && root === 'pd' && positional.length >= 2) {
        const [l, r] = positional;
        if (l?.kind === 'frame' && r?.kind === 'frame') return { kind: 'frame', frame: joinFrames(l.frame, r.frame) };
      }
      if (name === 'concat' && root === 'pd' && arg0?.kind === 'list') {
        const frames = arg0.items.filter((i): i is { kind: 'frame'; frame: Frame } => i.kind === 'frame');
        if (frames.length > 0) return { kind: 'frame', frame: frames.map((f) => f.frame).reduce(joinFrames) };
      }
      if (name === 'display' || name === 'print') return UNKNOWN;
      if (/save|write|insert|upsert|to_table|load_table/i.test(name) && args.length > 0) {
        // A helper that writes a table (`util.save_table(spark, df, table_name=…)`) hides its columns.
        this.hooks.problem(at, `${path.join('.')}(…) looks like a helper that writes a table; what it writes is not followed`);
        return UNKNOWN;
      }
      // Any other function (`F.sha2(col("email"), 256)`, `F.concat_ws(...)`): a column expression.
      // PySpark functions also take a column by its name: `F.year("signup_date")`.
      const byName = SPARK_FUNCTION_MODULES.has(root) && path.length === 2 && name !== 'lit' ? positional.filter((p) => p.kind === 'string').flatMap((p) => this.columnArg(p).refs) : [];
      const refs = withTransform(byName.concat(positional.flatMap(refsOf)).concat(args.filter((a) => a.kw).flatMap((a) => refsOf(a.value))), callTransform(name, new Set()));
      if (refs.length > 0) return { kind: 'column', refs, at, end: at };
      if (['connect', 'Client', 'cursor', 'getOrCreate', 'builder', 'create_engine'].includes(name)) return { kind: 'name', path };
      return UNKNOWN;
    }
    return { kind: 'unknown', refs: [...refsOf(base), ...positional.flatMap(refsOf)] };
  }

  private transformOfCallable(v: Value | undefined): Transform | 'pass' {
    if (v?.kind === 'name') return callTransform(v.path[v.path.length - 1] ?? '', new Set());
    return 'expression';
  }

  private async frameMethod(
    frame: Frame,
    name: string,
    positional: Value[],
    args: { key?: Value; kw?: string; value: Value; at: number }[],
    kw: (k: string) => Value | undefined,
    at: number,
  ): Promise<Value> {
    const arg0 = positional[0];
    const frameValue = (f: Frame): Value => ({ kind: 'frame', frame: f });
    switch (name) {
      case 'withColumn': {
        const colName = this.literal(arg0);
        if (!colName || arg0?.kind !== 'string') {
          this.hooks.problem(at, 'withColumn with a column name computed at run time is not followed');
          return frameValue({ ...copyFrame(frame), complete: false });
        }
        return frameValue(withColumn(frame, this.newColumn(colName, arg0.parts[0]!, positional[1], frame)));
      }
      case 'withColumns': {
        let next = frame;
        if (arg0?.kind === 'dict') {
          for (const e of arg0.entries) {
            const n = this.literal(e.key);
            if (n && e.key.kind === 'string') next = withColumn(next, this.newColumn(n, e.key.parts[0]!, e.value, frame));
          }
        }
        return frameValue(next);
      }
      case 'assign': {
        let next = frame;
        for (const a of args.filter((x) => x.kw)) {
          const column: FrameColumn = { name: a.kw!, cell: this.cell, at: a.at };
          const lineage = lineageOf(refsOf(a.value), frame, this.exprText(a.value));
          if (lineage) column.lineage = lineage;
          next = withColumn(next, column);
        }
        return frameValue(next);
      }
      case 'withColumnRenamed': {
        const from = this.literal(arg0);
        const to = this.literal(positional[1]);
        const toValue = positional[1];
        if (!from || !to || toValue?.kind !== 'string') return frameValue({ ...copyFrame(frame), complete: false });
        return frameValue(renameColumn(frame, from, to, this.cell, toValue.parts[0]!.contentStart ?? at));
      }
      case 'rename': {
        const mapping = kw('columns');
        if (mapping?.kind !== 'dict') return frameValue({ ...copyFrame(frame), complete: mapping === undefined ? frame.complete : false });
        let next = frame;
        for (const e of mapping.entries) {
          const from = this.literal(e.key);
          const to = this.literal(e.value);
          if (from && to && e.value.kind === 'string') next = renameColumn(next, from, to, this.cell, e.value.parts[0]!.contentStart ?? at);
        }
        return frameValue(next);
      }
      case 'select':
        return frameValue(this.select(frame, positional));
      case 'selectExpr':
        return frameValue(await this.selectExpr(frame, positional, at));
      case 'drop':
        return frameValue(dropColumns(frame, positional.flatMap((p) => (p.kind === 'list' ? p.items : [p])).map((p) => this.literal(p) ?? '').concat(this.literalList(kw('columns')))));
      case 'join':
      case 'merge':
      case 'crossJoin': {
        const other = positional[0];
        return frameValue(other?.kind === 'frame' ? joinFrames(frame, other.frame) : { ...copyFrame(frame), complete: false });
      }
      case 'groupBy':
      case 'groupby':
      case 'rollup':
      case 'cube':
        return { kind: 'grouped', frame, keys: positional.flatMap((p) => (p.kind === 'list' ? p.items : [p])).map((p) => this.columnArg(p, frame).name ?? '').filter(Boolean) };
      case 'agg':
        return frameValue(this.aggregate({ frame, keys: [] }, positional, args));
      case 'createOrReplaceTempView':
      case 'createTempView':
      case 'createOrReplaceGlobalTempView':
      case 'registerTempTable':
        return UNKNOWN;
      case 'writeTo':
        return { kind: 'writer', frame, table: this.tableName(arg0, at, 'write')?.[0] };
      case 'to_sql': {
        const table = this.tableName(arg0 ?? kw('name'), at, 'write')?.[0];
        const schema = this.literal(kw('schema'));
        this.hooks.write(frame, table && schema ? `${schema}.${table}` : table, at, 'to_sql');
        return UNKNOWN;
      }
      case 'to_parquet':
      case 'to_csv':
      case 'to_json':
      case 'to_excel':
      case 'to_feather':
      case 'to_orc': {
        const path = this.literal(arg0 ?? kw('path') ?? kw('path_or_buf'));
        // Printing (`to_csv()` without a path) returns text; only a file target is a write.
        if (arg0 !== undefined || kw('path') || kw('path_or_buf')) this.hooks.write(frame, path, at, name);
        return UNKNOWN;
      }
      default:
        if (PASS_THROUGH.has(name)) return frameValue(frame);
        return UNKNOWN;
    }
  }

  private writerMethod(writer: { kind: 'writer'; frame?: Frame; table?: string }, name: string, positional: Value[], kw: (k: string) => Value | undefined, at: number): Value {
    const arg0 = positional[0];
    if (WRITER_CHAIN.has(name)) return writer;
    if (WRITER_TABLE.has(name)) {
      this.hooks.write(writer.frame, this.tableName(arg0 ?? kw('name') ?? kw('tableName'), at, 'write')?.[0], at, name);
      return UNKNOWN;
    }
    if (name === 'save' || READ_FILE.has(name)) {
      const target = arg0 ?? kw('path');
      if (target === undefined) {
        this.hooks.problem(at, `${name}() without a path writes where options say; the target is not followed`);
        return UNKNOWN;
      }
      this.hooks.write(writer.frame, this.tableName(target, at, 'write')?.[0], at, name);
      return UNKNOWN;
    }
    if (WRITER_FINISH.has(name)) {
      this.hooks.write(writer.frame, writer.table, at, name);
      return UNKNOWN;
    }
    return writer;
  }

  /** A literal table name or path; a name made at run time is reported. */
  private tableName(v: Value | undefined, at: number, what: 'read' | 'write'): string[] | undefined {
    const name = this.literal(v);
    if (name) return [name.replace(/`/g, '')];
    if (what === 'write') this.hooks.problem(at, 'the table or path written to is computed at run time; this write is not followed');
    return undefined;
  }

  private literalList(v: Value | undefined): string[] {
    if (v?.kind === 'list') return v.items.map((i) => this.literal(i) ?? '').filter(Boolean);
    const one = this.literal(v);
    return one ? [one] : [];
  }

  private exprText(v: Value): string | undefined {
    if (v.kind === 'column') return this.cell.text.slice(v.at, Math.max(v.end, v.at)).slice(0, 120) || undefined;
    return undefined;
  }

  private newColumn(name: string, nameToken: PyToken, expr: Value | undefined, frame: Frame): FrameColumn {
    const column: FrameColumn = { name, cell: this.cell, at: nameToken.contentStart ?? nameToken.start };
    const lineage = expr ? lineageOf(refsOf(expr), frame) : undefined;
    if (lineage) column.lineage = lineage;
    return column;
  }

  private aggregate(grouped: { frame: Frame; keys: string[] }, positional: Value[], args: { kw?: string; value: Value; at: number }[]): Frame {
    const next = emptyFrame(grouped.frame.sources, true);
    for (const key of grouped.keys) {
      const col = grouped.frame.columns.get(key.toLowerCase());
      next.columns.set(key.toLowerCase(), col ?? { name: key, cell: this.cell, at: 0, lineage: lineageOf([{ column: key, transform: 'identity' }], grouped.frame) });
    }
    for (const p of positional) {
      const c = this.columnArg(p, grouped.frame);
      if (!c.name) {
        next.complete = false;
        continue;
      }
      const column: FrameColumn = { name: c.name, cell: this.cell, at: c.at ?? 0 };
      const lineage = lineageOf(withTransform(c.refs, 'aggregate'), grouped.frame);
      if (lineage) column.lineage = lineage;
      next.columns.set(c.name.toLowerCase(), column);
    }
    // pandas named aggregation: `agg(total=("amount", "sum"))`
    for (const a of args.filter((x) => x.kw)) {
      const source = a.value.kind === 'list' ? this.literal(a.value.items[0]) : undefined;
      const column: FrameColumn = { name: a.kw!, cell: this.cell, at: a.at };
      const lineage = source ? lineageOf([{ column: source, transform: 'aggregate' }], grouped.frame) : undefined;
      if (lineage) column.lineage = lineage;
      next.columns.set(a.kw!.toLowerCase(), column);
    }
    return next;
  }

  /** `selectExpr("sha2(email, 256) AS email_hash")`: each string is a SQL expression. */
  private async selectExpr(frame: Frame, args: Value[], at: number): Promise<Frame> {
    const next = emptyFrame(frame.sources, true);
    for (const arg of args.flatMap((a) => (a.kind === 'list' ? a.items : [a]))) {
      if (arg.kind !== 'string') {
        next.complete = false;
        continue;
      }
      const lit = literalText(this.cell.text, arg.parts);
      const result = await this.hooks.sql({ callee: 'selectExpr', sql: { ...lit, text: `SELECT ${lit.value} FROM __frame__` }, at });
      for (const c of result?.columns.values() ?? []) {
        if (c.name === '*') continue;
        const refs: ColumnRef[] = (c.lineage?.from ?? []).map((s) => ({ frame, column: s.column, transform: c.lineage?.transform ?? 'identity' }));
        const column: FrameColumn = { name: c.name, cell: this.cell, at: arg.parts[0]!.contentStart ?? at };
        const lineage = lineageOf(refs, frame, lit.value);
        if (lineage) column.lineage = lineage;
        next.columns.set(c.name.toLowerCase(), column);
      }
      if (lit.value.trim() === '*') {
        for (const [k, col] of frame.columns) next.columns.set(k, col);
        next.complete = frame.complete;
      }
    }
    return next;
  }

  private async sqlCall(callee: string, arg: Value | undefined, at: number): Promise<Value> {
    if (arg?.kind === 'string') {
      const frame = await this.hooks.sql({ callee, sql: literalText(this.cell.text, arg.parts), at });
      return frame ? { kind: 'frame', frame } : UNKNOWN;
    }
    await this.hooks.sql({ callee, at });
    return UNKNOWN;
  }

  /** `spark.createDataFrame(rows, ["email", ...])`, `pd.DataFrame({"email": [...]})`: literal columns. */
  private literalFrame(positional: Value[], kw: (k: string) => Value | undefined, at: number): Frame {
    const frame = emptyFrame([], false);
    const add = (v: Value) => {
      if (v.kind !== 'string') return;
      const name = this.literal(v);
      if (name) frame.columns.set(name.toLowerCase(), { name, cell: this.cell, at: v.parts[0]!.contentStart ?? at });
    };
    const data = positional[0];
    if (data?.kind === 'dict') data.entries.forEach((e) => add(e.key));
    const names = positional[1] ?? kw('columns') ?? kw('schema');
    if (names?.kind === 'list') names.items.forEach(add);
    frame.complete = frame.columns.size > 0;
    return frame;
  }
}
