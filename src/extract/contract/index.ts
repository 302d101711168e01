// The contract extractor: ODCS v3/v2, datacontract.com, JSON Schema, Avro and Protobuf files become
// one `define` fact per field. A contract is a full declaration, so results are snapshots that the
// pipeline diffs base against head.
//
// Table names are the schema object / model / record / message / event name as written, without
// the contract id or namespace: snapshots are diffed per file, where these names are already
// distinct, and a namespace change must not look like every field being replaced.

import { matchesAny } from '../../glob.js';
import type { Level } from '../../types.js';
import type { ExtractResult } from '../../types.js';
import type { Extractor } from '../types.js';
import { readAvro } from './avro.js';
import { readDataContractSpec } from './datacontract-spec.js';
import { describeTree, formatOfTree, nameIsContract, syntaxOf, type ContractFormat } from './format.js';
import { jsonTree } from './json-tree.js';
import { readJsonSchema } from './json-schema.js';
import { MAX_CONTRACT_BYTES } from './limits.js';
import { readOdcs } from './odcs.js';
import { readProto } from './proto.js';
import type { ReaderContext } from './reader.js';
import { ContractSink } from './sink.js';
import type { TreeMap } from './tree.js';
import { yamlTree } from './yaml-tree.js';
import type { TreeResult } from './tree-result.js';

export type { ContractFormat } from './format.js';

export interface ContractExtractResult extends ExtractResult {
  /** The format recognised, or undefined when the file could not be read as a contract. */
  format?: ContractFormat;
}

function treeOf(path: string, text: string): TreeResult {
  return syntaxOf(path, text) === 'json' ? jsonTree(text) : yamlTree(text);
}

/** Reads one contract file. Never throws: every problem is an error with the file and line. */
export function extractContract(path: string, text: string, classificationMap: Record<string, Level>): ContractExtractResult {
  const sink = new ContractSink(path);
  const ctx: ReaderContext = { sink, classificationMap };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONTRACT_BYTES) {
    sink.error({ line: 1, column: 1 }, `contract is ${(bytes / 1048576).toFixed(1)} MB; files over ${MAX_CONTRACT_BYTES / 1048576} MB are not read`, 'unsupported');
    return sink.result();
  }
  let format: ContractFormat | undefined;
  try {
    if (syntaxOf(path, text) === 'proto') {
      format = 'proto';
      sink.format = format;
      readProto(text, ctx);
    } else {
      const { tree, problems } = treeOf(path, text);
      for (const p of problems) sink.error(p, p.message, 'parse');
      if (tree) {
        format = formatOfTree(tree, path);
        sink.format = format;
        if (format === 'odcs') readOdcs(tree as TreeMap, ctx);
        else if (format === 'datacontract') readDataContractSpec(tree as TreeMap, ctx);
        else if (format === 'avro') readAvro(tree, ctx);
        else if (format === 'json-schema') readJsonSchema(tree as TreeMap, path, ctx);
        else {
          sink.error(
            tree,
            `not a recognised contract (ODCS, datacontract.com, JSON Schema, Avro): found ${describeTree(tree)}`,
            'unsupported',
          );
        }
      }
    }
  } catch (e) {
    // A reader bug or an exhausted stack must cost one file, not the run.
    sink.error({ line: 1, column: 1 }, `could not read the contract: ${e instanceof Error ? e.message : String(e)}`, 'parse');
  }
  const result: ContractExtractResult = sink.result();
  if (format) result.format = format;
  return result;
}

/**
 * True when a file matched only by a broad glob is clearly something else: it parses, and its
 * content is none of the contract formats. Unparseable or oversized files are kept so that the
 * extractor reports them rather than letting them pass unseen.
 */
export function clearlyNotContract(path: string, text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONTRACT_BYTES) return false;
  const syntax = syntaxOf(path, text);
  if (syntax === 'proto') return false;
  try {
    const { tree, problems } = treeOf(path, text);
    if (problems.length > 0 || !tree) return false;
    return formatOfTree(tree, path) === undefined;
  } catch {
    return false;
  }
}

export const contractExtractor: Extractor = {
  name: 'contract',
  async matches(path, ctx) {
    if (!matchesAny(path, ctx.config.paths.contracts)) return false;
    if (nameIsContract(path)) return true;
    const text = await ctx.tree.read(path);
    if (text === undefined) return true;
    return !clearlyNotContract(path, text);
  },
  extract(file, ctx) {
    return extractContract(file.path, file.text, ctx.config.contracts.classificationMap);
  },
};
