// Column names → canonical tokens. Splitting is a single linear scan (no regular expressions over
// user input), so any name, however long or strange, costs time linear in its length.
import { foldAccents, isAscii } from './fold.js';
import type { Lexicon } from './packs.js';

/** Longer names are cut: no real column name is longer, and the cost must stay bounded. */
export const MAX_NAME_LENGTH = 256;
const MAX_SEGMENT_LENGTH = 40;
/** Two-letter pieces are too easy to find inside unrelated words; only these may be glued. */
const SHORT_PIECES = new Set(['ip', 'id', 'pw', 'by']);
/**
 * Short words that may only open a glued name: `is` leads a flag (`isprimaryemailaddress`), and `s`
 * and `sz` and `dt` are the string and date prefixes of Hungarian-notation schemas (Yardi's
 * `sfirstname`, OPERA's `sguest_name`, Axess's `SZFIRSTNAME` and `DTBIRTHDATE`), read only when the
 * rest splits into dictionary words.
 */
const SHORT_LEADING = new Set(['is', 's', 'sz', 'dt']);

type CharKind = 'lower' | 'upper' | 'digit' | 'other';

const NON_ASCII_LETTER = /\p{L}/u;
const NON_ASCII_UPPER = /\p{Lu}/u;
const NON_ASCII_DIGIT = /\p{N}/u;

function kindOf(ch: string): CharKind {
  const c = ch.charCodeAt(0);
  if (c >= 97 && c <= 122) return 'lower';
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 48 && c <= 57) return 'digit';
  if (c < 128) return 'other';
  if (NON_ASCII_DIGIT.test(ch)) return 'digit';
  if (NON_ASCII_UPPER.test(ch)) return 'upper';
  if (NON_ASCII_LETTER.test(ch)) return 'lower';
  return 'other';
}

function asciiKind(c: number): CharKind {
  if (c >= 97 && c <= 122) return 'lower';
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 48 && c <= 57) return 'digit';
  return 'other';
}

/**
 * Splits snake_case, camelCase, PascalCase, kebab-case, dotted paths and letter/digit runs:
 * `IPAddress2` → [ip, address, 2], `person__legal_name` → [person, legal, name].
 */
export function splitName(name: string): string[] {
  const cut = name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
  // ASCII names (nearly all) are scanned by char code, without copying into arrays; others are read in
  // their compatibility form first (half-width `ｶﾅ` is `カナ`, a full-width `１` is `1`)
  const ascii = isAscii(cut);
  const compatible = ascii ? cut : cut.normalize('NFKC');
  // a compatibility form can be longer than the name (a ligature is several letters): cut it again
  const text = compatible.length > MAX_NAME_LENGTH ? compatible.slice(0, MAX_NAME_LENGTH) : compatible;
  const chars = ascii ? undefined : Array.from(text);
  const n = chars ? chars.length : text.length;
  const kindAt = chars ? (i: number): CharKind => kindOf(chars[i]!) : (i: number): CharKind => asciiKind(text.charCodeAt(i));
  const piece = chars ? (from: number, to: number): string => chars.slice(from, to).join('') : (from: number, to: number): string => text.slice(from, to);
  const pluralS = (at: number): boolean => piece(at, at + 1) === 's' && (at + 1 >= n || kindAt(at + 1) !== 'lower');
  const tokens: string[] = [];
  let start = -1;
  let prev: CharKind = 'other';
  let k: CharKind = n > 0 ? kindAt(0) : 'other';
  for (let i = 0; i < n; i++) {
    const next: CharKind = i + 1 < n ? kindAt(i + 1) : 'other';
    if (k === 'other') {
      if (start >= 0) tokens.push(piece(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (
      (k === 'digit') !== (prev === 'digit') ||
      (k === 'upper' && prev === 'lower') ||
      // the last capital of an acronym starts the next word: IPAddress → IP | Address; but an acronym's
      // plural keeps its s (`governmentIDs`, `imageURLs`)
      (k === 'upper' && prev === 'upper' && next === 'lower' && !pluralS(i + 1))
    ) {
      tokens.push(piece(start, i));
      start = i;
    }
    prev = k;
    k = next;
  }
  if (start >= 0) tokens.push(piece(start, n));
  for (let i = 0; i < tokens.length; i++) tokens[i] = tokens[i]!.toLowerCase();
  return tokens;
}

/** Glued words (`principalphone`, `emailaddress`) split into the fewest dictionary words, or not at all. */
export function segment(word: string, lexicon: Lexicon): string[] | undefined {
  const n = word.length;
  if (n < 5 || n > MAX_SEGMENT_LENGTH) return undefined;
  const isPiece = (p: string, start: number): boolean =>
    (start === 0 && SHORT_LEADING.has(p)) ||
    ((p.length >= 3 || SHORT_PIECES.has(p)) && (lexicon.dictionary.has(p) || lexicon.expansions.has(p)) && !lexicon.notPieces.has(p));
  // best[i]: fewest pieces covering word[0..i); from[i]: where the last piece starts
  const best: number[] = new Array<number>(n + 1).fill(Infinity);
  const from: number[] = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - 20); start < end; start++) {
      const before = best[start]!;
      if (before === Infinity || before + 1 >= best[end]!) continue;
      if (isPiece(word.slice(start, end), start)) {
        best[end] = before + 1;
        from[end] = start;
      }
    }
  }
  if (best[n] === Infinity || best[n] === 1) return undefined;
  const pieces: string[] = [];
  for (let end = n; end > 0; end = from[end]!) pieces.unshift(word.slice(from[end]!, end));
  return pieces;
}

/** `deleted`, `used`, `referred` (a doubled last consonant): a dictionary word with its -ed ending. */
function participleOfWord(token: string, dictionary: ReadonlySet<string>): boolean {
  if (!token.endsWith('ed')) return false;
  const doubled = token.length > 4 && token[token.length - 3] === token[token.length - 4];
  return dictionary.has(token.slice(0, -2)) || dictionary.has(token.slice(0, -1)) || (doubled && dictionary.has(token.slice(0, -3)));
}

function expandOne(token: string, lexicon: Lexicon, out: string[]): void {
  if (lexicon.stopwords.has(token)) return;
  const expansion = lexicon.expansions.get(token);
  if (expansion) out.push(...expansion);
  else out.push(token);
}

/** Chinese characters, Japanese kana and Korean Hangul: scripts whose column headers run words together. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** The longest word looked for inside an unspaced run (`メールアドレス` is seven characters). */
const MAX_UNSPACED_WORD = 8;

/**
 * `お届け先電話番号` → [お届け先, 電話番号]: the lexicon's words found in an unspaced run, longest first
 * from the left; what no word covers stays as one piece. Undefined when no word is found.
 */
function segmentUnspaced(token: string, lexicon: Lexicon): string[] | undefined {
  const chars = Array.from(token);
  const pieces: string[] = [];
  let rest = '';
  let found = false;
  for (let i = 0; i < chars.length; ) {
    let len = Math.min(MAX_UNSPACED_WORD, chars.length - i);
    for (; len >= 2; len--) {
      const candidate = chars.slice(i, i + len).join('');
      if (lexicon.expansions.has(candidate) || lexicon.dictionary.has(candidate)) break;
    }
    if (len < 2) {
      rest += chars[i++];
      continue;
    }
    if (rest) pieces.push(rest);
    rest = '';
    pieces.push(chars.slice(i, i + len).join(''));
    found = true;
    i += len;
  }
  if (rest) pieces.push(rest);
  return found ? pieces : undefined;
}

/** One raw token → canonical tokens: abbreviations and translations expanded, glued words split. */
export function normaliseToken(token: string, lexicon: Lexicon): string[] {
  const out: string[] = [];
  if (lexicon.expansions.has(token) || lexicon.dictionary.has(token) || lexicon.stopwords.has(token)) {
    expandOne(token, lexicon, out);
    return out;
  }
  const unspaced = UNSPACED_SCRIPT.test(token) ? segmentUnspaced(token, lexicon) : undefined;
  if (unspaced) {
    for (const piece of unspaced) expandOne(piece, lexicon, out);
    return out;
  }
  // the plural of a dictionary word (`passwords`) is that word, not a split that happens to fit (pass|words),
  // and so is its past participle (`referred` is no refer|red)
  const pluralOfWord = token.endsWith('s') && (lexicon.dictionary.has(token.slice(0, -1)) || (token.endsWith('es') && lexicon.dictionary.has(token.slice(0, -2))));
  const pieces = pluralOfWord || participleOfWord(token, lexicon.dictionary) ? undefined : segment(token, lexicon);
  if (pieces) {
    for (let k = 0; k < pieces.length; k++) {
      const modifier = k < pieces.length - 1 ? lexicon.modifierExpansions.get(pieces[k]!) : undefined;
      if (modifier) out.push(...modifier);
      else expandOne(pieces[k]!, lexicon, out);
    }
  } else out.push(token);
  return out;
}

function isDigitsToken(t: string): boolean {
  const c = t.charCodeAt(0);
  return c >= 48 && c <= 57;
}

export interface TokenAnalysis {
  /** Tokens as split from the name. */
  raw: string[];
  /** Canonical tokens the rules match. */
  expanded: string[];
}

/** Where a nested path steps into a field: `contato.email`, dbt's flattened `person__legal_name`. */
const PATH_SEPARATOR = /\.|__/;

/** Caches per-token work: real schemas repeat the same few hundred words endlessly. */
export class Tokenizer {
  private readonly tokenCache = new Map<string, string[]>();
  constructor(private readonly lexicon: Lexicon) {}

  /**
   * `care_of` is one word: read apart, the dropped `of` would leave `care` (of primary_care). A joined
   * word may join the next one in turn (`IPv4` splits into `i`, `pv`, `4`: `ipv`, then `ipv4`), and
   * across a connective Romance names put between the parts (`permiso_de_conducir`, `nom_de_famille`).
   */
  private joined(tokens: string[]): string[] {
    if (this.lexicon.joins.size === 0) return tokens;
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      let word = tokens[i]!;
      for (;;) {
        const pairs = this.lexicon.joins.get(word);
        if (pairs === undefined || i + 1 >= tokens.length) break;
        let next = pairs.get(tokens[i + 1]!);
        let step = 1;
        if (next === undefined && i + 2 < tokens.length && this.lexicon.stopwords.has(tokens[i + 1]!)) {
          next = pairs.get(tokens[i + 2]!);
          step = 2;
        }
        if (next === undefined) break;
        word = next;
        i += step;
      }
      out.push(word);
    }
    return out;
  }

  /**
   * `rodné_číslo` is read as `rodne_cislo`: a word the lexicon does not know with its accents is read
   * without them (a word it knows keeps them: Danish `løn` is pay, `lon` a longitude).
   */
  private unaccented(tokens: string[]): string[] {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!isAscii(t) && !this.knows(t)) tokens[i] = foldAccents(t);
    }
    return tokens;
  }

  private knows(word: string): boolean {
    const l = this.lexicon;
    return l.expansions.has(word) || l.dictionary.has(word) || l.stopwords.has(word) || l.joins.has(word) || l.modifierExpansions.has(word);
  }

  /** `inOrder`: table names are read as written, since their first words are namespaces (`banco_clientes`). */
  analyse(name: string, inOrder = false): TokenAnalysis {
    const raw = this.joined(this.unaccented(splitName(name)));
    // the common case, an English name, is read in one pass without per-word arrays
    let reorder = false;
    if (!inOrder) for (let i = 1; i < raw.length && !reorder; i++) reorder = this.lexicon.postposed.has(raw[i]!);
    if (!reorder) {
      const expanded: string[] = [];
      let ends: Set<number> | undefined;
      for (let i = 0; i < raw.length; i++) {
        // a modifier reads the word after it only within its segment of a path: Salesforce's
        // `maica_cc__Participant__c` is a managed package's field, no card's participant
        if (this.lexicon.modifierExpansions.has(raw[i]!) && (ends ??= this.segmentEnds(name)).has(i)) expanded.push(...this.canonical(raw[i]!));
        else expanded.push(...this.canonicalAt(raw, i));
      }
      // a name made only of connectives (`to` of a message) says what it points at, not nothing
      if (expanded.length === 0 && raw.length === 1) return { raw, expanded: this.lexicon.connectiveNames.get(raw[0]!) ?? [] };
      return { raw, expanded };
    }
    // a modifier never moves out of its segment of a nested path (`dados.mae_nome` is the mother's
    // name in a record's data, not the mother's data)
    const segments = name.split(PATH_SEPARATOR);
    if (segments.length === 1) return this.inEnglishOrder(raw);
    const parts = segments.map((segment) => this.inEnglishOrder(this.joined(splitName(segment))));
    return { raw: parts.flatMap((p) => p.raw), expanded: parts.flatMap((p) => p.expanded) };
  }

  /** The positions of the last word of each segment of a nested path but the last (`a_b__c`: 1). */
  private segmentEnds(name: string): Set<number> {
    const ends = new Set<number>();
    const segments = name.split(PATH_SEPARATOR);
    if (segments.length === 1) return ends;
    let at = 0;
    for (const segment of segments.slice(0, -1)) {
      at += this.joined(this.unaccented(splitName(segment))).length;
      if (at > 0) ends.add(at - 1);
    }
    return ends;
  }

  private inEnglishOrder(raw: string[]): TokenAnalysis {
    const groups = raw.map((_, i) => this.canonicalAt(raw, i));
    const order = this.englishOrder(raw, groups);
    if (!order) return { raw, expanded: groups.flat() };
    return { raw: order.map((i) => raw[i]!), expanded: order.flatMap((i) => groups[i]!) };
  }

  /**
   * A word with a modifier reading stands for it before another word (`cc_number`, `cc_exp_month`;
   * `titular_correo` is the holder's email); alone or last it keeps its own reading (a message's `cc`,
   * Protheus's cost centre `RA_CC`, a `titular` who is the account holder), as before a code (`CC_W01`).
   */
  private canonicalAt(raw: string[], i: number): string[] {
    const t = raw[i]!;
    const modifier = this.lexicon.modifierExpansions.get(t);
    if (modifier === undefined) return this.canonical(t);
    for (let j = i + 1; j < raw.length; j++) {
      const next = raw[j]!;
      if (this.lexicon.stopwords.has(next)) continue;
      return next.length > 1 && !isDigitsToken(next) ? modifier : this.canonical(t);
    }
    return this.canonical(t);
  }

  private canonical(t: string): string[] {
    if (isDigitsToken(t) && !this.lexicon.expansions.has(t)) return [t];
    let canon = this.tokenCache.get(t);
    if (!canon) {
      canon = normaliseToken(t, this.lexicon);
      if (this.tokenCache.size > 100_000) this.tokenCache.clear();
      this.tokenCache.set(t, canon);
    }
    return canon;
  }

  /**
   * Romance names put the head first and its modifiers after (`nombre_producto` is a product's
   * name, `cuenta_bancaria` a bank account); the rules read heads last, as English does. A word
   * followed by a run of postposed modifiers is read in reverse: `numero_cuenta_bancaria` as
   * bank, account, number. Connectives inside the run (`nome_da_mae`) are kept out of the way.
   * Returns the new order of the raw tokens, or undefined when nothing moves.
   */
  private englishOrder(raw: string[], groups: string[][]): number[] | undefined {
    const postposed = (k: number): boolean => this.lexicon.postposed.has(raw[k]!);
    const order: number[] = [];
    let moved = false;
    for (let i = 0; i < raw.length; ) {
      let next = i + 1;
      while (next < raw.length && groups[next]!.length === 0) next++;
      if (groups[i]!.length === 0 || next >= raw.length || !postposed(next)) {
        order.push(i++);
        continue;
      }
      const run: number[] = [];
      let end = next;
      for (; end < raw.length && (postposed(end) || groups[end]!.length === 0); end++) if (postposed(end)) run.push(end);
      order.push(...run.reverse(), i);
      moved = true;
      i = end;
    }
    return moved ? order : undefined;
  }
}
