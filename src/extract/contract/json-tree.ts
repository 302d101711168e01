// JSON → located tree through jsonc-parser, which keeps offsets. Comments are tolerated (schema
// repositories often hold JSONC); anything else that is not JSON is a located problem.

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_ERRORS_PER_FILE, MAX_TREE_DEPTH, MAX_TREE_NODES } from './limits.js';
import type { Pos, TreeEntry, TreeNode } from './tree.js';
import { SourceText } from '../source-text.js';
import { NodeBudget, type TreeProblem, type TreeResult } from './tree-result.js';

/** Offsets → 1-based line and column. */
export function offsetLocator(text: string): (offset: number) => Pos {
  const source = new SourceText(text);
  return (offset) => source.position(offset);
}

/** Rejects nesting the recursive descent parser could not survive, in one linear scan. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

export function jsonTree(text: string): TreeResult {
  const locate = offsetLocator(text);
  if (nestingDepth(text) > MAX_TREE_DEPTH) {
    return { problems: [{ line: 1, column: 1, message: `JSON nested deeper than ${MAX_TREE_DEPTH} levels; not read` }] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  const problems: TreeProblem[] = errors.slice(0, MAX_ERRORS_PER_FILE).map((e) => ({
    ...locate(e.offset),
    message: `invalid JSON: ${printParseErrorCode(e.error)}`,
  }));
  if (problems.length > 0) return { problems };
  if (!root) return { problems: [{ line: 1, column: 1, message: 'invalid JSON: the file is empty' }] };
  const budget = new NodeBudget(MAX_TREE_NODES);
  const convert = (node: JsonNode): TreeNode | undefined => {
    if (!budget.take()) return undefined;
    const pos = locate(node.offset);
    if (node.type === 'object') {
      const entries: TreeEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const value = convert(v);
        if (!value) return undefined;
        entries.push({ key: String(k.value), keyPos: locate(k.offset), value });
      }
      return { kind: 'map', entries, ...pos };
    }
    if (node.type === 'array') {
      const items: TreeNode[] = [];
      for (const child of node.children ?? []) {
        const value = convert(child);
        if (!value) return undefined;
        items.push(value);
      }
      return { kind: 'seq', items, ...pos };
    }
    const v: unknown = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
    return { kind: 'scalar', value, ...pos };
  };
  const tree = convert(root);
  if (!tree) return { problems: [{ line: 1, column: 1, message: `the document has more than ${MAX_TREE_NODES} nodes; not read` }] };
  return { tree, problems: [] };
}
