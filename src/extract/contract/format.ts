// Which contract format a file holds: by extension where it is unambiguous, else by content.
// A YAML file under `contracts/` may be anything (a CI workflow, a Kubernetes manifest); it is a
// contract only when its content says so.

import { isAvro } from './avro.js';
import { isDataContractSpec } from './datacontract-spec.js';
import { isJsonSchema } from './json-schema.js';
import { isOdcs } from './odcs.js';
import { isMapNode, type TreeNode } from './tree.js';

export type ContractFormat = 'odcs' | 'datacontract' | 'json-schema' | 'avro' | 'proto';
export type Syntax = 'yaml' | 'json' | 'proto';

export function syntaxOf(path: string, text: string): Syntax {
  const p = path.toLowerCase();
  if (p.endsWith('.proto')) return 'proto';
  if (p.endsWith('.json') || p.endsWith('.avsc')) return 'json';
  if (p.endsWith('.yaml') || p.endsWith('.yml')) return 'yaml';
  // Schema registries (Iglu and others) store JSON without an extension.
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

/** File names that declare a contract by themselves; anything else matched by a glob is sniffed. */
export function nameIsContract(path: string): boolean {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  return /\.(odcs\.ya?ml|schema\.json|avsc|proto)$/.test(name) || name.includes('datacontract');
}

export function formatOfTree(tree: TreeNode | undefined, path: string): ContractFormat | undefined {
  if (isDataContractSpec(tree)) return 'datacontract';
  if (isOdcs(tree)) return 'odcs';
  if (path.toLowerCase().endsWith('.avsc') || isAvro(tree)) return isAvro(tree) ? 'avro' : undefined;
  if (isJsonSchema(tree)) return 'json-schema';
  return undefined;
}

/** A short description of what was found, for the "not a contract" error. */
export function describeTree(tree: TreeNode | undefined): string {
  if (isMapNode(tree)) {
    const keys = tree.entries.slice(0, 5).map((e) => e.key);
    return keys.length ? `top-level keys: ${keys.join(', ')}` : 'an empty mapping';
  }
  if (tree?.kind === 'seq') return 'a list';
  if (tree?.kind === 'scalar' && tree.value !== null) return 'a single value';
  return 'an empty document';
}
