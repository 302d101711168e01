// JSON Schema event contracts (draft-07 and 2020-12): `properties` nested through objects, array
// `items`, `allOf`/`anyOf`/`oneOf` parts and `$ref` within the file. The table is the event's name:
// Snowplow's `self.name`, else `title`, else the file name without `.schema.json`.
// Declarations may use custom keywords (`classification`, `x-classification`, `pii`, `x-pii`,
// `tags`); justifications custom keywords or a `sensitivity-gate:` annotation in `description`.

import { declaredFrom, justificationFrom } from './declaration.js';
import { canDescend, joinPath, type ReaderContext } from './reader.js';
import { resolveRef } from './ref.js';
import { childOf, childText, entryOf, isMapNode, isSeqNode, textList, type TreeMap, type TreeNode } from './tree.js';

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'];

export function isJsonSchema(root: TreeNode | undefined): root is TreeMap {
  if (!isMapNode(root)) return false;
  return ['$schema', 'properties', 'definitions', '$defs', ...COMBINATORS].some((k) => entryOf(root, k) !== undefined) || childText(root, 'type') === 'object';
}

export function jsonSchemaTable(root: TreeMap, path: string): string {
  const selfName = childText(childOf(root, 'self'), 'name');
  if (selfName) return selfName;
  const title = childText(root, 'title');
  if (title) return title;
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.schema\.json$/i, '').replace(/\.(json|ya?ml)$/i, '') || base;
}

export function readJsonSchema(root: TreeMap, path: string, ctx: ReaderContext): void {
  readObject(root, jsonSchemaTable(root, path), '', 0, new Set(), root, ctx);
}

/** The type as most specifically written: `format` (date, email) over `type`; `null` dropped from unions. */
function typeOf(schema: TreeMap): string | undefined {
  const format = childText(schema, 'format');
  if (format) return format;
  const types = textList(childOf(schema, 'type')).filter((t) => t !== 'null');
  if (types.length) return types.join('|');
  if (entryOf(schema, 'enum')) return 'enum';
  return undefined;
}

function readObject(node: TreeMap, table: string, prefix: string, depth: number, expanding: Set<string>, root: TreeMap, ctx: ReaderContext): void {
  const { node: schema, refs } = resolveRef(node, root, ctx);
  if (refs.some((r) => expanding.has(r))) return;
  const inner = new Set([...expanding, ...refs]);
  const props = childOf(schema, 'properties');
  if (isMapNode(props)) {
    for (const entry of props.entries) {
      if (ctx.sink.stopped) return;
      if (!isMapNode(entry.value)) {
        // `"field": true` is a valid schema that allows anything; the field still exists.
        ctx.sink.field({ table, column: joinPath(prefix, entry.key), at: entry.keyPos });
        continue;
      }
      readProperty(entry.key, entry.keyPos, entry.value, table, prefix, depth, inner, root, ctx);
    }
  } else if (props !== undefined) {
    ctx.sink.error(props, `properties of ${prefix || table} must be an object`, 'parse');
  }
  for (const key of COMBINATORS) {
    const parts = childOf(schema, key);
    if (!isSeqNode(parts)) continue;
    for (const part of parts.items) if (isMapNode(part)) readObject(part, table, prefix, depth, inner, root, ctx);
  }
}

function readProperty(
  name: string,
  at: { line: number; column: number },
  node: TreeMap,
  table: string,
  prefix: string,
  depth: number,
  expanding: Set<string>,
  root: TreeMap,
  ctx: ReaderContext,
): void {
  const path = joinPath(prefix, name);
  const { node: schema, refs } = resolveRef(node, root, ctx);
  const description = childText(schema, 'description');
  ctx.sink.field({
    table,
    column: path,
    type: typeOf(schema),
    at,
    description,
    declared: declaredFrom(schema.entries, ctx, ctx.sink),
    justification: justificationFrom(schema.entries, [description], at, ctx.sink),
  });
  if (refs.some((r) => expanding.has(r))) return;
  if (!canDescend(depth + 1, at, path, ctx)) return;
  const inner = new Set([...expanding, ...refs]);
  readObject(schema, table, path, depth + 1, inner, root, ctx);
  const items = childOf(schema, 'items');
  const itemSchemas = isSeqNode(items) ? items.items : items ? [items] : [];
  for (const item of itemSchemas) if (isMapNode(item)) readObject(item, table, path, depth + 1, inner, root, ctx);
}
