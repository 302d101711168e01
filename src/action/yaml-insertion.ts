// Where a YAML fix (a dbt `config: meta:` block, a contract's `customProperties:`) goes in the file
// a finding points at: right after the column's entry line, indented as that entry's keys. Only
// when the entry does not already hold the block's key, so the suggestion never makes a duplicate
// key (which YAML parsers reject or silently resolve to the last one).

/** The YAML block of a fix: its first paragraph without the `# file:line` hint lines. */
export function yamlFixBlock(fix: string): string[] | undefined {
  const first = fix.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/)[0] ?? '';
  const lines = first.split('\n').filter((l) => !/^\s*#/.test(l));
  if (lines.length === 0 || !/^\s*[A-Za-z_][\w-]*:\s*$/.test(lines[0]!)) return undefined;
  return lines;
}

const indentOf = (line: string): number => /^ */.exec(line)![0].length;
const isBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/**
 * The indentation of the keys of the mapping that `lines[index]` opens or belongs to:
 * `- name: email` → its keys sit two columns right of the dash; `email:` with nothing after it →
 * the next deeper line's indentation; `name: email` → a sibling key's own indentation.
 */
function keyIndent(lines: readonly string[], index: number): number | undefined {
  const line = lines[index]!;
  const item = /^( *)- +[\w"'-][^:]*:/.exec(line);
  if (item) return item[1]!.length + 2;
  const opener = /^( *)[\w"'-][^:]*:\s*$/.exec(line);
  if (opener) {
    for (let i = index + 1; i < lines.length; i++) {
      if (isBlank(lines[i]!)) continue;
      const next = indentOf(lines[i]!);
      return next > opener[1]!.length ? next : opener[1]!.length + 2;
    }
    return opener[1]!.length + 2;
  }
  if (/^ *[\w"'-][^:]*:\s*\S/.test(line)) return indentOf(line);
  return undefined;
}

/** The keys already written at `indent` in the mapping around `index`. */
function siblingKeys(lines: readonly string[], index: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const collect = (line: string): void => {
    const m = /^ *(?:- +)?([\w"'-]+):/.exec(line);
    if (m) keys.add(m[1]!.replace(/["']/g, ''));
  };
  // backwards to the line that opens the mapping (`- name: email`, or a sibling `name:` above)
  for (let i = index; i >= 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const at = indentOf(line);
    const item = /^ *- /.test(line);
    if (item && at + 2 === indent) {
      collect(line);
      break;
    }
    if (at < indent) break;
    if (at === indent && !item) collect(line);
  }
  // forwards to the end of the mapping
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const at = indentOf(line);
    if (at < indent) break;
    if (at === indent && !/^ *- /.test(line)) collect(line);
  }
  return keys;
}

/**
 * The lines that replace `lines[index]`: the line itself, then the block re-indented under it; or
 * undefined when the block cannot be placed safely.
 */
export function yamlInsertion(block: readonly string[], lines: readonly string[], index: number): string[] | undefined {
  if (index < 0 || index >= lines.length) return undefined;
  const indent = keyIndent(lines, index);
  if (indent === undefined) return undefined;
  const topKey = /^\s*([\w-]+):/.exec(block[0]!)?.[1];
  if (!topKey || siblingKeys(lines, index, indent).has(topKey)) return undefined;
  const base = Math.min(...block.filter((l) => l.trim() !== '').map(indentOf));
  const pad = ' '.repeat(indent);
  return [lines[index]!, ...block.map((l) => (l.trim() === '' ? '' : pad + l.slice(base)))];
}
