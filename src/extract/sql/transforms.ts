// How an output column relates to the columns it reads: a plain copy (identity), a one-way hash, a
// mask, a coarsening (truncate), an aggregate, or any other expression. Decided by function names,
// so it is the same for every dialect and for dbt models that call these functions.

import type { Transform } from '../../types.js';

const IDENTITY = new Set([
  'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'btrim', 'coalesce', 'ifnull', 'nvl', 'nullif', 'isnull', 'cast',
  'try_cast', 'safe_cast', 'initcap', 'to_varchar', 'to_char', 'to_text', 'text', 'string', 'convert', 'normalize',
  'unaccent', 'any_value',
]);
const HASH = new Set([
  'md5', 'sha1', 'sha2', 'sha224', 'sha256', 'sha384', 'sha512', 'hash', 'farm_fingerprint', 'digest', 'crypt',
  'hashbytes', 'xxhash64', 'xxhash', 'crc32', 'murmur_hash', 'hmac', 'to_hex_md5', 'md5_hex', 'sha1_hex', 'sha256_hex',
  'hash_md5', 'sha2_hex', 'cityhash64', 'siphash64', 'standard_hash', 'ora_hash', 'checksum', 'binary_checksum',
]);
const MASK = new Set(['mask', 'redact', 'mask_inner', 'mask_outer', 'mask_first_n', 'mask_last_n', 'mask_show_first_n', 'mask_show_last_n', 'mask_hash', 'anonymize', 'overlay', 'right', 'left', 'regexp_replace', 'translate', 'repeat']);
const TRUNCATE = new Set([
  'date_trunc', 'datetrunc', 'trunc', 'truncate', 'extract', 'date_part', 'datepart', 'year', 'month', 'quarter', 'week',
  'substr', 'substring', 'round', 'floor', 'ceil', 'ceiling', 'timestamp_trunc', 'datetime_trunc', 'time_bucket', 'to_date',
  'date', 'st_snaptogrid', 'geohash', 'st_geohash',
]);
const AGGREGATE = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'approx_count_distinct', 'count_distinct', 'percentile_cont', 'percentile_disc', 'median', 'mode', 'countif',
  'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'approx_distinct', 'hll_count', 'ndv',
]);

/** The transform a single call applies, or undefined when it is a plain pass-through. */
export function callTransform(name: string, maskingFunctions: ReadonlySet<string>): Transform | 'pass' {
  const fn = name.toLowerCase().replace(/^.*\./, '');
  if (maskingFunctions.has(fn) || maskingFunctions.has(name.toLowerCase())) return 'hash';
  if (HASH.has(fn)) return 'hash';
  if (AGGREGATE.has(fn)) return 'aggregate';
  if (MASK.has(fn) || fn.startsWith('mask_')) return 'mask';
  if (TRUNCATE.has(fn)) return 'truncate';
  if (IDENTITY.has(fn)) return 'pass';
  return 'expression';
}

/** How much a transform protects the source value; a wrapper never weakens what it wraps. */
const PROTECTION: Record<Transform, number> = { identity: 0, expression: 1, aggregate: 2, truncate: 3, mask: 4, hash: 5 };

/** `outer(inner(x))`: identity passes the inner transform on; otherwise the more protective wins. */
export function composeTransforms(outer: Transform, inner: Transform): Transform {
  if (outer === 'identity') return inner;
  if (inner === 'identity') return outer;
  return PROTECTION[outer] >= PROTECTION[inner] ? outer : inner;
}

/** Several inputs combined: the result is only as protected as its least protected input. */
export function weakestTransform(ts: Transform[]): Transform {
  let out: Transform | undefined;
  for (const t of ts) if (out === undefined || PROTECTION[t] < PROTECTION[out]) out = t;
  return out ?? 'expression';
}
