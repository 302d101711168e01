// dbt seeds: the CSV header names the columns of the seed's table.

export interface HeaderColumn {
  name: string;
  /** 1-based character column of the name in the header line. */
  column: number;
}

/** The names in the first line of a CSV (RFC 4180 quoting), lower-cased as dbt loads them. */
export function csvHeader(text: string): HeaderColumn[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const out: HeaderColumn[] = [];
  let i = 0;
  while (i <= line.length) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      while (i < line.length && line[i] !== ',') i++;
    } else {
      const end = line.indexOf(',', i);
      value = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    }
    const name = value.trim().toLowerCase();
    if (name) out.push({ name, column: start + 1 });
    i++;
  }
  return out;
}
