// `$ref` inside one file (`#/definitions/order_id`, `#/$defs/address`), shared by datacontract.com
// and JSON Schema. The field's own keys win over the definition's, which is how authors use
// `$ref` plus overrides in both formats. Loops end in an error, external references are reported
// (the gate never fetches anything), and chains are bounded.

import type { ReaderContext } from './reader.js';
import { childOf, entryOf, isMapNode, isSeqNode, textOf, type TreeMap, type TreeNode } from './tree.js';

const MAX_REF_HOPS = 32;

export interface Resolved {
  node: TreeMap;
  /** Every reference followed, so callers can stop expanding a recursive structure. */
  refs: string[];
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows a JSON pointer (`#/a/b/0`) from the document root. */
export function resolvePointer(root: TreeNode, ref: string): TreeNode | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: TreeNode | undefined = root;
  for (const raw of ref.slice(2).split('/')) {
    let segment: string;
    try {
      segment = unescapePointer(raw);
    } catch {
      return undefined;
    }
    if (isSeqNode(node)) node = /^\d+$/.test(segment) ? node.items[Number(segment)] : undefined;
    else node = childOf(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

export function resolveRef(node: TreeMap, root: TreeNode, ctx: ReaderContext): Resolved {
  const refs: string[] = [];
  let current = node;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    const refEntry = entryOf(current, '$ref');
    const ref = textOf(refEntry?.value);
    if (!refEntry || ref === undefined) return { node: current, refs };
    const withoutRef: TreeMap = { ...current, entries: current.entries.filter((e) => e !== refEntry) };
    if (!ref.startsWith('#')) {
      ctx.sink.error(refEntry.value, `$ref "${ref}" points outside this file; the definition (and any classification in it) was not read`, 'unsupported');
      return { node: withoutRef, refs };
    }
    if (refs.includes(ref)) {
      ctx.sink.error(refEntry.value, `$ref loop: ${[...refs, ref].join(' → ')}`, 'parse');
      return { node: withoutRef, refs };
    }
    const target = resolvePointer(root, ref);
    if (!isMapNode(target)) {
      ctx.sink.error(refEntry.value, `$ref "${ref}" does not point at a definition in this file`, 'parse');
      return { node: withoutRef, refs };
    }
    refs.push(ref);
    const own = new Set(withoutRef.entries.map((e) => e.key));
    current = { ...withoutRef, entries: [...withoutRef.entries, ...target.entries.filter((e) => !own.has(e.key))] };
  }
  ctx.sink.error(node, `$ref chain longer than ${MAX_REF_HOPS} hops; not followed`, 'unsupported');
  return { node: { ...current, entries: current.entries.filter((e) => e.key !== '$ref') }, refs };
}
