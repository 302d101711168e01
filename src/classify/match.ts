// Finds category patterns in a canonical token list. Patterns are token sequences compiled into an
// index by first token, so matching is linear in the number of tokens times the (small) number of
// patterns sharing a first token; nothing here can backtrack.
import type { CategoryRule, Lexicon } from './packs.js';

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

export class Matcher {
  private readonly byFirst = new Map<string, CompiledPattern[]>();
  private readonly byClass = new Map<string, CompiledPattern[]>();
  /** Plural forms of pattern words (`emails`, `addresses`) map back to the word. */
  private readonly singulars = new Map<string, string>();

  constructor(rules: CategoryRule[], private readonly lexicon: Lexicon) {
    for (const rule of rules) {
      for (const raw of rule.patterns) {
        const weak = raw.startsWith('?');
        // connectives are dropped from names (date_of_birth → date birth), so from patterns too
        const tokens = (weak ? raw.slice(1) : raw).split(' ').filter((t) => t && !lexicon.stopwords.has(t));
        const first = tokens[0];
        if (!first) continue;
        const compiled: CompiledPattern = { rule, tokens, weak, text: tokens.join(' ') };
        const target = first.startsWith('@') ? this.byClass : this.byFirst;
        const key = first.startsWith('@') ? first.slice(1) : first;
        const list = target.get(key) ?? [];
        list.push(compiled);
        target.set(key, list);
        for (const t of tokens) {
          if (t.startsWith('@')) continue;
          this.singulars.set(`${t}s`, t);
          this.singulars.set(`${t}es`, t);
        }
      }
    }
    // longest first, so `email address` wins over `email` and `ip address` over `address`
    for (const list of [...this.byFirst.values(), ...this.byClass.values()]) list.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  /** `emails` → `email` when only the singular is a pattern word; any other token is returned as is. */
  canonical(token: string): string {
    return this.byFirst.has(token) ? token : (this.singulars.get(token) ?? token);
  }

  private tokenMatches(patternToken: string, token: string): boolean {
    if (patternToken.startsWith('@')) return this.lexicon.classes.get(patternToken.slice(1))?.has(token) ?? false;
    return patternToken === token;
  }

  private longestAt(tokens: string[], i: number): CompiledPattern | undefined {
    const first = tokens[i]!;
    const candidates = [...(this.byFirst.get(first) ?? [])];
    for (const [cls, list] of this.byClass) if (this.lexicon.classes.get(cls)?.has(first)) candidates.push(...list);
    let best: CompiledPattern | undefined;
    for (const p of candidates) {
      if (best && p.tokens.length <= best.tokens.length) continue;
      if (i + p.tokens.length > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < p.tokens.length && ok; k++) ok = this.tokenMatches(p.tokens[k]!, tokens[i + k]!);
      if (ok) best = p;
    }
    return best;
  }

  /** Non-overlapping matches, left to right, longest pattern at each position. */
  find(tokens: string[]): Match[] {
    const canon = tokens.map((t) => this.canonical(t));
    const matches: Match[] = [];
    for (let i = 0; i < canon.length; ) {
      const p = this.longestAt(canon, i);
      if (p) {
        matches.push({ pattern: p, start: i, end: i + p.tokens.length });
        i += p.tokens.length;
      } else i++;
    }
    return matches;
  }
}
