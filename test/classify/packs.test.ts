import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/index.js';
import { Engine } from '../../src/classify/engine.js';
import { builtinPacks, combinePacks, parseLexicon, parsePack } from '../../src/classify/packs.js';

/** The smallest lexicon the loader accepts, with the lists under test spliced in. */
function lexiconYaml(extra: string): string {
  return `lexicon:
  expansions: { dob: [birth, date] }
  classes: { person: [customer, patient] }
  roles: { key: [id] }
  transforms: { hash: [hashed] }
  transformPhrases: {}
  transformEffects: {}
  dictionary: [phone]
${extra}`;
}

describe('rule pack loader', () => {
  it('loads the built-in lexicon and packs, every list free of repeats', () => {
    const { lexicon, rules } = builtinPacks();
    expect(lexicon.classes.get('person')?.has('patient')).toBe(true);
    expect(rules.length).toBeGreaterThan(50);
  });

  it('accepts a lexicon whose lists name each word once', () => {
    expect(parseLexicon(lexiconYaml('  neutral: [home, work]')).neutral).toEqual(new Set(['home', 'work']));
  });

  it('refuses a word listed twice in one list, whatever its case', () => {
    expect(() => parseLexicon(lexiconYaml('  neutral: [home, work, Home]'))).toThrow('rule pack lexicon: neutral lists "home" twice');
    expect(() => parseLexicon(lexiconYaml('').replace('[customer, patient]', '[customer, patient, customer]'))).toThrow('classes.person lists "customer" twice');
  });

  it('refuses a join listed twice', () => {
    expect(parseLexicon(lexiconYaml('  joins: [[care, of], [permis, conduire]]')).joins.get('permis')?.get('conduire')).toBe('permisconduire');
    expect(() => parseLexicon(lexiconYaml('  joins: [[care, of], [permis, conduire], [Permis, conduire]]'))).toThrow('rule pack lexicon: joins lists [permis, conduire] twice');
  });

  it('refuses a word given two roles or two transforms, which would silently keep the last', () => {
    expect(() => parseLexicon(lexiconYaml('').replace('roles: { key: [id] }', 'roles: { key: [id], flag: [is, id] }'))).toThrow('"id" is in both roles.key and roles.flag');
    expect(() => parseLexicon(lexiconYaml('').replace('transforms: { hash: [hashed] }', 'transforms: { hash: [hashed], mask: [hashed] }'))).toThrow('"hashed" is in both transforms.hash and transforms.mask');
  });

  it('refuses a category pattern listed twice', () => {
    const pack = `family: contact
categories:
  - id: contact.email
    level: confidential
    types: [text]
    patterns: [email, email address, Email]`;
    expect(() => parsePack('contact', pack)).toThrow('rule pack contact: contact.email.patterns lists "email" twice');
  });

  it('reads the level a masked slice keeps, refusing anything but a level', () => {
    const pack = (maskFloor: string): string => `family: government
categories:
  - id: government.national_id
    level: restricted
    types: [text]
    maskFloor: ${maskFloor}
    patterns: [ssn]`;
    expect(parsePack('government', pack('confidential'))[0]?.maskFloor).toBe('confidential');
    expect(() => parsePack('government', pack('secret'))).toThrow('government.national_id: maskFloor must be a level');
  });

  /** A pack with one content group, its options (`whole`, `notAfter`, `ownRecord`) given as YAML lines. */
  const contentPack = (...options: string[]): string => `family: identity
categories:
  - id: identity.name
    level: confidential
    types: [text]
    patterns: [name]
    content:
      - tables: person
        patterns: [prefix]
${options.map((o) => `        ${o}`).join('\n')}`;

  it('reads a content group\'s `whole` flag, refusing anything but true or false', () => {
    expect(parsePack('identity', contentPack('whole: true'))[0]?.content).toEqual([{ tables: 'person', patterns: ['prefix'], whole: true }]);
    expect(parsePack('identity', contentPack('whole: false'))[0]?.content).toEqual([{ tables: 'person', patterns: ['prefix'] }]);
    expect(() => parsePack('identity', contentPack('whole: yes please'))).toThrow('identity.name.content[0]: whole must be true or false');
  });

  it('reads a content group\'s `notAfter` class and `ownRecord` flag', () => {
    expect(parsePack('identity', contentPack('notAfter: other_card', 'ownRecord: true'))[0]?.content).toEqual([
      { tables: 'person', patterns: ['prefix'], notAfter: 'other_card', ownRecord: true },
    ]);
    expect(() => parsePack('identity', contentPack('notAfter: [loyalty]'))).toThrow('identity.name.content[0]: notAfter must name a lexicon class');
    expect(() => parsePack('identity', contentPack('ownRecord: sometimes'))).toThrow('identity.name.content[0]: ownRecord must be true or false');
  });

  it('names only lexicon classes that exist in the built-in content groups, so none is silently empty', () => {
    const { lexicon, rules } = builtinPacks();
    for (const rule of rules) {
      for (const group of rule.content ?? []) {
        expect(lexicon.classes.has(group.tables), `${rule.id} tables ${group.tables}`).toBe(true);
        if (group.notAfter !== undefined) expect(lexicon.classes.has(group.notAfter), `${rule.id} notAfter ${group.notAfter}`).toBe(true);
      }
    }
  });

  it('refuses a pattern two categories list, as only one of them could ever match it', () => {
    const pack = (id: string, patterns: string): string => `family: ${id.split('.')[0]}
categories:
  - id: ${id}
    level: confidential
    types: [text]
    patterns: [${patterns}]`;
    const freetext = parsePack('freetext', pack('freetext.notes', 'notes, call recording'));
    const tracking = parsePack('behavioural', pack('behavioural.tracking', 'session replay, "?call recording"'));
    expect(() => combinePacks([['freetext', freetext], ['behavioural', tracking]])).toThrow(
      'rule pack behavioural: behavioural.tracking.patterns repeats "call recording" of freetext.notes',
    );
    const replay = parsePack('behavioural', pack('behavioural.tracking', 'session replay'));
    expect(combinePacks([['freetext', freetext], ['behavioural', replay]]).map((r) => r.id)).toEqual(['freetext.notes', 'behavioural.tracking']);
  });

  it('reaches its own category from every built-in pattern, so none is dead', () => {
    // patterns match names as read: one spelt as written (`cartao sus`, `a1c`) can never match once
    // the name is read (`card sus`, `1 c`). A content pattern is tried on a table of its group's class.
    const { lexicon, rules } = builtinPacks();
    const classifier = createClassifier();
    const tableOf = (className: string): string => `${[...(lexicon.classes.get(className) ?? [])][0] ?? className}s`;
    const dead: string[] = [];
    for (const rule of rules) {
      const groups = [{ tables: ['people', 'records'], patterns: rule.patterns }];
      for (const group of rule.content ?? []) groups.push({ tables: [tableOf(group.tables)], patterns: group.patterns });
      for (const group of groups) {
        for (const pattern of group.patterns) {
          if (pattern.includes('@')) continue;
          const column = pattern.replace(/^\?/, '').split(' ').join('_');
          if (!group.tables.some((table) => classifier.explain({ column, table }).categories.includes(rule.id))) dead.push(`${rule.id}: ${pattern}`);
        }
      }
    }
    expect(dead).toEqual([]);
  });

  it('spells every built-in pattern as names are read, so none is matched only by its neighbours', () => {
    // the test above passes for `telephone number` because `phone number` beside it reaches the
    // category: a name is read before it is matched (telephone → phone, no → number, idfa →
    // advertising id), and a pattern spelt otherwise matches nothing while looking like coverage
    const { lexicon, rules } = builtinPacks();
    const engine = new Engine(lexicon, rules);
    const misspelt: string[] = [];
    for (const rule of rules) {
      const lists = [rule.patterns, ...(rule.content ?? []).map((group) => group.patterns)];
      for (const pattern of lists.flat()) {
        if (pattern.includes('@')) continue;
        const words = pattern.replace(/^\?/, '').split(' ').filter(Boolean);
        const written = words.filter((w) => !lexicon.stopwords.has(w)).join(' ');
        const read = engine.readPattern(words).join(' ');
        if (read !== written) misspelt.push(`${rule.id}: "${pattern}" is read as "${read}"`);
      }
    }
    expect(misspelt).toEqual([]);
  });
});
