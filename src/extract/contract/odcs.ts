// Open Data Contract Standard. v3.x: `schema[]` objects with `properties[]`, nested through
// `properties` (objects) and `items` (arrays), so `customer.address.street` is one path. v2.x:
// `dataset[]` tables with flat `columns[]`. Justifications live in `customProperties`
// (`- property: purpose, value: ...`); ODCS has no other place for extra keys.

import { customPropertyEntries, declaredFrom, justificationFrom } from './declaration.js';
import { canDescend, joinPath, purposeContext, type ReaderContext } from './reader.js';
import { childOf, childText, entryOf, isMapNode, isSeqNode, textOf, type TreeMap, type TreeNode } from './tree.js';

const V3 = /^v?3\.\d+(\.\d+)?$/;
const V2 = /^v?2\.\d+(\.\d+)?$/;

export function isOdcs(root: TreeNode | undefined): root is TreeMap {
  if (!isMapNode(root)) return false;
  const kind = childText(root, 'kind');
  return kind === 'DataContract' || (entryOf(root, 'apiVersion') !== undefined && (entryOf(root, 'schema') !== undefined || entryOf(root, 'dataset') !== undefined));
}

export function readOdcs(root: TreeMap, ctx: ReaderContext): void {
  const { sink } = ctx;
  const versionEntry = entryOf(root, 'apiVersion');
  const version = textOf(versionEntry?.value)?.trim();
  const kind = entryOf(root, 'kind');
  if (kind && textOf(kind.value) !== 'DataContract') {
    sink.error(kind.value, `ODCS kind "${textOf(kind.value) ?? ''}" is not supported; expected DataContract`, 'unsupported');
    return;
  }
  if (!versionEntry || !version) {
    sink.error(kind?.keyPos ?? root, 'ODCS contract without apiVersion; expected v3.x or v2.x', 'unsupported');
    return;
  }
  sink.context = purposeContext(childText(childOf(root, 'description'), 'purpose'));
  if (V3.test(version)) readV3(root, ctx);
  else if (V2.test(version)) readV2(root, ctx);
  else sink.error(versionEntry.value, `unknown ODCS apiVersion "${version}"; supported: v3.x and v2.x`, 'unsupported');
}

function readV3(root: TreeMap, ctx: ReaderContext): void {
  const schema = entryOf(root, 'schema');
  if (!schema) return;
  if (!isSeqNode(schema.value)) {
    if (textOf(schema.value) !== undefined) ctx.sink.error(schema.value, 'schema must be a list of objects', 'parse');
    return;
  }
  schema.value.items.forEach((obj, i) => {
    if (!isMapNode(obj)) return ctx.sink.error(obj, `schema[${i}] must be a mapping`, 'parse');
    const table = childText(obj, 'name') ?? childText(obj, 'physicalName') ?? `schema[${i}]`;
    readProperties(childOf(obj, 'properties'), table, '', 0, ctx);
  });
}

function readProperties(node: TreeNode | undefined, table: string, prefix: string, depth: number, ctx: ReaderContext): void {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return;
  if (!isSeqNode(node)) return ctx.sink.error(node, `properties of ${prefix || table} must be a list`, 'parse');
  for (const prop of node.items) {
    if (ctx.sink.stopped) return;
    if (!isMapNode(prop)) {
      ctx.sink.error(prop, `a property of ${prefix || table} must be a mapping`, 'parse');
      continue;
    }
    readProperty(prop, table, prefix, depth, ctx);
  }
}

function readProperty(prop: TreeMap, table: string, prefix: string, depth: number, ctx: ReaderContext): void {
  const nameEntry = entryOf(prop, 'name') ?? entryOf(prop, 'physicalName');
  const name = textOf(nameEntry?.value);
  if (!nameEntry || !name) return ctx.sink.error(prop, `a property of ${prefix || table} has no name`, 'parse');
  const path = joinPath(prefix, name);
  const custom = customPropertyEntries(childOf(prop, 'customProperties'));
  const description = childText(prop, 'description');
  const declared = declaredFrom([...prop.entries, ...custom], ctx, ctx.sink);
  const justification = justificationFrom(custom, [description], nameEntry.keyPos, ctx.sink);
  ctx.sink.field({
    table,
    column: path,
    type: childText(prop, 'physicalType') ?? childText(prop, 'logicalType'),
    at: nameEntry.keyPos,
    description,
    declared,
    justification,
  });
  if (!canDescend(depth + 1, nameEntry.keyPos, path, ctx)) return;
  readProperties(childOf(prop, 'properties'), table, path, depth + 1, ctx);
  // Array elements share the array's path: `lines.sku`, not `lines.items.sku`.
  let items = childOf(prop, 'items');
  for (let hops = 0; isMapNode(items) && hops < 8; hops++) {
    readProperties(childOf(items, 'properties'), table, path, depth + 1, ctx);
    items = childOf(items, 'items');
  }
}

function readV2(root: TreeMap, ctx: ReaderContext): void {
  const dataset = childOf(root, 'dataset');
  if (dataset === undefined) return;
  if (!isSeqNode(dataset)) return ctx.sink.error(dataset, 'dataset must be a list of tables', 'parse');
  dataset.items.forEach((tableNode, i) => {
    if (!isMapNode(tableNode)) return ctx.sink.error(tableNode, `dataset[${i}] must be a mapping`, 'parse');
    const table = childText(tableNode, 'table') ?? childText(tableNode, 'physicalName') ?? `dataset[${i}]`;
    const columns = childOf(tableNode, 'columns');
    if (columns === undefined) return;
    if (!isSeqNode(columns)) return ctx.sink.error(columns, `columns of ${table} must be a list`, 'parse');
    for (const col of columns.items) {
      if (!isMapNode(col)) {
        ctx.sink.error(col, `a column of ${table} must be a mapping`, 'parse');
        continue;
      }
      const nameEntry = entryOf(col, 'column');
      const name = textOf(nameEntry?.value);
      if (!nameEntry || !name) {
        ctx.sink.error(col, `a column of ${table} has no "column" name`, 'parse');
        continue;
      }
      const custom = customPropertyEntries(childOf(col, 'customProperties'));
      const description = childText(col, 'description');
      ctx.sink.field({
        table,
        column: name,
        type: childText(col, 'physicalType') ?? childText(col, 'logicalType'),
        at: nameEntry.keyPos,
        description,
        declared: declaredFrom([...col.entries, ...custom], ctx, ctx.sink),
        justification: justificationFrom(custom, [description], nameEntry.keyPos, ctx.sink),
      });
    }
  });
}
