// One located tree for YAML and JSON documents. Each contract format is read from this tree, so
// ODCS, datacontract.com, JSON Schema and Avro readers never care whether the author wrote YAML or
// JSON, and every node keeps the line and column its key or value started at.

export interface Pos {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface TreeEntry {
  key: string;
  keyPos: Pos;
  value: TreeNode;
}

export interface TreeMap extends Pos {
  kind: 'map';
  entries: TreeEntry[];
}

export interface TreeSeq extends Pos {
  kind: 'seq';
  items: TreeNode[];
}

export interface TreeScalar extends Pos {
  kind: 'scalar';
  value: string | number | boolean | null;
}

export type TreeNode = TreeMap | TreeSeq | TreeScalar;

export function isMapNode(node: TreeNode | undefined): node is TreeMap {
  return node?.kind === 'map';
}

export function isSeqNode(node: TreeNode | undefined): node is TreeSeq {
  return node?.kind === 'seq';
}

export function entryOf(node: TreeNode | undefined, key: string): TreeEntry | undefined {
  if (!isMapNode(node)) return undefined;
  return node.entries.find((e) => e.key === key);
}

export function childOf(node: TreeNode | undefined, key: string): TreeNode | undefined {
  return entryOf(node, key)?.value;
}

/** Scalar text (numbers and booleans as written), or undefined for maps, lists and null. */
export function textOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export function childText(node: TreeNode | undefined, key: string): string | undefined {
  return textOf(childOf(node, key));
}

/** YAML and JSON booleans, plus the strings authors write for them in hand-made contracts. */
export function booleanOf(node: TreeNode | undefined): boolean | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  const t = String(node.value).trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return undefined;
}

/** A list of scalars as strings (a single scalar counts as a one-item list). */
export function textList(node: TreeNode | undefined): string[] {
  if (isSeqNode(node)) return node.items.map(textOf).filter((t): t is string => t !== undefined);
  const t = textOf(node);
  return t === undefined ? [] : [t];
}

export function posOf(node: Pos): Pos {
  return { line: node.line, column: node.column };
}
