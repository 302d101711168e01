// Offsets inside a file → 1-based line/column. libpg-query reports UTF-8 byte offsets while JS strings
// index UTF-16 code units, so a multi-byte character before a column would shift every location
// after it unless offsets are converted first.

export interface LineColumn {
  line: number;
  column: number;
}

export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];
  /** byteToChar[b] for every byte offset that starts a character; undefined when the text is ASCII. */
  private byteStarts: Uint32Array | undefined;
  private readonly ascii: boolean;

  constructor(text: string) {
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.ascii = !/[^\x00-\x7f]/.test(text);
  }

  position(charOffset: number): LineColumn {
    const i = lastAtMost(this.lineStarts, charOffset);
    return { line: i + 1, column: charOffset - this.lineStarts[i]! + 1 };
  }

  lineOf(charOffset: number): number {
    return this.position(charOffset).line;
  }

  /** The character offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Converts a UTF-8 byte offset (as libpg-query reports them) into a character offset. */
  charOffset(byteOffset: number): number {
    if (this.ascii) return byteOffset;
    if (!this.byteStarts) this.byteStarts = buildByteStarts(this.text);
    return lastAtMost(this.byteStarts, byteOffset);
  }
}

/** The index of the last element of an ascending list that is at most `value` (0 when none is). */
function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** starts[i] = UTF-8 byte offset of UTF-16 index i (one extra entry for the end). */
function buildByteStarts(text: string): Uint32Array {
  const starts = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    starts[i] = bytes;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is one 4-byte character; its low half shares the start offset.
      bytes += 4;
      if (i + 1 < text.length) {
        starts[i + 1] = starts[i]!;
        i++;
      }
    } else bytes += 3;
  }
  starts[text.length] = bytes;
  return starts;
}
