// Finds category patterns in a canonical token list. Patterns are token sequences compiled into an
// index by first token, so matching is linear in the number of tokens times the (small) number of
// patterns sharing a first token; nothing here can backtrack.
import type { CategoryRule, Lexicon } from './packs.js';

/** Short words that end in -s without being a plural of a pattern word (`was` is no WhatsApp `wa`). */
const NOT_PLURALS = new Set(['was', 'has', 'his', 'its', 'yes', 'gas', 'bus', 'pos', 'ups', 'plus', 'thus', 'this']);

export interface CompiledPattern {
  rule: CategoryRule;
  /** Literal tokens, or `@class` placeholders. */
  tokens: string[];
  /** Ambiguous (`?name`): only counts with evidence that the column is about a person. */
  weak: boolean;
  text: string;
}

export interface Match {
  pattern: CompiledPattern;
  start: number;
  /** Exclusive. */
  end: number;
}

const NO_PATTERNS: readonly CompiledPattern[] = [];

function isDigitToken(t: string): boolean {
  const c = t.charCodeAt(0);
  return c >= 48 && c <= 57;
}

export class Matcher {
  /** Words that start a literal pattern: these are never singularised. */
  private readonly firstWords = new Set<string>();
  /**
   * Every pattern that can start at a token, longest first, `@class` patterns listed under each
   * word of the class: the lookup per token is one map read, with no allocation.
   */
  private readonly candidates = new Map<string, CompiledPattern[]>();
  /** Plural forms of pattern words (`emails`, `addresses`) map back to the word. */
  private readonly singulars = new Map<string, string>();

  /**
   * `patternsOf` picks which of a rule's pattern lists this matcher compiles. `canonical` is the
   * main matcher's, when this one reads tokens that matcher made canonical (`details` → `detail`).
   */
  constructor(
    rules: CategoryRule[],
    private readonly lexicon: Lexicon,
    patternsOf: (r: CategoryRule) => string[] = (r) => r.patterns,
    canonical?: (token: string) => string,
  ) {
    const compiledAll: CompiledPattern[] = [];
    for (const rule of rules) {
      for (const raw of patternsOf(rule)) {
        const weak = raw.startsWith('?');
        // connectives are dropped from names (date_of_birth → date birth), so from patterns too
        const words = (weak ? raw.slice(1) : raw).split(' ').filter((t) => t && !lexicon.stopwords.has(t));
        const tokens = canonical ? words.map((t) => (t.startsWith('@') ? t : canonical(t))) : words;
        const first = tokens[0];
        if (!first) continue;
        const compiled: CompiledPattern = { rule, tokens, weak, text: tokens.join(' ') };
        compiledAll.push(compiled);
        const starts = first.startsWith('@') ? [...(lexicon.classes.get(first.slice(1)) ?? [])] : [first];
        if (!first.startsWith('@')) this.firstWords.add(first);
        for (const key of starts) {
          const list = this.candidates.get(key) ?? [];
          list.push(compiled);
          this.candidates.set(key, list);
        }
        for (const t of tokens) {
          if (t.startsWith('@')) continue;
          if (!NOT_PLURALS.has(`${t}s`)) this.singulars.set(`${t}s`, t);
          this.singulars.set(`${t}es`, t);
        }
      }
    }
    // names are read in canonical form (`allowances` → `allowance` once any pattern says `allowance`),
    // so the later words of this matcher's own patterns are too (given `canonical` did it above); a
    // pattern under a `@class` sits in many candidate lists, so each is mapped once, not per list
    if (!canonical) {
      for (const p of compiledAll) p.tokens = p.tokens.map((t, i) => (i === 0 || t.startsWith('@') ? t : this.canonical(t)));
    }
    for (const p of compiledAll) p.tokens = packedMap(p.tokens, same);
    // longest first, so `email address` wins over `email` and `ip address` over `address`; at equal
    // length a user's rule wins over a built-in one, and literal words over `@class` placeholders
    const classes = (p: CompiledPattern): number => p.tokens.filter((t) => t.startsWith('@')).length;
    const builtin = (p: CompiledPattern): number => (p.rule.source === 'builtin' ? 1 : 0);
    for (const list of this.candidates.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || builtin(a) - builtin(b) || classes(a) - classes(b));
  }

  /** `emails` → `email` when only the singular is a pattern word; any other token is returned as is. */
  canonical(token: string): string {
    return this.firstWords.has(token) ? token : (this.singulars.get(token) ?? token);
  }


  /** Whether a name's token fills a pattern's later word: the word itself, a word of its `@class`, or a variant spelling. */
  private tokenMatches(patternToken: string, token: string): boolean {
    if (patternToken === token) return true;
    if (patternToken.charCodeAt(0) === 64 /* @ */) return this.lexicon.classes.get(patternToken.slice(1))?.has(token) ?? false;
    return this.lexicon.laterWordVariants.get(token) === patternToken;
  }

  /**
   * The end (exclusive) of `p` matched at `i`, or -1. Digits between pattern words are skipped
   * (`contact_1_value`, `emergency_2_contact`) unless the pattern itself names a digit.
   */
  private matchEnd(p: CompiledPattern, tokens: readonly string[], i: number): number {
    let j = i + 1;
    for (let k = 1; k < p.tokens.length; k++) {
      const want = p.tokens[k]!;
      while (j < tokens.length && isDigitToken(tokens[j]!) && !isDigitToken(want) && !this.tokenMatches(want, tokens[j]!)) j++;
      if (j >= tokens.length || !this.tokenMatches(want, tokens[j]!)) return -1;
      j++;
    }
    return j;
  }

  /** Whether a strong pattern of `rule` starting in [from, to) runs to the last token. */
  private endsWith(tokens: readonly string[], from: number, to: number, rule: CategoryRule): boolean {
    for (let k = from; k < to; k++) {
      for (const p of this.candidates.get(tokens[k]!) ?? NO_PATTERNS) {
        if (p.rule === rule && !p.weak && this.matchEnd(p, tokens, k) === tokens.length) return true;
      }
    }
    return false;
  }

  /** Non-overlapping matches, left to right, longest pattern at each position. Tokens must be canonical. */
  find(tokens: readonly string[]): Match[] {
    const matches: Match[] = [];
    for (let i = 0; i < tokens.length; ) {
      let best: Match | undefined;
      for (const p of this.candidates.get(tokens[i]!) ?? NO_PATTERNS) {
        if (best && p.tokens.length <= best.pattern.tokens.length) break;
        const end = this.matchEnd(p, tokens, i);
        if (end >= 0) best = { pattern: p, start: i, end };
      }
      if (best) {
        // a pattern of the same category that starts inside this one and ends the name extends it to the
        // end: `client_ip_address` is a client ip address, not a client ip and an `address` (whereas
        // `tax_id_number` stays a tax id, not an `id number`)
        if (best.end < tokens.length && this.endsWith(tokens, best.start + 1, best.end, best.pattern.rule)) {
          matches.push({ pattern: best.pattern, start: best.start, end: tokens.length });
          break;
        }
        matches.push(best);
        i = best.end;
      } else i++;
    }
    return matches;
  }
}

/**
 * `items.map(f)` built by `push`, so that every token array has the same packed elements kind
 * (`split`, `filter` and `map` leave different kinds, and each new kind seen where tokens are read
 * throws the optimised matching code away).
 */
export function packedMap(items: readonly string[], f: (item: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i]!));
  return out;
}

const same = (t: string): string => t;
