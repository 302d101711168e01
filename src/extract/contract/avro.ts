// Avro schemas (`.avsc`): a record, or a list of named types whose records each become a table.
// Fields of nested records — inline, referenced by name, inside unions, arrays or maps — become
// paths (`shipping.address.city`). Declarations may be custom field attributes (`pii`,
// `classification`, `tags`); justifications custom attributes or an annotation in `doc`.

import { declaredFrom, justificationFrom } from './declaration.js';
import { canDescend, joinPath, type ReaderContext } from './reader.js';
import { childOf, childText, entryOf, isMapNode, isSeqNode, textOf, type TreeMap, type TreeNode } from './tree.js';

const NAMED = new Set(['record', 'error', 'enum', 'fixed']);
const RECORD = new Set(['record', 'error']);

export function isAvro(root: TreeNode | undefined): boolean {
  const looksNamed = (n: TreeNode | undefined) => isMapNode(n) && NAMED.has(childText(n, 'type') ?? '') && childText(n, 'name') !== undefined;
  if (isSeqNode(root)) return root.items.length > 0 && root.items.every((i) => looksNamed(i) || textOf(i) !== undefined) && root.items.some(looksNamed);
  return looksNamed(root);
}

/** Named types by full name and by short name, so references resolve either way. */
type Registry = Map<string, TreeMap>;

function collectNamed(node: TreeNode, registry: Registry, namespace: string | undefined): void {
  if (isSeqNode(node)) {
    for (const item of node.items) collectNamed(item, registry, namespace);
    return;
  }
  if (!isMapNode(node)) return;
  const type = childText(node, 'type');
  const name = childText(node, 'name');
  let ns = namespace;
  if (type && NAMED.has(type) && name) {
    ns = childText(node, 'namespace') ?? (name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : namespace);
    const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    registry.set(ns ? `${ns}.${short}` : short, node);
    if (!registry.has(short)) registry.set(short, node);
  }
  for (const e of node.entries) if (e.value.kind !== 'scalar') collectNamed(e.value, registry, ns);
}

export function readAvro(root: TreeNode, ctx: ReaderContext): void {
  const registry: Registry = new Map();
  collectNamed(root, registry, undefined);
  const tops = isSeqNode(root) ? root.items : [root];
  for (const top of tops) {
    if (!isMapNode(top) || !RECORD.has(childText(top, 'type') ?? '')) continue;
    const name = childText(top, 'name')!;
    const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    readRecord(top, short, '', 0, new Set([top]), registry, ctx);
  }
}

function resolveNamed(typeNode: TreeNode | undefined, registry: Registry): TreeNode | undefined {
  const name = textOf(typeNode);
  if (name === undefined) return typeNode;
  return registry.get(name) ?? registry.get(name.slice(name.lastIndexOf('.') + 1)) ?? typeNode;
}

/** The type as written, with `null` dropped from unions and logical types preferred. */
export function avroTypeText(typeNode: TreeNode | undefined, depth = 0): string | undefined {
  if (typeNode === undefined || depth > 8) return undefined;
  const name = textOf(typeNode);
  if (name !== undefined) return name;
  if (isSeqNode(typeNode)) {
    const parts = typeNode.items.map((t) => avroTypeText(t, depth + 1)).filter((t): t is string => !!t && t !== 'null');
    return parts.length ? parts.join('|') : 'null';
  }
  if (!isMapNode(typeNode)) return undefined;
  const logical = childText(typeNode, 'logicalType');
  if (logical) return logical;
  const type = childText(typeNode, 'type');
  if (type === 'array') return `array<${avroTypeText(childOf(typeNode, 'items'), depth + 1) ?? '?'}>`;
  if (type === 'map') return `map<${avroTypeText(childOf(typeNode, 'values'), depth + 1) ?? '?'}>`;
  if (type && NAMED.has(type)) return childText(typeNode, 'name') ?? type;
  return avroTypeText(childOf(typeNode, 'type'), depth + 1);
}

/** Records reachable from a field's type through unions, arrays and maps. */
function recordsIn(typeNode: TreeNode | undefined, registry: Registry, out: TreeMap[], depth = 0): void {
  if (depth > 8) return;
  const t = resolveNamed(typeNode, registry);
  if (isSeqNode(t)) {
    for (const member of t.items) recordsIn(member, registry, out, depth + 1);
    return;
  }
  if (!isMapNode(t)) return;
  const type = childText(t, 'type');
  if (type && RECORD.has(type)) out.push(t);
  else if (type === 'array') recordsIn(childOf(t, 'items'), registry, out, depth + 1);
  else if (type === 'map') recordsIn(childOf(t, 'values'), registry, out, depth + 1);
  else if (!type || !NAMED.has(type)) recordsIn(childOf(t, 'type'), registry, out, depth + 1);
}

function readRecord(record: TreeMap, table: string, prefix: string, depth: number, expanding: Set<TreeMap>, registry: Registry, ctx: ReaderContext): void {
  const fields = childOf(record, 'fields');
  if (!isSeqNode(fields)) {
    ctx.sink.error(record, `record ${childText(record, 'name') ?? table} has no fields list`, 'parse');
    return;
  }
  for (const field of fields.items) {
    if (ctx.sink.stopped) return;
    if (!isMapNode(field)) {
      ctx.sink.error(field, `a field of ${prefix || table} must be an object`, 'parse');
      continue;
    }
    const nameEntry = entryOf(field, 'name');
    const name = textOf(nameEntry?.value);
    if (!nameEntry || !name) {
      ctx.sink.error(field, `a field of ${prefix || table} has no name`, 'parse');
      continue;
    }
    const path = joinPath(prefix, name);
    const typeNode = childOf(field, 'type');
    const doc = childText(field, 'doc');
    // Custom attributes may also sit on an inline type (`"type": {"type": "string", "pii": true}`).
    const typeEntries = isMapNode(typeNode) ? typeNode.entries.filter((e) => e.key !== 'name' && e.key !== 'doc') : [];
    const entries = [...field.entries, ...typeEntries];
    ctx.sink.field({
      table,
      column: path,
      type: avroTypeText(typeNode),
      at: nameEntry.keyPos,
      description: doc,
      declared: declaredFrom(entries, ctx, ctx.sink),
      justification: justificationFrom(field.entries, [doc], nameEntry.keyPos, ctx.sink),
    });
    const nested: TreeMap[] = [];
    recordsIn(typeNode, registry, nested);
    for (const rec of nested) {
      // A record that contains itself (a linked list of items) is read once, not unrolled.
      if (expanding.has(rec)) continue;
      if (!canDescend(depth + 1, nameEntry.keyPos, path, ctx)) break;
      readRecord(rec, table, path, depth + 1, new Set([...expanding, rec]), registry, ctx);
    }
  }
}
