// datacontract.com specification (`dataContractSpecification: 0.9.x / 1.x`): `models.<model>.fields`
// with nested `fields` and `items`, and `definitions` referenced by `$ref`. Justification fields may
// be written as extra keys on the field or under its `config`.

import { declaredFrom, justificationFrom } from './declaration.js';
import { canDescend, joinPath, purposeContext, type ReaderContext } from './reader.js';
import { resolveRef } from './ref.js';
import { childOf, childText, entryOf, isMapNode, textOf, type TreeEntry, type TreeMap, type TreeNode } from './tree.js';

const SUPPORTED = /^(0\.9|1)\.\d+(\.\d+)?$/;

export function isDataContractSpec(root: TreeNode | undefined): root is TreeMap {
  return entryOf(root, 'dataContractSpecification') !== undefined;
}

export function readDataContractSpec(root: TreeMap, ctx: ReaderContext): void {
  const versionEntry = entryOf(root, 'dataContractSpecification')!;
  const version = textOf(versionEntry.value)?.trim() ?? '';
  if (!SUPPORTED.test(version)) {
    ctx.sink.error(versionEntry.value, `unknown dataContractSpecification "${version}"; supported: 0.9.x and 1.x`, 'unsupported');
    return;
  }
  ctx.sink.context = purposeContext(childText(childOf(root, 'info'), 'purpose') ?? childText(childOf(root, 'terms'), 'usage'));
  const models = childOf(root, 'models');
  if (models === undefined) return;
  if (!isMapNode(models)) return ctx.sink.error(models, 'models must be a mapping of model names to models', 'parse');
  for (const model of models.entries) {
    if (!isMapNode(model.value)) {
      ctx.sink.error(model.keyPos, `model ${model.key} must be a mapping`, 'parse');
      continue;
    }
    readFields(childOf(model.value, 'fields'), model.key, '', 0, new Set(), root, ctx);
  }
}

function readFields(node: TreeNode | undefined, table: string, prefix: string, depth: number, expanding: Set<string>, root: TreeMap, ctx: ReaderContext): void {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return;
  if (!isMapNode(node)) return ctx.sink.error(node, `fields of ${prefix || table} must be a mapping of field names`, 'parse');
  for (const entry of node.entries) {
    if (ctx.sink.stopped) return;
    readField(entry, table, prefix, depth, expanding, root, ctx);
  }
}

function readField(entry: TreeEntry, table: string, prefix: string, depth: number, expanding: Set<string>, root: TreeMap, ctx: ReaderContext): void {
  const path = joinPath(prefix, entry.key);
  if (!isMapNode(entry.value)) {
    // `field: string` shorthand is not in the spec, but it still names a field the gate must see.
    ctx.sink.field({ table, column: path, type: textOf(entry.value), at: entry.keyPos });
    return;
  }
  const { node: field, refs } = resolveRef(entry.value, root, ctx);
  const config = childOf(field, 'config');
  const entries = [...field.entries, ...(isMapNode(config) ? config.entries : [])];
  const description = childText(field, 'description');
  ctx.sink.field({
    table,
    column: path,
    type: childText(field, 'type'),
    at: entry.keyPos,
    description,
    declared: declaredFrom(entries, ctx, ctx.sink),
    justification: justificationFrom(entries, [description], entry.keyPos, ctx.sink),
  });
  // A definition that contains itself (a category tree) has been read once; do not unroll it.
  if (refs.some((r) => expanding.has(r))) return;
  if (!canDescend(depth + 1, entry.keyPos, path, ctx)) return;
  const inner = new Set([...expanding, ...refs]);
  readFields(childOf(field, 'fields'), table, path, depth + 1, inner, root, ctx);
  let items = childOf(field, 'items');
  for (let hops = 0; isMapNode(items) && hops < 8; hops++) {
    const resolved = resolveRef(items, root, ctx);
    readFields(childOf(resolved.node, 'fields'), table, path, depth + 1, inner, root, ctx);
    items = childOf(resolved.node, 'items');
  }
}
