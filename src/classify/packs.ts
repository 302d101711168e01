// Loads the built-in rule packs (rules/*.yml) that the bundle carries as strings. The packs are
// data so that reviewers can audit the taxonomy without reading code.
import { parse } from 'yaml';
import { isLevel, type Level } from '../types.js';
import lexiconText from '../../rules/lexicon.yml?raw';
import contactText from '../../rules/contact.yml?raw';
import identityText from '../../rules/identity.yml?raw';
import governmentText from '../../rules/government.yml?raw';
import financialText from '../../rules/financial.yml?raw';
import credentialsText from '../../rules/credentials.yml?raw';
import networkText from '../../rules/network.yml?raw';
import locationText from '../../rules/location.yml?raw';
import healthText from '../../rules/health.yml?raw';
import specialText from '../../rules/special.yml?raw';
import socialText from '../../rules/social.yml?raw';
import childrenText from '../../rules/children.yml?raw';
import employmentText from '../../rules/employment.yml?raw';
import behaviouralText from '../../rules/behavioural.yml?raw';
import freetextText from '../../rules/freetext.yml?raw';

export const PACK_SOURCES: Record<string, string> = {
  contact: contactText,
  identity: identityText,
  government: governmentText,
  financial: financialText,
  credentials: credentialsText,
  network: networkText,
  location: locationText,
  health: healthText,
  special: specialText,
  social: socialText,
  children: childrenText,
  employment: employmentText,
  behavioural: behaviouralText,
  freetext: freetextText,
};

/** Column type families a category may declare it can be stored in. */
export const TYPE_FAMILIES = [
  'text', 'integer', 'decimal', 'boolean', 'date', 'timestamp', 'binary', 'json', 'array', 'struct',
  'uuid', 'network', 'geo',
] as const;
export type TypeFamily = (typeof TYPE_FAMILIES)[number];

export type RoleName = 'key' | 'flag' | 'time' | 'count' | 'kind' | 'meta';
export const ROLE_NAMES: readonly RoleName[] = ['key', 'flag', 'time', 'count', 'kind', 'meta'];
export type TransformName = 'hash' | 'mask' | 'truncate' | 'encrypt' | 'aggregate' | 'identity' | 'expression';

export interface CategoryRule {
  id: string;
  family: string;
  level: Level;
  description: string;
  regulations: string[];
  /** Type families that can hold a value of this category; a column of another type holds metadata. */
  types: TypeFamily[];
  /** Type families that hold the value only when the match names a number: an integer is a house number, not an address. */
  numberTypes?: TypeFamily[];
  /** Token patterns: literal tokens, `@class` placeholders; a leading `?` marks an ambiguous pattern. */
  patterns: string[];
  /** An organisation can own such a value (store_phone), so an entity prefix lowers it. */
  ownable: boolean;
  /**
   * Words that turn a one-word match into the name of a record of its own: a `cart token` is the
   * cart's public reference, a `credit note` a document, neither a secret nor free text.
   */
  recordAfter?: ReadonlySet<string>;
  /**
   * Goods and animals have such a value too (a product's gender, a pet's diagnosis): an owner word
   * or a table row noun naming them lowers it. Narrower than `ownable`, whose owners include any thing.
   */
  impersonalToo?: boolean;
  /**
   * A column named by the bare word alone holds a person's value on a table whose rows are not known
   * to be things (an arrest's, an admission's, an incident entry's `age`): only goods and animals,
   * which `impersonalToo` reads, have one otherwise.
   */
  alonePersonal?: boolean;
  /**
   * The value can be a place of business's premises (its address, postcode, town, coordinates): on a
   * table of providers or nurseries it is where they work, though their email may be a contact's.
   */
  premises?: boolean;
  /**
   * A business keeps a stock of such things (a dealer's inventory, a rental fleet, a loaner): a stock
   * word before the value or in the table's name makes it the business's, not a person's.
   */
  stock?: boolean;
  /**
   * Named in full (two words or more: `gift_card_pin`, `hosted_invoice_url`, `card_exp_month`), the value
   * opens or pays with whatever record it sits on: a table named for a record of its own (`recordAfter`)
   * does not make it that record's.
   */
  namedInFull?: boolean;
  /** The value is an image or a file: the URL or path where it is kept stands for it (`profile_photo_path`). */
  file?: boolean;
  /**
   * The value holds other values (`user_attributes`): when the name goes on to match one of them
   * (`user_attributes__age`), that one is what the column holds.
   */
  container?: boolean;
  /** Roles that do not turn the column into metadata, because a flag or date still reveals it. */
  reveals: RoleName[];
  /** The level used when the column clearly belongs to a person (city of a person's address). */
  personContext?: Level;
  /** A transform never lowers this category below this level (a password hash is still a credential). */
  floor?: Level;
  /** A masked slice never lowers this category below this level (the last four of an SSN still verify a person). */
  maskFloor?: Level;
  /** The level when the value belongs to a professional serving the record's subject (teacher_name). */
  roleContext?: Level;
  /** Patterns that only count inside a postal address (a prefix such as `mail_`, or an addresses table). */
  componentPatterns: string[];
  /**
   * Patterns that only count as the whole name of a column in a table whose rows a lexicon class
   * names (the `body` of `ticket_comments`, the `name` of `reviews`): one group per class.
   */
  content?: ContentGroup[];
  /** `builtin` or the user rule that defined it. */
  source: string;
}

export interface ContentGroup {
  /** The lexicon class whose words name the tables' rows (`text_record`, `health_record`). */
  tables: string;
  patterns: string[];
  /** The pattern must be the whole name: no qualifier or filler may stand with it (`mobile_prefix` is no name's prefix). */
  whole?: boolean;
  /** The lexicon class of table words that, just before the record's word, name another kind of record (`loyalty_cards` are no payment cards). */
  notAfter?: string;
  /** The class must name the table's own rows, not any word of it: a `number` of `cards`, not of `card_claims`. */
  ownRecord?: boolean;
}

export interface TransformEffect {
  cap?: Level;
  lower?: number;
  note: string;
}

export interface Lexicon {
  expansions: Map<string, string[]>;
  /** Abbreviations read as their expansion only before another word (`cc_number`, not a message's `cc`). */
  modifierExpansions: Map<string, string[]>;
  stopwords: Set<string>;
  dictionary: Set<string>;
  /** Words read when they stand alone, never as a piece of a glued word (`idade`, not `val|idade`). */
  notPieces: Set<string>;
  classes: Map<string, Set<string>>;
  roles: Map<string, RoleName>;
  transforms: Map<string, TransformName>;
  transformPhrases: { transform: TransformName; tokens: string[] }[];
  transformAfterMatch: Map<string, TransformName>;
  neutral: Set<string>;
  qualifiers: Set<string>;
  leadingFlags: Set<string>;
  leadingCounts: Set<string>;
  leadingShares: Set<string>;
  leadingKeys: Set<string>;
  /** Word pairs read as one word before connectives are dropped (`care of` → `careof`). */
  joins: Map<string, Map<string, string>>;
  /** Words of head-first languages that modify the word before them (`nombre_producto`, `email_corporativo`). */
  postposed: Set<string>;
  /** What a name made only of a connective means (`to` of a message is its recipient). */
  connectiveNames: Map<string, string[]>;
  /** Spellings a pattern's later word also matches, spelling → word (`device_uid` is a `device id`). */
  laterWordVariants: Map<string, string>;
  transformEffects: Map<TransformName, TransformEffect>;
}

/** The built-in packs are part of the product: a malformed pack is a bug, so this throws loudly. */
class PackError extends Error {
  constructor(pack: string, message: string) {
    super(`rule pack ${pack}: ${message}`);
  }
}

function record(value: unknown, pack: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PackError(pack, `${what} must be a mapping`);
  return value as Record<string, unknown>;
}

/** A list of lower-cased words. A word listed twice is refused: the lists are long, and a repeat hides which entry was meant (or that one was meant for another list). */
function words(value: unknown, pack: string, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PackError(pack, `${what} must be a list`);
  const out = value.map((v) => String(v).toLowerCase());
  const seen = new Set<string>();
  for (const w of out) {
    if (seen.has(w)) throw new PackError(pack, `${what} lists "${w}" twice`);
    seen.add(w);
  }
  return out;
}

/** Gives a word one value, refusing a word already given another (a word in two roles would silently take the last). */
function assignOnce<V>(map: Map<string, V>, word: string, value: V, what: string): void {
  const before = map.get(word);
  if (before !== undefined && before !== value) throw new PackError('lexicon', `"${word}" is in both ${what}.${String(before)} and ${what}.${String(value)}`);
  map.set(word, value);
}

/** An optional yes/no setting: true, false or absent, anything else refused. */
function optionalFlag(value: unknown, pack: string, what: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new PackError(pack, `${what} must be true or false`);
  return value === true;
}

/** A category's content groups: each a lexicon class of tables and the whole names that are their rows' content. */
function contentGroups(value: unknown, pack: string, id: string): ContentGroup[] {
  if (!Array.isArray(value)) throw new PackError(pack, `${id}.content must be a list of {tables, patterns}`);
  return value.map((g, i) => {
    const group = record(g, pack, `${id}.content[${i}]`);
    if (typeof group.tables !== 'string') throw new PackError(pack, `${id}.content[${i}]: tables must name a lexicon class`);
    const patterns = words(group.patterns, pack, `${id}.content[${i}].patterns`);
    if (patterns.length === 0) throw new PackError(pack, `${id}.content[${i}]: needs at least one pattern`);
    const out: ContentGroup = { tables: group.tables, patterns };
    if (optionalFlag(group.whole, pack, `${id}.content[${i}]: whole`)) out.whole = true;
    if (optionalFlag(group.ownRecord, pack, `${id}.content[${i}]: ownRecord`)) out.ownRecord = true;
    if (group.notAfter !== undefined) {
      if (typeof group.notAfter !== 'string') throw new PackError(pack, `${id}.content[${i}]: notAfter must name a lexicon class`);
      out.notAfter = group.notAfter;
    }
    return out;
  });
}

/** A lexicon mapping of a lower-cased word to the words it stands for (`dob: [birth, date]`). */
function wordLists(value: unknown, what: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(record(value, 'lexicon', what))) out.set(k.toLowerCase(), words(v, 'lexicon', `${what}.${k}`));
  return out;
}

export function parseLexicon(text: string): Lexicon {
  const root = record(record(parse(text), 'lexicon', 'file').lexicon, 'lexicon', 'lexicon');
  const expansions = wordLists(root.expansions, 'expansions');
  const modifierExpansions = wordLists(root.modifierExpansions ?? {}, 'modifierExpansions');
  const classes = new Map<string, Set<string>>();
  for (const [k, v] of Object.entries(record(root.classes, 'lexicon', 'classes'))) {
    classes.set(k, new Set(words(v, 'lexicon', `classes.${k}`)));
  }
  const roles = new Map<string, RoleName>();
  for (const [k, v] of Object.entries(record(root.roles, 'lexicon', 'roles'))) {
    if (!(ROLE_NAMES as readonly string[]).includes(k)) throw new PackError('lexicon', `unknown role ${k}`);
    for (const w of words(v, 'lexicon', `roles.${k}`)) assignOnce(roles, w, k as RoleName, 'roles');
  }
  const transforms = new Map<string, TransformName>();
  for (const [k, v] of Object.entries(record(root.transforms, 'lexicon', 'transforms'))) {
    for (const w of words(v, 'lexicon', `transforms.${k}`)) assignOnce(transforms, w, k as TransformName, 'transforms');
  }
  const transformPhrases: Lexicon['transformPhrases'] = [];
  for (const [k, v] of Object.entries(record(root.transformPhrases, 'lexicon', 'transformPhrases'))) {
    if (!Array.isArray(v)) throw new PackError('lexicon', `transformPhrases.${k} must be a list`);
    for (const phrase of v) transformPhrases.push({ transform: k as TransformName, tokens: words(phrase, 'lexicon', `transformPhrases.${k}`) });
  }
  const transformAfterMatch = new Map<string, TransformName>();
  for (const [k, v] of Object.entries(record(root.transformAfterMatch ?? {}, 'lexicon', 'transformAfterMatch'))) {
    transformAfterMatch.set(k, String(v) as TransformName);
  }
  const connectiveNames = wordLists(root.connectiveNames ?? {}, 'connectiveNames');
  const laterWordVariants = new Map<string, string>();
  for (const [spelling, targets] of wordLists(root.laterWordVariants ?? {}, 'laterWordVariants')) {
    if (targets.length !== 1) throw new PackError('lexicon', `laterWordVariants.${spelling} must name one word`);
    laterWordVariants.set(spelling, targets[0]!);
  }
  const joins = new Map<string, Map<string, string>>();
  for (const [i, pair] of (Array.isArray(root.joins) ? root.joins : []).entries()) {
    const [a, b, ...rest] = words(pair, 'lexicon', `joins[${i}]`);
    if (!a || !b || rest.length) throw new PackError('lexicon', `joins[${i}] must be a pair of words`);
    const second = joins.get(a) ?? new Map<string, string>();
    if (second.has(b)) throw new PackError('lexicon', `joins lists [${a}, ${b}] twice`);
    second.set(b, a + b);
    joins.set(a, second);
  }
  const transformEffects = new Map<TransformName, TransformEffect>();
  for (const [k, v] of Object.entries(record(root.transformEffects, 'lexicon', 'transformEffects'))) {
    const e = record(v, 'lexicon', `transformEffects.${k}`);
    const effect: TransformEffect = { note: String(e.note ?? '') };
    if (e.cap !== undefined) {
      if (!isLevel(e.cap)) throw new PackError('lexicon', `transformEffects.${k}.cap is not a level`);
      effect.cap = e.cap;
    }
    if (e.lower !== undefined) effect.lower = Number(e.lower);
    transformEffects.set(k as TransformName, effect);
  }
  const lexicon: Lexicon = {
    expansions,
    modifierExpansions,
    stopwords: new Set(words(root.stopwords, 'lexicon', 'stopwords')),
    dictionary: new Set(words(root.dictionary, 'lexicon', 'dictionary')),
    notPieces: new Set(words(root.notPieces, 'lexicon', 'notPieces')),
    classes,
    roles,
    transforms,
    transformPhrases,
    transformAfterMatch,
    neutral: new Set(words(root.neutral, 'lexicon', 'neutral')),
    qualifiers: new Set(words(root.qualifiers, 'lexicon', 'qualifiers')),
    leadingFlags: new Set(words(root.leadingFlags, 'lexicon', 'leadingFlags')),
    leadingCounts: new Set(words(root.leadingCounts, 'lexicon', 'leadingCounts')),
    leadingShares: new Set(words(root.leadingShares, 'lexicon', 'leadingShares')),
    leadingKeys: new Set(words(root.leadingKeys, 'lexicon', 'leadingKeys')),
    joins,
    postposed: new Set(words(root.postposed, 'lexicon', 'postposed')),
    connectiveNames,
    laterWordVariants,
    transformEffects,
  };
  for (const w of lexicon.postposed) {
    if (!expansions.has(w)) throw new PackError('lexicon', `postposed word "${w}" needs an expansion, so the rules read it`);
  }
  // Every word the rules know is also a segmentation word, so glued names split on them.
  for (const set of [lexicon.neutral, ...classes.values()]) for (const w of set) lexicon.dictionary.add(w);
  for (const w of [...roles.keys(), ...transforms.keys(), ...expansions.keys()]) lexicon.dictionary.add(w);
  for (const targets of expansions.values()) for (const w of targets) lexicon.dictionary.add(w);
  for (const [w, targets] of modifierExpansions) for (const t of [w, ...targets]) lexicon.dictionary.add(t);
  return lexicon;
}

export function parsePack(name: string, text: string): CategoryRule[] {
  const root = record(parse(text), name, 'file');
  const family = String(root.family ?? name);
  if (!Array.isArray(root.categories)) throw new PackError(name, 'categories must be a list');
  return root.categories.map((raw, i) => {
    const c = record(raw, name, `categories[${i}]`);
    const id = String(c.id ?? '');
    if (!id.startsWith(`${family}.`)) throw new PackError(name, `category id ${id} must start with ${family}.`);
    if (!isLevel(c.level)) throw new PackError(name, `${id}: level must be one of public, internal, confidential, restricted`);
    const types = words(c.types, name, `${id}.types`);
    const numberTypes = words(c.numberTypes, name, `${id}.numberTypes`);
    for (const t of [...types, ...numberTypes]) if (!(TYPE_FAMILIES as readonly string[]).includes(t)) throw new PackError(name, `${id}: unknown type family ${t}`);
    const reveals = words(c.reveals, name, `${id}.reveals`);
    for (const r of reveals) if (!(ROLE_NAMES as readonly string[]).includes(r)) throw new PackError(name, `${id}: unknown role ${r}`);
    const rule: CategoryRule = {
      id,
      family,
      level: c.level,
      description: String(c.description ?? ''),
      regulations: Array.isArray(c.regulations) ? c.regulations.map(String) : [],
      types: types as TypeFamily[],
      patterns: words(c.patterns, name, `${id}.patterns`),
      ownable: c.ownable === true,
      reveals: reveals as RoleName[],
      componentPatterns: words(c.componentPatterns, name, `${id}.componentPatterns`),
      source: 'builtin',
    };
    if (c.personContext !== undefined) {
      if (!isLevel(c.personContext)) throw new PackError(name, `${id}: personContext must be a level`);
      rule.personContext = c.personContext;
    }
    if (c.floor !== undefined) {
      if (!isLevel(c.floor)) throw new PackError(name, `${id}: floor must be a level`);
      rule.floor = c.floor;
    }
    if (c.maskFloor !== undefined) {
      if (!isLevel(c.maskFloor)) throw new PackError(name, `${id}: maskFloor must be a level`);
      rule.maskFloor = c.maskFloor;
    }
    if (c.roleContext !== undefined) {
      if (!isLevel(c.roleContext)) throw new PackError(name, `${id}: roleContext must be a level`);
      rule.roleContext = c.roleContext;
    }
    if (c.content !== undefined) rule.content = contentGroups(c.content, name, id);
    if (numberTypes.length > 0) rule.numberTypes = numberTypes as TypeFamily[];
    if (c.container === true) rule.container = true;
    if (c.impersonalToo === true) rule.impersonalToo = true;
    if (c.alonePersonal === true) rule.alonePersonal = true;
    if (c.premises === true) rule.premises = true;
    if (c.stock === true) rule.stock = true;
    if (c.namedInFull === true) rule.namedInFull = true;
    if (c.file === true) rule.file = true;
    if (c.recordAfter !== undefined) rule.recordAfter = new Set(words(c.recordAfter, name, `${id}.recordAfter`));
    if (rule.patterns.length === 0) throw new PackError(name, `${id}: needs at least one pattern`);
    return rule;
  });
}

let builtin: { lexicon: Lexicon; rules: CategoryRule[] } | undefined;

/**
 * Categories from several packs, refusing a pattern two of them list: only one of them can ever
 * match it, and which one depends on the order the packs load in.
 */
export function combinePacks(packs: [name: string, rules: CategoryRule[]][]): CategoryRule[] {
  const owner = new Map<string, string>();
  for (const [name, rules] of packs) {
    for (const rule of rules) {
      for (const pattern of rule.patterns) {
        const text = pattern.replace(/^\?/, '');
        const first = owner.get(text);
        if (first !== undefined && first !== rule.id) throw new PackError(name, `${rule.id}.patterns repeats "${text}" of ${first}`);
        owner.set(text, rule.id);
      }
    }
  }
  return packs.flatMap(([, rules]) => rules);
}

export function builtinPacks(): { lexicon: Lexicon; rules: CategoryRule[] } {
  builtin ??= {
    lexicon: parseLexicon(lexiconText),
    rules: combinePacks(Object.entries(PACK_SOURCES).map(([name, text]) => [name, parsePack(name, text)])),
  };
  return builtin;
}
