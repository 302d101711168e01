// Exports and hand-made schemas spell the same word with and without accents (`rodné_číslo`,
// `rodne_cislo`; `doğum_tarihi`, `dogum_tarihi`): a name's word the lexicon does not know with its
// accents is read without them, so one unaccented entry serves both spellings.

/** Letters that carry no combining mark to strip but still have a plain Latin spelling. */
const PLAIN_LETTERS: ReadonlyMap<string, string> = new Map([
  ['ł', 'l'],
  ['ø', 'o'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ß', 'ss'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['ı', 'i'],
  ['ħ', 'h'],
]);

const COMBINING_MARK = /\p{M}/u;

export function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * A lower-cased word with its Latin diacritics removed: `číslo` → `cislo`, `płeć` → `plec`. Marks on
 * other scripts are letters of their own (Russian `й` is not `и`, Japanese `バ` is not `ハ`) and stay.
 */
export function foldAccents(word: string): string {
  if (isAscii(word)) return word;
  let out = '';
  let latinBase = false;
  for (const ch of word.normalize('NFD')) {
    if (COMBINING_MARK.test(ch)) {
      if (!latinBase) out += ch;
      continue;
    }
    const plain = PLAIN_LETTERS.get(ch);
    latinBase = plain !== undefined || ch.charCodeAt(0) < 128;
    out += plain ?? ch;
  }
  return out.normalize('NFC');
}
