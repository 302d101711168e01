import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../../src/config.js';
import { extractContract, type ContractExtractResult } from '../../../src/extract/contract/index.js';
import type { ColumnFact } from '../../../src/types.js';

const root = new URL('../../../', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

export function extractText(path: string, text: string): ContractExtractResult {
  return extractContract(path, text, defaultConfig().contracts.classificationMap);
}

export function extractFixture(path: string): ContractExtractResult {
  return extractText(path, fixtureText(path));
}

export function fact(result: ContractExtractResult, table: string, column: string): ColumnFact {
  const found = result.facts.find((f) => f.table === table && f.column === column);
  if (!found) throw new Error(`no fact ${table}.${column}; have ${result.facts.map((f) => `${f.table}.${f.column}`).join(', ')}`);
  return found;
}

export function columns(result: ContractExtractResult, table: string): string[] {
  return result.facts.filter((f) => f.table === table).map((f) => f.column);
}
