// Line markers survive a Jinja render so that every column of the rendered SQL can be traced back
// to the line of the `.sql` file it was written on: a marker is put at the start of every line of
// template text (never inside a tag), and read back after rendering.

const OPEN = '\u0001';
const CLOSE = '\u0002';

/** Inserts a marker `\u0001<line>\u0002` at the start of each line that begins outside a Jinja tag. */
export function markLines(template: string): string {
  let out = OPEN + '1' + CLOSE;
  let inTag: '}}' | '%}' | '#}' | undefined;
  let quote: string | undefined;
  let line = 1;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (inTag) {
      if (quote) {
        if (c === '\\') {
          out += c + (template[i + 1] ?? '');
          if (template[i + 1] === '\n') line++;
          i++;
          continue;
        }
        if (c === quote) quote = undefined;
      } else if (inTag !== '#}' && (c === '"' || c === "'")) {
        quote = c;
      } else if (c === inTag[0] && template[i + 1] === inTag[1]) {
        out += inTag;
        i++;
        inTag = undefined;
        continue;
      }
    } else if (c === '{') {
      const next = template[i + 1];
      if (next === '{') inTag = '}}';
      else if (next === '%') inTag = '%}';
      else if (next === '#') inTag = '#}';
      if (inTag) {
        out += c + next;
        i++;
        continue;
      }
    }
    out += c;
    if (c === '\n') {
      line++;
      if (!inTag) out += OPEN + String(line) + CLOSE;
    }
  }
  return out;
}

export interface Unmarked {
  text: string;
  /** `lines[i]` is the 1-based source line of rendered line i + 1. */
  lines: number[];
}

/** Removes the markers from rendered text and maps every rendered line to its source line. */
export function unmarkLines(rendered: string): Unmarked {
  return { text: stripMarkers(rendered), lines: mapLines(rendered) };
}

/** For each rendered line: the first marker on it, or the previous line's source line plus one. */
function mapLines(rendered: string): number[] {
  const out: number[] = [];
  let last = 0;
  for (const raw of rendered.split('\n')) {
    const m = raw.indexOf(OPEN);
    if (m >= 0) {
      const end = raw.indexOf(CLOSE, m);
      last = Number(raw.slice(m + 1, end));
    } else {
      last += 1;
    }
    out.push(last);
  }
  return out;
}

/** Removes any markers left in text (used where a rendered fragment is read on its own). */
export function stripMarkers(text: string): string {
  return text.replace(/\u0001\d*\u0002/g, '');
}
