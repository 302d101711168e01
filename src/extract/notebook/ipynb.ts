// Jupyter `.ipynb` (nbformat 4) → cells and outputs, with every line of a cell's source mapped to the
// line of the JSON `source` array element a reviewer sees in the diff. The raw JSON is parsed with
// offsets (jsonc-parser, strict: no comments, no trailing commas) so that bad files get a line.

// The ESM build: esbuild would otherwise bundle the UMD build, whose lazy require() of './impl/*' fails.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { ExtractError } from '../../types.js';
import { SourceText } from '../source-text.js';
import { languageOf, type Cell, type CellLanguage, type LineOrigin, type Notebook } from './cells.js';
import { readCellMagic } from './magic.js';

/** Text a committed output shows, split in the pieces stored in the JSON, each with its line. */
export interface OutputPiece {
  text: string;
  line: number;
  column: number;
}

export interface CellOutput {
  cell: number;
  /** 0-based index of the output within its cell. */
  output: number;
  /** `text/html`, `text/plain`, `stream`, ... */
  mime: string;
  pieces: OutputPiece[];
  /** File line of the output as a whole (its mime key or `text` key). */
  line: number;
}

export type IpynbResult = { notebook: Notebook; outputs: CellOutput[] } | { error: ExtractError };

/** Mime types whose text is worth scanning; images and widgets are skipped without decoding. */
const SCANNED_MIMES = ['text/html', 'text/plain', 'text/markdown', 'application/json', 'text/csv'];
/** Per output: enough for any preview table a person reads, small enough to bound the work. */
export const MAX_OUTPUT_CHARS = 256 * 1024;

function prop(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    if (p.children?.[0]?.value === key) return p.children[1];
  }
  return undefined;
}

function keyNode(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[0];
}

function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function parseIpynb(file: string, raw: string): IpynbResult {
  const source = new SourceText(raw);
  const at = (offset: number) => source.position(offset);
  const fail = (offset: number, message: string): IpynbResult => ({ error: { file, line: at(offset).line, column: at(offset).column, message, kind: 'parse' } });

  if (raw.trim() === '') return fail(0, 'the notebook is empty: not a Jupyter notebook (expected nbformat 4 JSON)');
  const errors: ParseError[] = [];
  const root = parseTree(raw, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const firstError = errors[0];
  if (firstError || !root) {
    const offset = firstError?.offset ?? 0;
    const code = firstError ? printParseErrorCode(firstError.error) : 'no content';
    return fail(offset, `the notebook is not valid JSON (${code}); it cannot be analysed until it is repaired`);
  }
  if (root.type !== 'object') return fail(root.offset, 'the notebook is not a JSON object: not a Jupyter notebook');
  const nbformat = prop(root, 'nbformat');
  if (nbformat?.value !== 4) {
    const where = nbformat?.offset ?? root.offset;
    const found = nbformat === undefined ? 'no nbformat' : `nbformat ${JSON.stringify(nbformat.value)}`;
    return fail(where, `unsupported notebook format: ${found}; only nbformat 4 is read (upgrade with \`jupyter nbconvert --to notebook\`)`);
  }
  const cellsNode = prop(root, 'cells');
  if (cellsNode?.type !== 'array') return fail(cellsNode?.offset ?? root.offset, 'nbformat 4 notebook without a "cells" array');

  const metadata = prop(root, 'metadata');
  const kernelLanguage =
    languageOf(str(prop(prop(metadata, 'kernelspec'), 'language'))) ??
    languageOf(str(prop(prop(metadata, 'language_info'), 'name'))) ??
    languageOf(str(prop(prop(metadata, 'kernelspec'), 'name'))) ??
    'python';
  const kernelName = (str(prop(prop(metadata, 'kernelspec'), 'name')) ?? '').toLowerCase();

  const notebook: Notebook = { format: 'ipynb', defaultLanguage: kernelLanguage, cells: [] };
  // Azure Data Studio's SQL kernel runs T-SQL against SQL Server.
  if (kernelName === 'sql') notebook.dialect = 'tsql';
  if (kernelName.includes('synapse') || kernelName.includes('spark')) notebook.dialect = 'spark';
  const outputs: CellOutput[] = [];

  (cellsNode.children ?? []).forEach((cellNode, index) => {
    const number = index + 1;
    const cellType = str(prop(cellNode, 'cell_type'));
    const { text, lines } = sourceLines(prop(cellNode, 'source'), at, cellNode.offset);
    const cellMeta = prop(cellNode, 'metadata');
    let language: CellLanguage;
    if (cellType === 'markdown') language = 'markdown';
    else if (cellType === 'code') {
      language =
        languageOf(str(prop(cellMeta, 'language'))) ??
        languageOf(str(prop(prop(cellMeta, 'vscode'), 'languageId'))) ??
        languageOf(str(prop(prop(cellMeta, 'microsoft'), 'language'))) ??
        kernelLanguage;
    } else language = 'other';
    const cell: Cell = { number, language, text, lines };
    const id = str(prop(cellNode, 'id'));
    if (id !== undefined) cell.id = id;
    if (cellType === 'code') {
      const magic = readCellMagic(text);
      cell.text = magic.text;
      if (magic.language) cell.language = magic.language;
      if (magic.dialect) cell.dialect = magic.dialect;
      collectOutputs(prop(cellNode, 'outputs'), number, at, outputs);
    }
    notebook.cells.push(cell);
  });
  return { notebook, outputs };
}

/** Cell source (a string or, usually, an array of line strings) with the file position of each line. */
function sourceLines(node: Node | undefined, at: (offset: number) => { line: number; column: number }, fallback: number): { text: string; lines: LineOrigin[] } {
  const elements = node?.type === 'array' ? (node.children ?? []) : node?.type === 'string' ? [node] : [];
  let text = '';
  const lines: LineOrigin[] = [];
  // A cell line starts where the previous one broke; normally one array element is one line.
  let needOrigin = true;
  for (const el of elements) {
    if (el.type !== 'string') continue;
    const value = el.value as string;
    const pos = at(el.offset + 1);
    const segments = value.split('\n');
    let offsetInValue = 0;
    segments.forEach((segment, j) => {
      if (j > 0) {
        text += '\n';
        needOrigin = true;
      }
      if (needOrigin && (segment.length > 0 || j < segments.length - 1)) {
        // Escapes make the raw column differ slightly from the decoded one; the line is exact.
        lines.push({ line: pos.line, column: pos.column + offsetInValue });
        needOrigin = false;
      }
      text += segment;
      offsetInValue += segment.length + 1;
    });
  }
  if (lines.length === 0) lines.push({ line: at(fallback).line, column: 1 });
  return { text, lines };
}

function collectOutputs(node: Node | undefined, cell: number, at: (offset: number) => { line: number; column: number }, out: CellOutput[]): void {
  (node?.type === 'array' ? (node.children ?? []) : []).forEach((output, index) => {
    const type = str(prop(output, 'output_type'));
    if (type === 'stream') {
      const textNode = prop(output, 'text');
      const pieces = piecesOf(textNode, at);
      if (pieces.length) out.push({ cell, output: index, mime: 'stream', pieces, line: at(keyNode(output, 'text')?.offset ?? output.offset).line });
      return;
    }
    if (type !== 'execute_result' && type !== 'display_data') return;
    const data = prop(output, 'data');
    for (const mime of SCANNED_MIMES) {
      const value = prop(data, mime);
      if (!value) continue;
      const pieces = mime === 'application/json' ? jsonPieces(value, at) : piecesOf(value, at);
      if (pieces.length) out.push({ cell, output: index, mime, pieces, line: at(keyNode(data, mime)?.offset ?? value.offset).line });
    }
  });
}

/** The strings of a multiline text value (string or array of strings), capped at MAX_OUTPUT_CHARS. */
function piecesOf(node: Node | undefined, at: (offset: number) => { line: number; column: number }): OutputPiece[] {
  const elements = node?.type === 'array' ? (node.children ?? []) : node ? [node] : [];
  const pieces: OutputPiece[] = [];
  let budget = MAX_OUTPUT_CHARS;
  for (const el of elements) {
    if (el.type !== 'string' || budget <= 0) continue;
    const value = (el.value as string).slice(0, budget);
    budget -= value.length;
    const pos = at(el.offset + 1);
    pieces.push({ text: value, line: pos.line, column: pos.column });
  }
  return pieces;
}

/** A JSON output (e.g. `application/json` records) is scanned as its serialised text. */
function jsonPieces(node: Node, at: (offset: number) => { line: number; column: number }): OutputPiece[] {
  const pos = at(node.offset);
  return [{ text: JSON.stringify(nodeValue(node)).slice(0, MAX_OUTPUT_CHARS), line: pos.line, column: pos.column }];
}

function nodeValue(node: Node): unknown {
  if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [p.children?.[0]?.value, p.children?.[1] ? nodeValue(p.children[1]) : null]));
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  return node.value;
}
