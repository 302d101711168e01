// The verdict for one column: match category patterns on canonical tokens, pick the head match,
// then let the name's other tokens, the SQL type, the table and transforms adjust it. Every
// adjustment is recorded twice: as a rule id (machine-readable) and as an evidence sentence.
import type { Level, Sensitivity, Transform } from '../types.js';
import { levelRank, maxLevel } from '../types.js';
import { elementFamily, ownedByEstablishment, singular, tableEntity, typeFamily, typeHolds, type TableEntity } from './context.js';
import { atLeast, capAt, lowerBy } from './levels.js';
import type { CompiledPattern, Match } from './match.js';
import { Matcher, packedMap } from './match.js';
import type { CategoryRule, Lexicon, RoleName, TransformName, TypeFamily } from './packs.js';
import { splitName, Tokenizer } from './tokenize.js';
import { wordClasses, type WordClasses } from './word-classes.js';

export interface ClassifyInput {
  column: string;
  type?: string;
  table?: string;
  transform?: Transform;
}

export interface Explanation extends Sensitivity {
  /** Tokens as split from the name. */
  tokens: string[];
  /** Canonical tokens after expansion and segmentation. */
  expanded: string[];
  /** Every step, in order, for `sensitivity-gate explain`. */
  trace: string[];
  /** The category the name matched, even when context turned the column into metadata about it. */
  matched?: string;
}

/** A user rule that decides a whole column by its name (and optionally its table), before any token logic. */
export interface NameOverride {
  id: string;
  rule: CategoryRule;
  matches(column: string, table: string | undefined, type: string | undefined): boolean;
}

// words that turn a text into the code or number of one from a list (`remark_code`, `messageNumber`)
const CODE_WORDS = new Set(['code', 'cd', 'number', 'nbr', 'no', 'num']);
const DEFAULT_LEVEL: Level = 'internal';
// phrasal-verb particles, kept out of the lexicon: as dictionary words they would split `download`
const PARTICLES = new Set(['in', 'up', 'out', 'off', 'on', 'down']);
/** Families whose values a table can be named after (`email_addresses`, `api_keys`): its `value` or `key` holds one. */
const CHANNEL_FAMILIES = new Set(['contact', 'credentials']);
/** Values a system records when something happens (the IP and the place an opt-in came from), never subscribed to. */
const RECORDED_AT_EVENT_FAMILIES = new Set(['network', 'location']);
/** Roles of a word that make an encrypted column's name about the encryption, not its content (`encrypted_at`). */
const ABOUT_ENCRYPTION_ROLES = new Set<RoleName | undefined>(['key', 'flag', 'time', 'count', 'kind']);
/** What an address row says of the person it is for: their name, contact channels and location. */
const ADDRESSEE_FAMILIES = new Set(['identity', 'contact', 'location']);
/** A Salesforce package's custom field: `namespace__Field_Name__c` (or `__pc` on a person account). */
const SALESFORCE_PACKAGE_FIELD = /^([A-Za-z][A-Za-z0-9]{1,14})__([A-Za-z][A-Za-z0-9_]*?__(?:c|pc))$/;
/**
 * An identity number named by nothing but "id number": as a string it is the document's number (a
 * South African or a Kenyan ID), as an integer a system's own number for its people (Sunapsis's
 * `idnumber` on every table); a number the name says is national (`ssn`, `national_id`) stays one.
 */
const GENERIC_ID_NUMBERS = new Set(['id number', 'identification number', 'identity number']);
const ROLE_WORDS: Record<RoleName, string> = {
  key: 'a key referring to',
  flag: 'a flag about',
  time: 'a timestamp about',
  count: 'a count of',
  kind: 'the kind or status of',
  meta: 'metadata about',
};

type Analysed = Pick<Explanation, 'tokens' | 'expanded' | 'trace'>;

/**
 * Builds a verdict with one fixed object shape: object spread here cost more than the rest of the
 * classification together (measured with --cpu-prof on npm run bench).
 */
function verdict(
  base: Analysed,
  level: Level,
  categories: string[],
  rules: string[],
  evidence: string[],
  confidence: number | undefined,
  matched: string | undefined,
): Explanation {
  return { tokens: base.tokens, expanded: base.expanded, trace: base.trace, level, categories, rules, evidence, confidence, matched };
}

/** A count written as a word (`last_four`), read as digits are in a transform phrase (not the lexicon's `number_word`s). */
const SPELLED_COUNTS = new Set(['two', 'three', 'four', 'five', 'six']);

function isDigits(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return t.length > 0;
}

export class Engine {
  private readonly tokenizer: Tokenizer;
  private readonly matcher: Matcher;
  private readonly componentMatcher: Matcher;
  private readonly isHealthTableWord = (w: string): boolean => this.w.healthTables.has(w);
  /** A token as the category patterns spell it (`emails` → `email`), for the matchers built below. */
  private readonly canonicalToken = (t: string): string => this.matcher.canonical(t);
  /** The lexicon's word classes (persons, entities, units...). */
  private readonly w: WordClasses;
  /** Per record-table class, the matcher of the content patterns that apply in such tables. */
  private readonly contentMatchers: { tables: Set<string>; anyWord: boolean; whole: boolean; notAfter: Set<string>; matcher: Matcher }[] = [];
  /** Transform phrases indexed by their first word, so each token costs one map read. */
  private readonly phrasesByFirst = new Map<string, Lexicon['transformPhrases']>();
  /** Tables repeat across columns; their entity is worked out once. */
  private readonly tables = new Map<string, TableEntity>();
  /** Per table entity, the content rules its rows can hold (see `contentOf`). */
  private readonly tableContent = new WeakMap<TableEntity, { matcher: Matcher; kind: string; whole: boolean }[]>();
  /** Per table, whether it is reference data and of which categories, worked out once. */
  private readonly references = new Map<string, { rules?: Set<CategoryRule>; why: string } | undefined>();
  /** Free text, which a value of one of a person's own attributes can hold as much as a note can. */
  private readonly freeText: Match['pattern'] | undefined;
  /** Content stored encrypted, which a name that says nothing else sensitive can hold (see `sealedContent`). */
  private readonly encryptedContent: Match['pattern'] | undefined;
  /**
   * Per declared type, what it says of its column: whether it stores the value encrypted and which
   * pattern it names. Asked of nearly every column that matches nothing, and a schema repeats a few
   * types, so each type is read once.
   */
  private readonly typeFacts = new Map<string, { encrypted: boolean; declared: CompiledPattern | undefined }>();

  constructor(
    private readonly lexicon: Lexicon,
    rules: CategoryRule[],
    private readonly overrides: NameOverride[] = [],
  ) {
    // every word a rule matches must survive segmentation whole (`fingerprint`, not finger|print)
    const dictionary = new Set(lexicon.dictionary);
    for (const r of rules) {
      for (const p of r.patterns) for (const w of p.replace('?', '').split(' ')) if (w && !w.startsWith('@')) dictionary.add(w);
      for (const w of r.recordAfter ?? []) dictionary.add(w);
    }
    this.tokenizer = new Tokenizer({ ...lexicon, dictionary });
    this.matcher = new Matcher(rules, lexicon);
    this.componentMatcher = new Matcher(rules, lexicon, (r) => r.componentPatterns, this.canonicalToken);
    const cls = (name: string): Set<string> => lexicon.classes.get(name) ?? new Set();
    for (const r of rules) {
      // any word of the table names what it records (`insurance_benefits` are insurance records), but
      // what a person typed needs the row's own noun: a message's subject is typed, a campaign's is
      // not, and a search's query is, while a product's search keywords are the shop's
      const anyTableWord = r.family !== 'freetext' && r.family !== 'behavioural';
      for (const group of r.content ?? []) {
        const anyWord = anyTableWord && group.ownRecord !== true;
        const notAfter = group.notAfter === undefined ? new Set<string>() : cls(group.notAfter);
        this.contentMatchers.push({ tables: cls(group.tables), anyWord, whole: group.whole === true, notAfter, matcher: new Matcher([r], lexicon, () => group.patterns, this.canonicalToken) });
      }
    }
    this.w = wordClasses(lexicon);
    this.freeText = this.patternOf('freetext.notes', ['notes']);
    this.encryptedContent = this.patternOf('freetext.encrypted_content', ['encrypted', 'content']);
    for (const phrase of lexicon.transformPhrases) {
      const first = phrase.tokens[0];
      if (first !== undefined) this.phrasesByFirst.set(first, [...(this.phrasesByFirst.get(first) ?? []), phrase]);
    }
  }

  private tableOf(table: string | undefined): TableEntity {
    if (table === undefined) return { kind: 'unknown' };
    let entity = this.tables.get(table);
    if (!entity) {
      entity = tableEntity(table, this.lexicon, (name) => this.tokenizer.analyse(name, true).expanded);
      if (this.tables.size > 10_000) this.tables.clear();
      this.tables.set(table, entity);
    }
    return entity;
  }

  /**
   * Reference data: a table from a terminology source (dbt `terminology__provider`: code sets and
   * public registries) holds no one's record; a table named for categories plus a code-list word
   * (`dim_cpt_code`, `ethnicity_lookup`, `zip_county_crosswalk`, Ed-Fi `sexdescriptor`) lists their
   * vocabulary. Its words must all be category terms: `encounter_diagnosis_codes` are the diagnoses
   * of encounters, not a list of diagnoses.
   */
  private referenceOf(table: string | undefined, entity: TableEntity): { rules?: Set<CategoryRule>; why: string } | undefined {
    if (table === undefined) return undefined;
    if (this.references.has(table)) return this.references.get(table);
    let found: { rules?: Set<CategoryRule>; why: string } | undefined;
    if (entity.source?.some((w) => this.w.referenceSources.has(w))) {
      found = { why: `table ${table} comes from a terminology source: reference data, not anyone's record` };
    } else if (entity.kind !== 'person' && entity.words?.some((w) => this.w.codeListMarkers.has(w))) {
      const term = entity.words.filter((w) => !this.w.codeListMarkers.has(w)).map((w) => this.matcher.canonical(w));
      const matches = this.matcher.find(term);
      const covered = term.every((w, i) => this.isFiller(w) || matches.some((m) => m.start <= i && i < m.end));
      if (term.length > 0 && matches.length > 0 && covered) {
        const rules = new Set(matches.map((m) => m.pattern.rule));
        found = { rules, why: `table ${table} lists the codes of ${[...rules].map((r) => r.id).join(' and ')}: its rows are the vocabulary, not anyone's value` };
      }
    }
    if (this.references.size > 10_000) this.references.clear();
    this.references.set(table, found);
    return found;
  }

  /**
   * A street-level part (`number`, `direction_prefix`, `unit_type`) inside a postal address: after
   * an address prefix (`mail_number`) or anywhere in an addresses table. Undefined otherwise.
   */
  private addressComponent(tokens: string[], table: TableEntity): { match: Match; why: string } | undefined {
    let from = -1;
    let why: string | undefined;
    for (let i = 0; i < tokens.length && from < 0; i++) {
      if (this.w.addressContext.has(tokens[i]!)) {
        from = i + 1;
        why = `prefix ${tokens[i]} makes it part of a postal address`;
      }
    }
    if (from < 0 && table.addressTable !== undefined) {
      from = 0;
      why = `the table holds ${table.addressTable} records: its columns are parts of a postal address`;
    }
    if (from < 0 || why === undefined) return undefined;
    const found = this.componentMatcher.find(tokens).filter((m) => m.start >= from);
    const match = found[found.length - 1];
    if (!match) return undefined;
    // in an addresses table only the part itself, or a qualified one, is a part: `validated_vat_number` is a tax number
    if (from === 0 && tokens.slice(0, match.start).some((t) => !this.lexicon.qualifiers.has(t) && !this.lexicon.neutral.has(t))) return undefined;
    return { match, why };
  }

  /** The built-in pattern of category `id` that `words` spell, for verdicts a context reaches without the name saying it. */
  private patternOf(id: string, words: string[]): CompiledPattern | undefined {
    return this.matcher.find(words.map(this.canonicalToken)).find((m) => m.pattern.rule.id === id)?.pattern;
  }

  /** The content rules a table's rows can hold, with the word that names them; read once per table. */
  private contentOf(table: TableEntity): { matcher: Matcher; kind: string; whole: boolean }[] {
    let found = this.tableContent.get(table);
    if (found) return found;
    found = [];
    const record = table.record;
    if (record !== undefined) {
      // a code list (`condition_code`) names the category it lists, not records of it
      const listed = this.w.codeListMarkers.has(record);
      const words = table.words ?? [];
      for (const { tables, anyWord, whole, notAfter, matcher } of this.contentMatchers) {
        const kind = tables.has(record) ? record : anyWord && !listed ? words.find((w) => tables.has(w)) : undefined;
        if (kind === undefined) continue;
        // the word before the record's may name another kind of it (`loyalty_cards`, `gift_cards`)
        const before = words[words.lastIndexOf(kind) - 1];
        if (before === undefined || !notAfter.has(before)) found.push({ matcher, kind, whole });
      }
    }
    this.tableContent.set(table, found);
    return found;
  }

  /**
   * The whole name is the content of the table's record (`body` of `ticket_comments`, `code` of a
   * clinical `condition`), the value of a person's own attribute (`value` of `person_attribute`), or
   * the value of a table named after a contact channel (`value` of `email_addresses`): never a part
   * of a longer name.
   */
  private recordContent(tokens: string[], table: TableEntity): { match: Match; why: string } | undefined {
    // the row's own noun may name it again (`ticket_subject` of `tickets`, `task_description` of `tasks`)
    const ownNoun = (t: string, i: number, m: Match): boolean => i < m.start && table.record !== undefined && singular(t) === table.record;
    const onlyFiller = (m: Match): boolean => tokens.every((t, i) => (i >= m.start && i < m.end) || this.isFiller(t) || ownNoun(t, i, m));
    for (const { matcher, kind, whole } of this.contentOf(table)) {
      const match = matcher.find(tokens).find(whole ? (m) => m.start === 0 && m.end === tokens.length : onlyFiller);
      // "holds", not "is the bank's": on a bank's transfer the counterparty's account is the counterparty's
      if (match) return { match, why: `the table holds ${kind} records: there its ${tokens.slice(match.start, match.end).join(' ')} holds ${match.pattern.rule.id}` };
    }
    return this.channelValue(tokens, table) ?? this.personAttributeValue(tokens, table);
  }

  /**
   * The value of a table named after a contact channel (`value` of `email_addresses`, of
   * `contact_detail`): that channel, which says more than a person's attribute row would.
   */
  private channelValue(tokens: string[], table: TableEntity): { match: Match; why: string } | undefined {
    // the row's noun alone is the value too (`code` of `backup_codes`, as its `value` would be)
    const valueWord = (t: string): boolean => this.w.channelValue.has(t) || (tokens.length === 1 && singular(t) === table.record);
    if (tokens.length === 0 || !tokens.every(valueWord)) return undefined;
    // the channel is the table's last word (`email_addresses`, `contact_detail`), or its row's noun
    // before words that say how the table is kept (`phone_number_history`, `PhoneNumberEntity`)
    const words = table.words ?? [];
    const end = table.record === undefined ? -1 : words.lastIndexOf(table.record);
    for (const name of end >= 0 && end < words.length - 1 ? [words, words.slice(0, end + 1)] : [words]) {
      const channel = this.matcher.find(name.map((w) => this.matcher.canonical(w))).find((m) => m.end === name.length && CHANNEL_FAMILIES.has(m.pattern.rule.family) && !m.pattern.weak);
      if (channel) return { match: { pattern: channel.pattern, start: 0, end: tokens.length }, why: `the table holds ${channel.pattern.text} records: its ${tokens.join(' ')} is the ${channel.pattern.text}` };
    }
    return undefined;
  }

  /**
   * The value of a person's own attribute, custom field or meta row (`keycloak_user_attribute.value`,
   * OpenMRS `person_attribute.value`, WordPress `wp_usermeta.meta_value`): whatever was recorded
   * about them, so free text. The row's own noun may name it again (`meta_value`).
   */
  private personAttributeValue(tokens: string[], table: TableEntity): { match: Match; why: string } | undefined {
    const record = table.record;
    if (!this.freeText || table.kind !== 'person' || record === undefined || !this.w.attributeRecords.has(record)) return undefined;
    if (!tokens.some((t) => this.w.attributeValues.has(t)) || !tokens.every((t) => this.w.attributeValues.has(t) || singular(t) === record)) return undefined;
    return { match: { pattern: this.freeText, start: 0, end: tokens.length }, why: `the table holds people's ${record} records: its ${tokens.join(' ')} can be anything about them` };
  }

  /**
   * The professional role that owns the value (`teacher_name`, `contact_owner_name`): the nearest
   * person word before the match, when it is a workforce role rather than a data subject.
   */
  private professionalBefore(tokens: string[], start: number, record?: string): string | undefined {
    for (let i = start - 1; i >= 0; i--) {
      const t = tokens[i]!;
      if (this.w.workforce.has(t)) return t;
      // whoever a record is assigned or escalated to (`assigned_to_name`) works there
      if (this.w.assignedWords.has(t) && i === start - 1) return `${t} to`;
      // the lead of a crew or a team (`crew_lead_name`, `team_lead_name`) is the member in charge
      if (t === 'lead' && i > 0 && (this.w.workforce.has(tokens[i - 1]!) || this.w.ledGroups.has(tokens[i - 1]!))) return `${tokens[i - 1]} lead`;
      if (t === 'owner' && i > 0 && this.w.ownedRecords.has(tokens[i - 1]!)) return `${tokens[i - 1]} owner`;
      // the bare owner of a CRM table (cases, leads, deals) is the record's owner, as `case_owner` would be
      if (t === 'owner' && i === 0 && record !== undefined && this.w.crmRecords.has(record)) return `${record} owner`;
      if (this.w.persons.has(t)) return i > 0 && this.w.assignedWords.has(tokens[i - 1]!) ? `${tokens[i - 1]} ${t}` : undefined;
    }
    return undefined;
  }

  /**
   * `NUM_SECU`, `NumSS` and `num_nir` are the number of an identity document, as French and Spanish
   * abbreviate numéro: nobody counts a person's national ids. A plural still counts (`num_ssns`).
   */
  private numbersAnId(rule: CategoryRule, first: string, lastRaw: string, lastToken: string): boolean {
    if (first !== 'num' || rule.family !== 'government') return false;
    // (`num_ssns` counts them; Mexico's `num_imss` ends in a double s, as no plural does)
    const plural = lastRaw !== lastToken && lastRaw.endsWith('s') && !lastRaw.endsWith('ss') && !lastToken.endsWith('s');
    return !plural;
  }

  /**
   * A Salesforce managed package's custom field carries the package's namespace before its own name
   * (`HealthCloudGA__PrimaryLanguage__pc`, `hed__Country_of_Origin__c`): the namespace owns nothing,
   * so the field is read without it, except where a package's picklist says which value is preferred
   * (NPSP's `npe01__Preferred_Email__c`, read by the picklist rule).
   */
  private withoutPackageNamespace(column: string): string {
    // nearly every name ends otherwise: the suffix test spares them the regular expression
    if (!column.endsWith('__c') && !column.endsWith('__pc')) return column;
    const m = SALESFORCE_PACKAGE_FIELD.exec(column);
    if (!m) return column;
    if (this.w.picklistNamespaces.has(m[1]!.toLowerCase()) && /preferred/i.test(m[2]!)) return column;
    return m[2]!;
  }

  /** `total_symptom_score` sums a questionnaire's items into one score: a measure, not a count of symptoms. */
  private sumsAScore(first: string, tokens: readonly string[]): boolean {
    return first === 'total' && tokens[tokens.length - 1] === 'score';
  }

  /** `owners` is as much a person as `owner` (Plaid `owners__names`). */
  private isPerson(word: string): boolean {
    return this.w.persons.has(word) || this.w.persons.has(singular(word));
  }

  /** A code list's row noun; not a reference, which on a person's table is as often a referee (`family_references`). */
  private isCodeList(record: string): boolean {
    return this.w.codeListMarkers.has(record) && record !== 'reference' && record !== 'ref';
  }

  /** Digits, neutral words and one-letter markers (pandas `email_x`, Splink `first_name_l`, `u_` fields). */
  private isFiller(t: string): boolean {
    return isDigits(t) || t.length === 1 || this.lexicon.neutral.has(t) || this.lexicon.stopwords.has(t);
  }

  /** The nearest meaningful word before position `start` (skipping `1`, `home`, `primary`, ...). */
  private previousWord(tokens: string[], start: number, skipAlso?: (t: string) => boolean): string | undefined {
    const i = this.previousIndex(tokens, start, skipAlso);
    return i < 0 ? undefined : tokens[i];
  }

  private previousIndex(tokens: string[], start: number, skipAlso?: (t: string) => boolean): number {
    for (let i = start - 1; i >= 0; i--) {
      const t = tokens[i]!;
      // how the value is stored (`encrypted_age_range`) says nothing of whose it is
      if (!isDigits(t) && t.length > 1 && !this.lexicon.qualifiers.has(t) && !this.lexicon.stopwords.has(t) && !this.w.encryptedMarkers.has(t) && !skipAlso?.(t)) return i;
    }
    return -1;
  }

  /**
   * Where the name's leading word stands, before `limit`: a feature-store or custom-field marker
   * (`feat_distinct_ips_7d`) or a one-letter prefix comes before it. `limit` when none does.
   */
  private firstWordAt(tokens: string[], limit: number): number {
    let at = 0;
    while (at < limit && (tokens[at]!.length === 1 || this.lexicon.qualifiers.has(tokens[at]!))) at++;
    return at;
  }

  /**
   * The word at `i` opens the name as a question or a count about what follows (`has_diabetes`,
   * `num_allergies`): it owns nothing, so it is no owner of the match.
   */
  private leadsTheName(tokens: string[], i: number): boolean {
    const word = tokens[i]!;
    return (this.lexicon.leadingFlags.has(word) || this.lexicon.leadingCounts.has(word)) && this.firstWordAt(tokens, i) === i;
  }

  /** `age_at_enrolment`, `address_on_file`: a moment word, then the event it names. */
  private opensMoment(tokens: string[], i: number, word = tokens[i]!): boolean {
    return this.w.moments.has(word) && tokens.slice(i + 1).some((w) => !this.isFiller(w) || this.w.momentEvents.has(w));
  }

  /**
   * The goods, animal or machine a table's rows are about, when no person is: its row noun
   * (`products`), else any word of a table that is not a person's (`animal_center_outcomes`), and a
   * machine only when no word names a person (`deploy_events`, but not `customer_servers`).
   */
  private impersonalSubject(table: TableEntity): string | undefined {
    if (table.record !== undefined && this.w.impersonal.has(table.record)) return table.record;
    if (table.kind === 'person') return undefined;
    const words = table.words ?? [];
    const machine = words.some((w) => this.isPerson(w)) ? undefined : words.find((w) => this.w.machines.has(w));
    return machine ?? words.find((w) => this.w.animals.has(w));
  }

  /**
   * What may follow a bare word that is a person's on its own (`alonePersonal`): a number (`age_2`); for a
   * file, only where the file is kept (`photo_url`, `image_path`), as a bare `photo` or `signature` is as
   * often a flag, a count or a webhook's hash. A table of media files says nothing of whose they are
   * (a shop's `media_image` rows are its products' pictures).
   */
  private aloneTail(rule: CategoryRule, head: Match, tokens: string[], table: TableEntity): boolean {
    const tail = tokens.slice(head.end);
    if (!rule.file) return tail.every(isDigits);
    // (nor does a table of goods or animals: a horse's or a pet's photo is no one's)
    if (table.record !== undefined && (this.w.mediaRecords.has(table.record) || this.w.impersonal.has(table.record) || head.pattern.tokens.includes(table.record))) return false;
    const locator = (t: string | undefined): boolean => t !== undefined && this.w.fileLocators.has(t);
    // a qualifier may stand between the photo and its link, as Romance and Nordic names put it (`foto_foer_url`)
    const rest = tail.filter((t) => !this.lexicon.qualifiers.has(t));
    return (locator(head.pattern.tokens[head.pattern.tokens.length - 1]) || locator(rest[0])) && rest.every((t) => locator(t) || isDigits(t));
  }

  /**
   * An integer holds a house or flat number, never a whole address (`id_address` is a key): the
   * match's last word or the word after it must name the number (`apartment`, `street_number`).
   */
  private holdsNumber(rule: CategoryRule, family: TypeFamily, head: Match, tokens: string[], expanded: string[]): boolean {
    if (rule.numberTypes?.includes(family) !== true) return false;
    for (const i of [head.end - 1, head.end]) if (this.w.numberWords.has(tokens[i] ?? '') || this.w.numberWords.has(expanded[i] ?? '')) return true;
    return false;
  }

  /**
   * A value stored encrypted whose name says nothing else sensitive (`encrypted_form`,
   * `response_ciphertext`): the encryption is the authors' word that it holds personal data. A
   * flag, key, time, count or kind about the encryption (`is_encrypted`, `encrypted_key_id`) is not,
   * nor what it keeps beside the ciphertext (`encrypted_ssn_iv`).
   */
  private sealedContent(tokens: string[], type: string | undefined): { match: Match; why: string } | undefined {
    if (!this.encryptedContent) return undefined;
    const byName = tokens.some((t) => this.w.encryptedMarkers.has(t));
    // an ORM field class that encrypts (django-cryptography's `EncryptedCharField`, `EncryptTextField`,
    // Cloak's `Encrypted.Binary`) says the same as the name would
    if (!byName && !this.encryptedType(type)) return undefined;
    // a neutral word names the stored value itself (`encrypted_value`, `encrypted_form`)
    const rest = tokens.filter((t) => !this.w.encryptedMarkers.has(t) && !isDigits(t) && t.length > 1 && !this.lexicon.stopwords.has(t));
    if (rest.length === 0 || rest.some((t) => ABOUT_ENCRYPTION_ROLES.has(this.lexicon.roles.get(t)) || this.w.encryptionParts.has(t))) return undefined;
    return {
      match: { pattern: this.encryptedContent, start: 0, end: tokens.length },
      why: byName
        ? `the column stores its ${rest.join(' ')} encrypted: its authors protect what it holds`
        : `type ${type} stores the ${rest.join(' ')} encrypted: its authors protect what it holds`,
    };
  }

  /** What a declared type says of its column, read once per type (see `typeFacts`). */
  private factsOf(type: string | undefined): { encrypted: boolean; declared: CompiledPattern | undefined } | undefined {
    if (!type || type.length > 80) return undefined;
    let facts = this.typeFacts.get(type);
    if (facts === undefined) {
      // a type that stores its value encrypted (`EncryptedCharField`, `Encrypted.Binary`, the HMRC
      // crypto library's `SensitiveString`, encrypted when stored)
      const encrypted = splitName(type).some((w) => w === 'encrypt' || w === 'sensitive' || this.w.encryptedMarkers.has(w));
      // the pattern a type names (`EmailField` holds an email, JSON Schema's `ipv4` an IP)
      const held = typeHolds(type)?.split(' ');
      const declared = held && this.matcher.find(held.map(this.canonicalToken)).find((m) => !m.pattern.weak && m.start === 0 && m.end === held.length)?.pattern;
      facts = { encrypted, declared };
      if (this.typeFacts.size > 10_000) this.typeFacts.clear();
      this.typeFacts.set(type, facts);
    }
    return facts;
  }

  /** Whether a declared type is one that stores its value encrypted. */
  private encryptedType(type: string | undefined): boolean {
    return this.factsOf(type)?.encrypted === true;
  }

  /** The pattern a declared type names, if any. */
  private declaredPattern(type: string | undefined): CompiledPattern | undefined {
    return this.factsOf(type)?.declared;
  }

  /** `signed_by_name`: after a past participle `by` stands for whoever did it; `sales_by_region` only groups. */
  private isActor(tokens: string[], i: number): boolean {
    if (i < 1 || !this.w.actors.has(tokens[i]!)) return false;
    // a phrasal verb's particle sits between (`signed_in_by_name`, `picked_up_by_name`)
    const at = i >= 2 && PARTICLES.has(tokens[i - 1]!) ? i - 2 : i - 1;
    const verb = tokens[at]!;
    return verb.endsWith('ed') || this.w.participles.has(verb);
  }

  /**
   * Who owns an address part or a position: the word before it once the address or place word
   * itself is skipped, so the city of `company_address_city` belongs to the company and the
   * latitude of `context_location_latitude` to the event's context (a person's device).
   */
  private ownerBefore(tokens: string[], start: number, issued = false): string | undefined {
    // `location_lat` alone may be a store's or a person's device: with no owner, the table tells;
    // a licence's issuer (`hcp_state_license_number`) does not own it
    return this.previousWord(tokens, start, (t) => this.w.addressWords.has(t) || this.w.placeWords.has(t) || (issued && this.w.issuers.has(t)));
  }

  /**
   * Pattern words as a column named by them is read (`telefone celular` → phone mobile,
   * `loyalty card no` → loyalty card number): patterns match names as read, so words kept as
   * written could never match.
   */
  readPattern(words: string[]): string[] {
    return this.tokenizer.analyse(words.join('_')).expanded;
  }

  /** `withTrace: false` is the fast path: the same verdict and evidence, no step-by-step trace. */
  explain(input: ClassifyInput, withTrace = true): Explanation {
    const column = typeof input.column === 'string' ? input.column : String(input.column ?? '');
    const { raw, expanded } = this.tokenizer.analyse(this.withoutPackageNamespace(column));
    // a mapped array's elements kind varies, and each new kind seen here threw this function's
    // optimised code away (six times in 100,000 names)
    const tokens = packedMap(expanded, this.canonicalToken);
    const trace: string[] = [];
    // trace lines are built only when asked for: string building dominates the fast path otherwise
    const tr = (line: () => string): void => {
      if (withTrace) trace.push(line());
    };
    tr(() => `tokens [${raw.join(', ')}] → canonical [${tokens.join(', ')}]`);
    const base = { tokens: raw, expanded: tokens, trace };

    for (const o of this.overrides) {
      if (o.matches(column, input.table, input.type)) {
        const ev = `user rule ${o.id} matches column ${column}`;
        tr(() => ev);
        return verdict(base, o.rule.level, [o.rule.id], [o.id], [ev], 1, o.rule.id);
      }
    }

    const transforms: { name: TransformName; why: string }[] = [];
    /** Token positions already read as transforms, never as head words. */
    const consumed = new Set<number>();
    // transform phrases (`last 4`, `zip 3`) are read as transforms, not as head words
    for (let i = 0; i < tokens.length; i++) {
      const phrases = this.phrasesByFirst.get(tokens[i]!) ?? this.phrasesByFirst.get(expanded[i]!);
      if (!phrases) continue;
      for (const phrase of phrases) {
        const n = phrase.tokens.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = tokens[i + k] === phrase.tokens[k] || expanded[i + k] === phrase.tokens[k];
        if (!ok) continue;
        transforms.push({ name: phrase.transform, why: phrase.tokens.join(' ') });
        for (let k = 0; k < n; k++) consumed.add(i + k);
      }
    }
    // an ambiguous word counting digits in a transform phrase is a slice (`last_4` and `last_four` are
    // not a last name); `age_band` still is a (generalised) age
    let matches = this.matcher.find(tokens).filter((m) => {
      const next = tokens[m.end] ?? '';
      return !(m.pattern.weak && consumed.has(m.start) && (isDigits(next) || SPELLED_COUNTS.has(next)));
    });
    const family = typeFamily(input.type);
    const table = this.tableOf(input.table);
    let fromTable: { why: string; rule: string } | undefined;
    // the whole name is the content of the table's record: that decides, whatever else `body` could mean
    // (unless the declared type names what it holds: a `PointField` location is coordinates, not a town)
    const declared = this.declaredPattern(input.type);
    const content = declared === undefined ? this.recordContent(tokens, table) : undefined;
    if (content) {
      matches = [content.match];
      fromTable = { why: content.why, rule: 'context.record-content' };
    } else if (matches.every((m) => m.pattern.weak)) {
      // an ambiguous word before a part of an address is the address's kind (`mail_number`), not the value
      const component = this.addressComponent(tokens, table);
      if (component && matches.every((m) => m.end <= component.match.start)) {
        matches = [component.match];
        fromTable = { why: component.why, rule: 'context.address-component' };
      }
    }
    if (matches.length === 0 || matches.every((m) => m.pattern.weak)) {
      // a name that says nothing, or only something ambiguous, may have a type that says more
      // (`frm EmailField`, `to ArrayField(EmailField)`, an `identity` that is an `IdentityField`)
      if (declared && tokens.length > 0 && !matches.some((m) => m.pattern.rule === declared.rule)) {
        matches = [{ pattern: declared, start: 0, end: tokens.length }];
        fromTable = { why: `type ${input.type} holds ${declared.rule.description.toLowerCase()}: ${declared.rule.id}`, rule: 'context.declared-type' };
      }
    }
    if (matches.length === 0) {
      const sealed = this.sealedContent(tokens, input.type);
      if (sealed) {
        matches = [sealed.match];
        fromTable = { why: sealed.why, rule: 'context.encrypted-content' };
      }
    }
    if (input.type) tr(() => `type ${input.type} → ${family ?? 'unknown family (no type gate)'}`);
    if (input.table) tr(() => `table ${input.table} → ${table.kind}${table.word ? ` (${table.word})` : ''}`);
    if (matches.length === 0) {
      const ev = `no sensitive tokens in [${tokens.join(', ')}]`;
      tr(() => `${ev} → default ${DEFAULT_LEVEL}`);
      return this.applyTransform(verdict(base, DEFAULT_LEVEL, [], ['default'], [ev], 0.5, undefined), input.transform);
    }
    tr(() => `matches: ${matches.map((m) => `${m.pattern.rule.id} [${m.pattern.text}]${m.pattern.weak ? ' (ambiguous)' : ''}`).join('; ')}`);

    // The head of an English compound is its last word: in `address_city` the city is what is held,
    // and in `user_attributes__age` the age, not the attributes that contain it.
    const held = matches.some((m) => m.pattern.rule.container) ? matches.filter((m) => !(m.pattern.rule.container && matches.some((o) => o.start >= m.end))) : matches;
    let head: Match = [...held].reverse().find((m) => !m.pattern.weak) ?? held[held.length - 1]!;
    // a person named after what they work on (`phone_worker_name`, `email_agent_name`) owns the word after
    // them: the phone is the worker's trade, the name is what is held; so does a match that is itself a
    // person (`referrer_name` is the name of whoever referred, not the page they came from)
    const last = held[held.length - 1]!;
    if (last !== head && last.pattern.weak && last.start >= head.end) {
      const between = tokens.slice(head.end, last.start);
      const ownerBetween = between.some((t) => this.isPerson(t)) && between.every((t) => this.isPerson(t) || this.lexicon.qualifiers.has(t));
      if (ownerBetween || (between.length === 0 && head.pattern.tokens.every((t) => this.isPerson(t)))) {
        const owner = head;
        tr(() => (between.length > 0 ? `[${owner.pattern.text}] names the trade of "${between.join(' ')}", whose [${last.pattern.text}] is held` : `[${owner.pattern.text}] is a person, whose [${last.pattern.text}] is held`));
        head = last;
      }
    }
    const headIndex = matches.indexOf(head);
    const afterWord = head.pattern.tokens.length === 1 ? this.lexicon.transformAfterMatch.get(tokens[head.start]!) : undefined;
    // only right after the value (card_token); `email_change_token` is a secret sent to the email
    const prior = afterWord && headIndex > 0 ? matches[headIndex - 1]! : undefined;
    // a nested path that repeats the match's last word (`push_tokens__token`) is the value itself
    const repeated = prior !== undefined && tokens[prior.end - 1] === tokens[head.start];
    if (afterWord && prior && prior.end === head.start && repeated) {
      tr(() => `"${tokens[head.start]}" repeats [${prior.pattern.text}]: the value itself`);
      for (let i = head.start; i < head.end; i++) consumed.add(i);
      head = prior;
    } else if (afterWord && prior && prior.end === head.start) {
      transforms.push({ name: afterWord, why: `${tokens[head.start]} after ${prior.pattern.rule.id}` });
      const word = tokens[head.start];
      tr(() => `"${word}" after [${prior.pattern.text}] is a tokenised ${prior.pattern.rule.id}, not a credential`);
      for (let i = head.start; i < head.end; i++) consumed.add(i);
      head = prior;
    }
    const rule = head.pattern.rule;
    // a declared type, not the name's words, found the category
    const byType = fromTable?.rule === 'context.declared-type';
    const evidence: string[] = byType ? [] : [`tokens [${tokens.slice(head.start, head.end).join(', ')}] match ${rule.id}`];
    const rules: string[] = [rule.id];
    if (fromTable !== undefined) {
      const { why, rule: contextRule } = fromTable;
      evidence.push(why);
      rules.push(contextRule);
      tr(() => why);
    }
    tr(() => `head match ${rule.id} (${rule.level}) from [${head.pattern.text}]`);
    const result = (level: Level, categories: string[], confidence: number): Explanation =>
      this.applyTransforms(verdict(base, level, categories, rules, evidence, confidence, rule.id), rule, transforms, input.transform);
    const metadata = (why: string, ruleId: string): Explanation => {
      evidence.push(why);
      rules.push(ruleId);
      tr(() => `${why} → ${DEFAULT_LEVEL}`);
      return verdict(base, DEFAULT_LEVEL, [], rules, evidence, 0.85, rule.id);
    };

    const reference = this.referenceOf(input.table, table);
    if (reference !== undefined && (reference.rules === undefined || reference.rules.has(rule))) {
      return metadata(reference.why, 'context.reference-data');
    }

    // a nested path may repeat the field's own word (`avatar__avatar_url`): that is not its owner
    let ownStart = head.start;
    while (ownStart > 0 && head.pattern.tokens.includes(tokens[ownStart - 1]!)) ownStart--;
    let prevAt = this.previousIndex(tokens, ownStart);
    // `care_recipient_has_dementia`: the verb owns nothing; the subject before it is whose the match is
    if (prevAt > 0 && this.w.linkingVerbs.has(tokens[prevAt]!)) prevAt = this.previousIndex(tokens, prevAt);
    const prev = prevAt < 0 ? undefined : tokens[prevAt];
    // the ship-to party of an order is a person; the ship of a vessels table is not
    // (a store's orders or a product's reviews are the customers' own: only the store's or the product's rows are not)
    const customersRows = table.record !== undefined && table.record !== table.word && this.w.customerRecords.has(table.record);
    const impersonalTable = table.kind === 'thing' && table.word !== undefined && this.w.impersonal.has(table.word) && !customersRows;
    // whoever acted (`created_by_login`) has a name and a login; a description of them is not free text
    const actor = (rule.family === 'identity' || rule.family === 'contact') && this.isActor(tokens, prevAt);
    // a `business_profile` is an establishment's profile, as a `company_profiles` table is
    const establishmentRecord = prev !== undefined && this.w.personalRecords.has(prev) && ownedByEstablishment(tokens, prevAt, this.w.establishments);
    // the `client` of an `oauth_clients` table is the thing the table joins into one word, not a person
    const tableThing = prev !== undefined && table.kind === 'thing' && table.word !== undefined && table.word !== prev && table.word.endsWith(prev);
    const personPrefix = prev !== undefined && (this.isPerson(prev) || actor) && !(impersonalTable && this.w.parties.has(prev)) && !establishmentRecord && !tableThing;
    // `notify_by_email` is how to reach someone, not their address: `by` stands for a person only after
    // a past participle (`uploaded_by_email` is the uploader's)
    const marker = tokens[head.start - 1];
    if (rule.family === 'contact' && marker !== undefined && this.w.actors.has(marker) && !this.isActor(tokens, head.start - 1)) {
      return metadata(`"${marker} ${head.pattern.text}" says how something is done, not ${rule.description.toLowerCase()}`, 'context.channel');
    }
    let confidence = head.pattern.weak ? 0.7 : 0.9;

    if (head.pattern.weak) {
      const part = tokens[head.start - 1];
      // the parts in the plural are a record's own values (`user_fields__name`), which the matcher reads
      // in the singular once a pattern names the part
      if (part !== undefined && this.w.schemaParts.has(part) && expanded[head.start - 1] === part) {
        return metadata(`"${part} ${head.pattern.text}" names a ${part} of a schema or a form, not a person`, 'context.schema-part');
      }
      if (personPrefix) evidence.push(`prefix ${prev} is a person`);
      else if (this.declaredPattern(input.type)?.rule === rule) {
        // a declared type settles what an ambiguous word holds (Drupal's `mail` field of type `email`)
        evidence.push(`type ${input.type} holds ${rule.description.toLowerCase()}`);
        rules.push('context.declared-type');
      } else if (rule.family === 'health' && (table.words?.some(this.isHealthTableWord) || table.source?.some(this.isHealthTableWord))) {
        // a medical history's `mh_diabetes` is the patient's, whatever abbreviation comes before it
        evidence.push(`table ${input.table} records health measurements: its ${head.pattern.text} is a person's`);
      } else if (prev !== undefined && prev.length > 1 && !this.leadsTheName(tokens, prevAt)) {
        return metadata(`"${head.pattern.text}" of a ${prev}, not of a person`, 'context.not-a-person');
      } else if (tokens[head.end] === 'at' && this.opensMoment(tokens, head.end)) {
        // `age_at_visit`, `weight_at_admission`: a value someone had at a moment of their own
        evidence.push(`"${head.pattern.text} at" a moment is a value a person held then`);
      } else if (table.kind === 'person' && table.record !== undefined && !this.isPerson(table.record) && ((this.w.entities.has(table.record) && rule.family !== 'health') || this.isCodeList(table.record))) {
        // `user_groups.name`, `mdl_user_info_field.name`: the rows are things that belong to people (but a
        // patient's labs are the patient's health, though a lab is a thing);
        // `household_codes.description`: the rows are a code list about them
        return metadata(`"${head.pattern.text}" names a ${table.record} of table ${input.table}, not a person`, 'context.record-of-thing');
      } else if (table.kind === 'person' && table.addressTable !== undefined && (table.record === table.addressTable || table.word === table.addressTable) && !ADDRESSEE_FAMILIES.has(rule.family)) {
        // an address row (`quote_address`) carries who it is for and the parcel's weight, not the person's body or notes
        return metadata(`table ${input.table} holds addresses: its "${head.pattern.text}" is the address's, not a person's`, 'context.address-row');
      } else if (table.kind === 'person') {
        evidence.push(`table ${input.table} is a person entity`);
        rules.push('context.person-table');
      } else if (
        // alone, or after words that only qualify it (`predicted_age`, a review's `details__properties__age`)
        rule.alonePersonal &&
        input.table &&
        table.kind === 'unknown' &&
        this.firstWordAt(tokens, head.start) === head.start &&
        this.aloneTail(rule, head, tokens, table)
      ) {
        evidence.push(`"${head.pattern.text}" alone, on a table of rows that are not things, is a person's`);
        rules.push('context.alone-personal');
      } else {
        const where = input.table ? `table ${input.table} is not a person entity` : 'no table context';
        return metadata(`"${head.pattern.text}" alone is ambiguous and ${where}`, 'context.ambiguous');
      }
    }
    if (prev !== undefined && rule.recordAfter?.has(prev)) {
      return metadata(`"${prev} ${head.pattern.text}" names a record of its own, not ${rule.description.toLowerCase()}`, 'context.named-record');
    }
    // a bare `token` of a checkouts table is the checkout's token, as `checkout_token` would be; but a
    // credential or a card's detail named in full (`gift_card_pin`, `hosted_invoice_url`,
    // `card_exp_month`) opens or pays with whatever record it sits on (a job opening's `hourly_rate`
    // is still the opening's)
    const namedInFull = head.pattern.tokens.length > 1 && rule.namedInFull === true;
    if (prev === undefined && !namedInFull && table.record !== undefined && rule.recordAfter?.has(table.record)) {
      return metadata(`table ${input.table} holds ${table.record} records: its ${head.pattern.text} is the ${table.record}'s own, not ${rule.description.toLowerCase()}`, 'context.named-record');
    }
    // `account_holder_name`: the match names its own person (holder), whatever the account is
    const namesPerson = rule.family === 'identity' && head.pattern.tokens.some((t) => !t.startsWith('@') && (this.isPerson(t) || this.w.personalNameParts.has(t)));
    // the word that owns the value, read once for both checks below
    const holder = (rule.ownable || rule.impersonalToo) && !namesPerson ? this.ownerBefore(tokens, head.start, rule.family === 'government') : undefined;
    const owner = rule.ownable ? holder : undefined;
    const channel = rule.id === 'contact.email' || rule.id === 'contact.phone';
    // a customer's or an employee's business phone is their own line at work; a company's address is the company's
    const heldChannel = owner !== undefined && channel && (this.w.channelHolders.has(owner) || (table.kind === 'person' && this.w.workplaces.has(owner)));
    if (owner !== undefined && !this.isPerson(owner) && this.w.entities.has(owner) && !heldChannel) {
      return metadata(`prefix ${owner} names an organisation or thing: its ${rule.description.toLowerCase()} is not personal`, 'context.owned-by-entity');
    }
    if (owner !== undefined && establishmentRecord && owner === prev && !heldChannel) {
      return metadata(`prefix ${tokens[prevAt - 1]} ${owner} names an organisation's ${owner}: its ${rule.description.toLowerCase()} is not personal`, 'context.owned-by-entity');
    }
    if (rule.impersonalToo && !personPrefix && !namesPerson) {
      if (holder !== undefined && this.w.impersonal.has(holder) && !(rule.family === 'health' && this.w.careSettings.has(holder))) {
        return metadata(`prefix ${holder} names goods or an animal: its ${rule.description.toLowerCase()} is not a person's`, 'context.owned-by-entity');
      }
      const goods = this.impersonalSubject(table);
      if (goods !== undefined) {
        return metadata(`table ${input.table} holds ${goods} records, not people: its ${rule.description.toLowerCase()} is not a person's`, 'context.impersonal-table');
      }
    }
    // NPSP's npe01__Preferred_Email__c says which of a contact's emails is preferred ("Work"), not the address
    if (rule.family === 'contact' && tokens[head.start - 1] === 'preferred' && tokens.slice(0, head.start).some((t) => this.w.picklistNamespaces.has(t))) {
      return metadata(`"preferred ${head.pattern.text}" of a Salesforce package is a picklist naming which one is preferred`, 'context.role.kind');
    }
    // `EmailName`, `last_email_name`: the name of an email message, not an email address; an SMS
    // campaign's `message__name` names the message, though a message's subject is what someone wrote
    const messageLabel = head.end === tokens.length - 1 && this.w.messageLabels.has(tokens[head.end]!);
    if (messageLabel && (rule.id === 'contact.email' || (rule.family === 'freetext' && head.pattern.text === 'message' && tokens[head.end] !== 'subject'))) {
      return metadata(`"${head.pattern.text} ${tokens[head.end]}" is what a message is called, not ${rule.family === 'freetext' ? 'its text' : 'an address'}`, 'context.role.kind');
    }
    // the payer of a claim, a coverage or a 1099 is a health plan or the business filing the form;
    // the payer of a rent payment is a person
    const insurerRecord = prev !== undefined && (rule.ownable || rule.family === 'identity') && this.w.insurerPayers.has(prev) ? table.words?.find((w) => this.w.insurerRecords.has(w)) : undefined;
    if (insurerRecord !== undefined) {
      return metadata(`"${prev}" of a table of ${insurerRecord} records is a health plan or a filing business, not a person`, 'context.owned-by-entity');
    }
    // the sender of a campaign or an email job is the organisation that sends it
    if (rule.family === 'contact' && prev !== undefined && this.w.senders.has(prev) && table.record !== undefined && this.w.sendRecords.has(table.record)) {
      return metadata(`"${prev} ${head.pattern.text}" of a ${table.record} is the sending organisation's`, 'context.owned-by-entity');
    }
    // a remark code or a message number names a canned text from a list, not text someone typed
    const lastToken = tokens[tokens.length - 1]!;
    if (rule.family === 'freetext' && head.end < tokens.length && CODE_WORDS.has(lastToken)) {
      return metadata(`"${head.pattern.text} ${lastToken}" names an entry of a list of texts, not text a person typed`, 'context.role.kind');
    }
    if (rule.family === 'freetext' && prev !== undefined && this.w.systemText.has(prev)) {
      return metadata(`"${prev} ${head.pattern.text}" is text a system writes about a process, not free text a person typed`, 'context.system-text');
    }
    if (rule.family === 'freetext' && table.record !== undefined && this.w.systemLogs.has(table.record)) {
      return metadata(`table ${input.table} holds ${table.record} records a system writes about its own runs, not text a person typed`, 'context.system-log');
    }
    // only people have homes: a home address or home coordinates are someone's wherever the row sits
    // (a table of them too: `service_locations`, though a `service_center` is the business's own)
    const homeTable =
      table.record !== undefined &&
      (this.w.placeWords.has(table.record) || this.w.addressWords.has(table.record)) &&
      table.words !== undefined &&
      table.words.length > 1 &&
      this.w.homes.has(table.words[table.words.length - 2]!);
    const atHome = (ownStart > 0 && this.w.homes.has(tokens[ownStart - 1]!)) || homeTable;
    // with no person named in the column, the table's rows decide whose value it is
    if (!personPrefix && !namesPerson && !atHome) {
      if (rule.ownable && impersonalTable && table.word !== undefined) {
        return metadata(`table ${input.table} holds ${table.word} records, not people: its ${rule.description.toLowerCase()} is not personal`, 'context.impersonal-table');
      }
      // a training provider's or a nursery's address is where it works, though its email may be a named contact's
      if (rule.premises && table.kind !== 'person' && table.record !== undefined && this.w.establishments.has(table.record)) {
        return metadata(`table ${input.table} holds ${table.record} records: its ${head.pattern.text} is the premises of a place of business, not a person's`, 'context.premises');
      }
      // a dealer's demo car, a loaner or a rental fleet's van is driven by many: its plate names the business
      if (rule.stock) {
        // (the word may stand further back: a `fleet_vehicle_vin` is a fleet's vehicle's)
        const isStock = (w: string): boolean => this.w.stockWords.has(w);
        const stock = tokens.slice(0, head.start).find(isStock) ?? table.words?.find(isStock) ?? table.source?.find(isStock);
        if (stock !== undefined) {
          return metadata(`"${stock}" names stock a business holds (vehicles it lends, rents or sells, goods it stores): its ${head.pattern.text} labels that stock, not a person's`, 'context.stock');
        }
      }
    }

    // What the name's other tokens make of the match: a flag, a key, a count, a hash.
    let role: { role: RoleName; word: string } | undefined;
    const firstAt = this.firstWordAt(tokens, head.start);
    const first = tokens[firstAt]!;
    const switchesOther = this.w.subscriptionSwitches.has(first) && RECORDED_AT_EVENT_FAMILIES.has(rule.family);
    if (head.start > firstAt && this.lexicon.leadingFlags.has(first) && !switchesOther) role = { role: 'flag', word: first };
    else if (head.start > firstAt && this.lexicon.leadingKeys.has(first)) role = { role: 'key', word: first };
    // a verb after the subject's prefix states something of it (`user_has_email`, `af_has_comment`)
    else if (head.start > firstAt + 1 && this.w.statementVerbs.has(tokens[head.start - 1]!)) role = { role: 'flag', word: tokens[head.start - 1]! };
    // `number_of_emails` counts, `numbers__ach__routing` (a container of numbers) does not
    // (read as written too: `years_at_address` counts years, though `years` is canonically `year`)
    else if (head.start > firstAt && (this.lexicon.leadingCounts.has(first) || this.lexicon.leadingCounts.has(expanded[firstAt]!)) && (first !== 'number' || raw[firstAt + 1] === 'of') && !this.numbersAnId(rule, first, raw[raw.length - 1]!, tokens[head.end - 1]!) && !this.sumsAScore(first, tokens)) role = { role: 'count', word: first };
    // a share of a school's or a firm's people (`percentage_free_school_meals`), not a person's own measure
    else if (head.start > firstAt && table.kind === 'thing' && this.lexicon.leadingShares.has(first)) role = { role: 'count', word: first };
    // `date_of_injury` says when, as `injury_date` does (`date_of_birth` is a match of its own)
    else if (head.start > firstAt && this.lexicon.roles.get(first) === 'time' && raw[firstAt + 1] === 'of' && this.lexicon.roles.get(tokens[head.start]!) !== 'time') role = { role: 'time', word: first };
    // a count word inside the prefix counts what follows (`youth_count_hispanic_latino`, a rollup)
    if (!role) {
      for (let i = firstAt + 1; i < head.start; i++) {
        if (tokens[i]!.length > 1 && this.lexicon.roles.get(expanded[i]!) === 'count') role = { role: 'count', word: expanded[i]! };
      }
    }
    for (let i = 0; i < head.start; i++) {
      const t = this.lexicon.transforms.get(tokens[i]!);
      if (t) transforms.push({ name: t, why: tokens[i]! });
    }
    const laterWeak = new Set<number>();
    for (const m of matches) if (m.start >= head.end && m.pattern.weak) for (let i = m.start; i < m.end; i++) laterWeak.add(i);
    const unknown: string[] = [];
    /** After `age_at_enrolment` or `address_on_file`, the words say when the value held, not what it is. */
    let when = false;
    /** An image of the document (`passport_scan`), which bytes can hold as well as a path can. */
    let documentImage = false;
    for (let i = head.end; i < tokens.length; i++) {
      const t = tokens[i]!;
      // roles are read from the token as written: `codes` is a role even though `code` is filler
      const written = expanded[i]!;
      const tf = this.lexicon.transforms.get(written) ?? this.lexicon.transforms.get(t);
      if (tf) {
        transforms.push({ name: tf, why: t });
        continue;
      }
      if (consumed.has(i)) continue;
      // a nested path may end by repeating the match (`witness_statement__statement`, `taxpayer_id__id`),
      // as an Indonesian account number may its bank (`nomor_rekening_bank`: number, bank account, bank)
      // (a repeated key word is still the key: `id_card_id`)
      // (ADP's `governmentIDs__idValue` repeats it before the value it holds)
      const lastWord = i === tokens.length - 1 || tokens.slice(i + 1).every((w) => this.isFiller(w));
      if (lastWord && (t === head.pattern.tokens[head.pattern.tokens.length - 1] || (head.pattern.tokens.includes(t) && !this.lexicon.roles.has(t)))) continue;
      const r = this.lexicon.roles.get(written) ?? this.lexicon.roles.get(t);
      if (r === 'time' && this.opensMoment(tokens, i, written)) {
        when = true;
        continue;
      }
      // after the moment word, even a time word names the moment (`bmi_at_start`), not a timestamp
      if (when) continue;
      // a position where something started or ended (`latitude_start`) is that position: a fractional
      // number or a point is no timestamp
      if (r === 'time' && rule.family === 'location' && (family === 'decimal' || family === 'geo')) continue;
      if (r) {
        role ??= { role: r, word: written };
        break;
      }
      // a trailing person names whose value it is (HL7 `pid_19_ssn_number_patient`), not what it is
      if (this.isFiller(t) || laterWeak.has(i) || consumed.has(i) || this.isPerson(t)) continue;
      // a unit (`age_in_months`) or how the value was had (`last_ip_used`) leaves it what it was
      const next = tokens[i + 1] ?? '';
      if (this.w.valueParticiples.has(t) || this.w.units.has(t) || (t === 'in' && (this.w.units.has(next) || this.w.timeUnits.has(next)))) continue;
      if (this.w.timeUnits.has(t) && tokens[i - 1] === 'in') continue;
      // a part of a file that a locator after it points at (`photo__content_url`, `passport_file_url`)
      const keptFile = this.w.fileParts.has(t) && tokens.slice(i + 1).some((w) => this.w.fileLocators.has(w));
      // a scan, a copy or the front of an identity document shows its number, wherever it is kept
      // (`passport_scan_url`); so does a file of it that a locator points at (`birth_certificate_file_url`),
      // though a bare `passport_file_number` is a case's
      const image = this.w.documentImages.has(t) || keptFile;
      const prior = tokens[i - 1]!;
      // where such an image or file is kept: after it (`passport_scan_url`), or after the document when
      // the image stands first, as Romance and Indonesian names put it (`foto_ktp_path`)
      const locatesImage =
        this.w.fileLocators.has(t) &&
        (this.w.documentImages.has(prior) || this.w.fileParts.has(prior) || tokens.slice(0, head.start).some((w) => this.w.documentImages.has(w)));
      if (rule.family === 'government' && (image || locatesImage)) {
        documentImage ||= image;
        continue;
      }
      // where a photo is kept is the photo (`profile_photo_path`, `photo__content_url`), as is its file (`avatar_file`)
      if (rule.file && (this.w.fileLocators.has(t) || keptFile || this.w.fileParts.has(t))) continue;
      unknown.push(t);
    }

    // a hash or ciphertext of any value is stored as bytes
    const opaque = family === 'binary' && transforms.some((t) => t.name === 'hash' || t.name === 'encrypt');
    // bytes hold any text value, encoded or encrypted without the name saying so (Strongbox's binary
    // `account_number`, Cloak's `Encrypted.Binary`); free text kept as bytes is a serialised payload
    // (a workflow's `memo`), not what someone typed
    const encodedText = family === 'binary' && rule.types.includes('text') && rule.family !== 'freetext';
    // a type of the rule's own families holds its value, and a document, a struct or a record named after a
    // text value holds it with its parts (`gender` {code, description})
    const holds = (f: TypeFamily): boolean => rule.types.includes(f) || ((f === 'json' || f === 'struct') && rule.types.includes('text'));
    // a list holds what each of its elements would (`photo_urls ARRAY<STRING>`, `emails text[]`)
    const elements = family === 'array' ? elementFamily(input.type) : undefined;
    if (family && !opaque && !encodedText && !holds(family) && !(elements !== undefined && holds(elements)) && !(documentImage && family === 'binary') && !this.holdsNumber(rule, family, head, tokens, expanded)) {
      return metadata(`type ${input.type} (${family}) cannot hold ${rule.description.toLowerCase()} → metadata about ${rule.id}`, 'context.type-gate');
    }
    if (family === 'integer' && rule.family === 'government' && head.start === 0 && head.end === tokens.length && GENERIC_ID_NUMBERS.has(head.pattern.text)) {
      return metadata(`an integer "${head.pattern.text}" is a system's number for the row's person, not a document's`, 'context.role.key');
    }
    // a key after another noun is that record's key (`rx_claim_id`, `treatment_plan_id`), a key named
    // for its own table's rows is the row's surrogate (`vaccinations.vaccination_id`), and a key after an
    // event in a person's file keys that event (`treatment_id`): none points into the category's code
    // set the way `diagnosis_id` does
    if (role?.role === 'key' && rule.reveals.includes('key')) {
      const term = head.pattern.tokens[head.pattern.tokens.length - 1]!;
      // `veteran_id` keys a veteran, who is a person: it says no more of the status than `customer_id` does
      if (head.pattern.tokens.length === 1 && this.isPerson(term) && unknown.length === 0) {
        return metadata(`"${term} ${role.word}" is the key of a ${term}, a person, not a code of ${rule.id}`, 'context.role.key');
      }
      const ownRows = table.record !== undefined && singular(term) === table.record && unknown.length === 0;
      const keyedRecord = unknown.length === 0 && this.w.keyedRecords.has(singular(term));
      // OMOP's gender_concept_id and Ed-Fi's SexDescriptorId still point into a code set
      const recordKey = unknown.length > 0 && !unknown.some((w) => this.w.codeListMarkers.has(w));
      if (keyedRecord && !ownRows) {
        return metadata(`"${head.pattern.text} ${role.word}" keys a record in a person's file (the ${head.pattern.text}), not a code of ${rule.id}`, 'context.role.key');
      }
      if (recordKey || ownRows) {
        const of = unknown.length > 0 ? unknown[unknown.length - 1]! : table.record!;
        return metadata(`"${role.word}" is the key of a ${of} record, not a code of ${rule.id}`, 'context.role.key');
      }
    }
    // the name or label someone gave a key or a token (`api_key_name`) is not the secret
    const secretLabel = rule.family === 'credentials' ? tokens.slice(head.end).find((t) => this.w.secretLabels.has(t)) : undefined;
    if (secretLabel !== undefined) {
      return metadata(`a ${secretLabel} given to a ${rule.id}, not the secret`, 'context.secret-label');
    }
    if (role && this.w.absence.has(role.word)) {
      return metadata(`"${role.word}" says whether ${rule.id} was given, not what it is`, 'context.role.absence');
    }
    if (role && !rule.reveals.includes(role.role)) {
      return metadata(`"${role.word}" makes the column ${ROLE_WORDS[role.role]} ${rule.id}`, `context.role.${role.role}`);
    }
    if (role) {
      evidence.push(`"${role.word}" (${role.role}) still reveals ${rule.id}`);
      tr(() => `a ${role.role} about ${rule.id} reveals it; level kept`);
    }
    if (unknown.length > 0) {
      // The last word of a compound is its head: `legal_name_affix_code` is a code, not a name.
      // Special categories are revealed by anything about them, so they keep their level.
      if (rule.reveals.length === 0) {
        return metadata(`head word "${unknown[0]}" follows the match: the column describes ${rule.id}, it does not hold it`, 'context.head-word');
      }
      confidence -= 0.2;
      tr(() => `unrecognised trailing tokens [${unknown.join(', ')}]: ${rule.id} is revealed by anything about it`);
    }

    let level = rule.level;
    if (rule.personContext) {
      const before = tokens.slice(0, head.start);
      const addressContext = before.some((t) => this.w.ownAddress.has(t));
      // a city resolved from an IP address (`geo_city`) is where an event came from, not a person's own address
      const coarse = before.some((t) => this.w.coarseGeo.has(t));
      // a pattern that names its person (`user location`: a reviewer's `UserLocation`) is that person's
      const ownPerson = this.isPerson(head.pattern.tokens[0]!) ? tokens[head.start] : undefined;
      const why = personPrefix
        ? `prefix ${prev} is a person`
        : ownPerson !== undefined
          ? `${ownPerson} is a person`
          : coarse
          ? undefined
          : table.kind === 'person'
            ? `table ${input.table} is a person entity`
            : addressContext
              ? 'part of a postal address'
              : undefined;
      if (coarse && !why) {
        evidence.push(`"${before.find((t) => this.w.coarseGeo.has(t))}" places an event, not a person's address`);
        tr(() => 'a location resolved from an IP address: not raised');
      }
      if (why) {
        level = maxLevel(level, rule.personContext);
        evidence.push(`${why} → ${rule.personContext}`);
        rules.push('context.person');
        tr(() => `${why}: raised to ${rule.personContext}`);
      }
    } else if (personPrefix && !head.pattern.weak) {
      evidence.push(`prefix ${prev} keeps it a person's ${rule.id}`);
    }
    if (rule.roleContext) {
      // a pattern may name its person itself (`@person display`): teacher_display is the teacher's
      const from = head.pattern.tokens[0] === '@person' ? head.start + 1 : head.start;
      const role = this.professionalBefore(tokens, from, table.record);
      // the name a technician, a teacher or a barber is shown to customers by, on their own row
      const shownAs = role === undefined && head.pattern.tokens.includes('display') && table.record !== undefined && this.w.workforce.has(table.record) ? table.record : undefined;
      if ((role !== undefined || shownAs !== undefined) && levelRank(level) > levelRank(rule.roleContext)) {
        const roleLevel = rule.roleContext;
        const why =
          role !== undefined
            ? `prefix ${role} names a professional serving the record's subject: a workforce member's ${rule.id} is business contact data → ${roleLevel}`
            : `a ${shownAs}'s display name is the name customers are shown, business contact data → ${roleLevel}`;
        level = roleLevel;
        evidence.push(why);
        rules.push('context.workforce');
        tr(() => why);
      }
    }
    if (table.kind === 'person' && rule.family === 'identity' && !head.pattern.weak) confidence = Math.min(1, confidence + 0.05);
    return result(level, [rule.id], Math.max(0.1, Math.round(confidence * 100) / 100));
  }

  private applyTransforms(
    e: Explanation,
    rule: CategoryRule,
    fromName: { name: TransformName; why: string }[],
    fromLineage: Transform | undefined,
  ): Explanation {
    let current = e;
    const seen = new Set<TransformName>();
    for (const t of fromName) {
      if (seen.has(t.name)) continue;
      seen.add(t.name);
      current = this.applyTransform(current, t.name, `name token "${t.why}"`, rule.floor, rule.maskFloor);
    }
    return this.applyTransform(current, fromLineage, 'lineage', rule.floor, rule.maskFloor);
  }

  applyTransform(e: Explanation, transform: TransformName | undefined, source = 'lineage', floor?: Level, maskFloor?: Level): Explanation {
    if (!transform) return e;
    const effect = this.lexicon.transformEffects.get(transform);
    if (!effect) return e;
    let level = e.level;
    if (effect.cap) level = capAt(level, effect.cap);
    if (effect.lower) level = lowerBy(level, effect.lower);
    // a transform never lowers below the category's floor (a password hash is still a credential); a
    // masked slice of a secret (token_last4) no longer opens anything, so a mask keeps only the
    // category's mask floor (the last digits of a national id are what a bank asks to verify a caller)
    const keep = transform === 'mask' ? maskFloor : floor;
    const floored = keep ? atLeast(level, capAt(keep, e.level)) : level;
    const kept = transform === 'mask' && floored !== level;
    level = floored;
    if (level === e.level) {
      if (effect.lower === 0 || e.categories.length === 0) return e;
      e.trace.push(`transform ${transform} (${source}) leaves ${e.level}`);
      return e;
    }
    const note = kept ? `a masked slice of it still verifies the person (${level} at least)` : effect.note;
    const ev = `transform ${transform} (${source}) lowers ${e.level} → ${level}: ${note}`;
    e.trace.push(ev);
    return verdict(e, level, e.categories, [...e.rules, `transform.${transform}`], [...e.evidence, ev], e.confidence, e.matched);
  }
}
