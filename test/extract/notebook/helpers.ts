// Builds nbformat 4 notebooks the way Jupyter writes them (one JSON string per source line,
// indent 1), so that tests can state which file line a finding must point to.

export interface CellSpec {
  type?: 'code' | 'markdown';
  source: string;
  outputs?: unknown[];
}

export function ipynb(cells: CellSpec[], kernel = 'python3'): string {
  const toLines = (s: string) => {
    const parts = s.split('\n');
    return [...parts.slice(0, -1).map((l) => l + '\n'), parts[parts.length - 1]!].filter((l) => l !== '');
  };
  return JSON.stringify(
    {
      cells: cells.map((c, i) => ({
        cell_type: c.type ?? 'code',
        id: `cell-${i + 1}`,
        metadata: {},
        source: toLines(c.source),
        ...(c.type === 'markdown' ? {} : { execution_count: null, outputs: c.outputs ?? [] }),
      })),
      metadata: { kernelspec: { name: kernel, language: 'python', display_name: 'Python 3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`"${needle}" not found`);
}
