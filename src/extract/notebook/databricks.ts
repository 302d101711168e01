// Databricks (and Fabric) source notebooks: a `.py`, `.sql`, `.scala` or `.r` file whose first line
// is `# Databricks notebook source` (`--` for SQL, `//` for Scala). Cells are split by
// `COMMAND ----------`; cells in another language are written as `MAGIC` comment lines whose first
// line names it (`# MAGIC %sql`). The `MAGIC` prefix is removed and each line remembers its column.

import { type Cell, type CellLanguage, type LineOrigin, type Notebook } from './cells.js';
import { readCellMagic } from './magic.js';

const HEADER = /^\s*(#|--|\/\/)\s*(Databricks|Fabric) notebook source\s*$/;

/** Whether a file's text is a Databricks/Fabric source notebook (its first line is the header). */
export function isSourceNotebook(text: string): boolean {
  const nl = text.indexOf('\n');
  return HEADER.test(nl < 0 ? text : text.slice(0, nl));
}

function languageOfExtension(path: string): CellLanguage {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'sql') return 'sql';
  if (ext === 'scala') return 'scala';
  if (ext === 'r') return 'r';
  return 'python';
}

export function parseDatabricks(path: string, text: string): Notebook {
  const defaultLanguage = languageOfExtension(path);
  const notebook: Notebook = { format: 'databricks', defaultLanguage, dialect: 'spark', cells: [] };
  const lines = text.split('\n');
  let current: { text: string[]; lines: LineOrigin[] } = { text: [], lines: [] };
  const flush = () => {
    if (current.text.length > 0) notebook.cells.push(makeCell(notebook.cells.length + 1, current.text, current.lines, defaultLanguage));
    current = { text: [], lines: [] };
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (i === 0 && HEADER.test(line)) return;
    if (/^\s*(#|--|\/\/)\s*COMMAND -{5,}\s*$/.test(line)) {
      flush();
      return;
    }
    const magic = /^(\s*(?:#|--|\/\/) MAGIC ?)(.*)$/.exec(line);
    if (magic) {
      current.text.push(magic[2]!);
      current.lines.push({ line: i + 1, column: magic[1]!.length + 1 });
    } else {
      current.text.push(line);
      current.lines.push({ line: i + 1, column: 1 });
    }
  });
  flush();
  return notebook;
}

function makeCell(number: number, textLines: string[], lines: LineOrigin[], defaultLanguage: CellLanguage): Cell {
  const text = textLines.join('\n');
  const magic = readCellMagic(text);
  const cell: Cell = { number, language: magic.language ?? defaultLanguage, text: magic.text, lines };
  if (magic.dialect) cell.dialect = magic.dialect;
  return cell;
}
