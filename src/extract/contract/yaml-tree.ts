// YAML → located tree, through the `yaml` package's CST ranges and a LineCounter. Aliases are
// expanded under a node budget and merge keys (`<<`) are applied, because contracts use both to
// share field definitions.

import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { MAX_ERRORS_PER_FILE, MAX_TREE_DEPTH, MAX_TREE_NODES } from './limits.js';
import type { Pos, TreeEntry, TreeNode } from './tree.js';
import { NodeBudget, type TreeProblem, type TreeResult } from './tree-result.js';

class TooLarge extends Error {}

export function yamlTree(text: string): TreeResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: TreeProblem[] = doc.errors.slice(0, MAX_ERRORS_PER_FILE).map((e) => {
    // Without prettyErrors the yaml package leaves linePos empty; offsets are always there.
    const p = lc.linePos(e.pos[0]);
    return { line: p.line, column: p.col, message: `invalid YAML: ${e.message.split('\n')[0]}` };
  });
  if (problems.length > 0) return { problems };
  const budget = new NodeBudget(MAX_TREE_NODES);
  const at = (node: { range?: [number, number, number] | null } | null | undefined): Pos => {
    const p = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
    return { line: p.line, column: p.col };
  };
  try {
    const tree = convert(doc, doc.contents as Node | null, 0, budget, at, new Set());
    return { tree, problems: [] };
  } catch (e) {
    if (e instanceof TooLarge) return { problems: [{ line: 1, column: 1, message: e.message }] };
    throw e;
  }
}

function convert(
  doc: Document,
  node: Node | null,
  depth: number,
  budget: NodeBudget,
  at: (n: Node | null | undefined) => Pos,
  resolving: Set<Node>,
): TreeNode {
  if (!budget.take()) throw new TooLarge(`the document expands to more than ${MAX_TREE_NODES} nodes (YAML aliases?); not read`);
  if (depth > MAX_TREE_DEPTH) throw new TooLarge(`nesting deeper than ${MAX_TREE_DEPTH} levels; not read`);
  const pos = at(node);
  if (node === null) return { kind: 'scalar', value: null, ...pos };
  if (isAlias(node)) {
    const target = node.resolve(doc) as Node | undefined;
    if (!target || resolving.has(target)) return { kind: 'scalar', value: null, ...pos };
    resolving.add(target);
    const resolved = convert(doc, target, depth + 1, budget, at, resolving);
    resolving.delete(target);
    // The alias is where the author wrote the field, so that is where findings point.
    return { ...resolved, ...pos };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    return { kind: 'scalar', value, ...pos };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => convert(doc, item as Node | null, depth + 1, budget, at, resolving)), ...pos };
  }
  if (isMap(node)) {
    const entries: TreeEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const value = convert(doc, pair.value as Node | null, depth + 1, budget, at, resolving);
      if (key === '<<') {
        const sources = value.kind === 'seq' ? value.items : [value];
        for (const src of sources) {
          if (src.kind !== 'map') continue;
          for (const e of src.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
        }
        continue;
      }
      const existing = entries.findIndex((x) => x.key === key);
      const entry = { key, keyPos: at(keyNode), value };
      // Explicit keys win over merged ones, as YAML merge semantics require.
      if (existing >= 0) entries[existing] = entry;
      else entries.push(entry);
    }
    return { kind: 'map', entries, ...pos };
  }
  return { kind: 'scalar', value: null, ...pos };
}
