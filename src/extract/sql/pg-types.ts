// Renders a libpg-query TypeName the way authors write it: libpg-query reports `bigint` as
// `pg_catalog.int8`, so internal names are mapped back to their SQL spelling.

/* eslint-disable @typescript-eslint/no-explicit-any -- the AST is JSON shaped by node type names */

const SQL_NAMES: Record<string, string> = {
  int8: 'bigint',
  int4: 'integer',
  int2: 'smallint',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
  timestamptz: 'timestamp with time zone',
  timetz: 'time with time zone',
  bpchar: 'char',
  varbit: 'bit varying',
};

export function pgTypeText(typeName: any): string | undefined {
  if (!typeName) return undefined;
  const names: string[] = (typeName.names ?? []).map((n: any) => n.String?.sval ?? '');
  const catalog = names[0] === 'pg_catalog' && names.length === 2;
  const bare = catalog || names.length === 1 ? names[names.length - 1]! : undefined;
  const base = bare !== undefined ? (SQL_NAMES[bare] ?? bare) : names.join('.');
  const mods: string[] = (typeName.typmods ?? []).map((m: any) => {
    const c = m.A_Const;
    if (c?.ival !== undefined) return String(c.ival.ival ?? 0);
    if (c?.sval !== undefined) return String(c.sval.sval);
    if (m.ColumnRef) return (m.ColumnRef.fields ?? []).map((f: any) => f.String?.sval ?? '').join('.');
    return '?';
  });
  // Interval field restrictions (`interval day`) are encoded as a bitmask typmod; show the bare type.
  let text = base === 'interval' ? base : mods.length > 0 ? `${base}(${mods.join(',')})` : base;
  // timestamp(3) with time zone: the precision belongs before the zone words.
  if (mods.length > 0 && base.endsWith(' with time zone')) text = `${base.replace(' with time zone', '')}(${mods.join(',')}) with time zone`;
  for (const _ of typeName.arrayBounds ?? []) text += '[]';
  if (typeName.setof) text = `setof ${text}`;
  return text;
}
