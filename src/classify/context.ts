// What the column's SQL type and its table say about it. Both are read without regular
// expressions over the input beyond fixed, anchored keyword tests.
import type { Lexicon, TypeFamily } from './packs.js';
import { splitName } from './tokenize.js';

const TYPE_KEYWORDS: [string, TypeFamily][] = [
  ['array', 'array'], ['struct', 'struct'], ['record', 'struct'], ['row', 'struct'], ['object', 'json'],
  ['map', 'struct'], ['jsonb', 'json'], ['json', 'json'], ['variant', 'json'], ['super', 'json'],
  ['boolean', 'boolean'], ['bool', 'boolean'], ['bit', 'boolean'],
  ['bigserial', 'integer'], ['smallserial', 'integer'], ['serial', 'integer'], ['bigint', 'integer'],
  ['smallint', 'integer'], ['tinyint', 'integer'], ['mediumint', 'integer'], ['integer', 'integer'],
  ['int', 'integer'], ['int2', 'integer'], ['int4', 'integer'], ['int8', 'integer'], ['int16', 'integer'],
  ['int32', 'integer'], ['int64', 'integer'], ['long', 'integer'], ['byteint', 'integer'],
  ['numeric', 'decimal'], ['decimal', 'decimal'], ['number', 'decimal'], ['float', 'decimal'],
  ['float4', 'decimal'], ['float8', 'decimal'], ['float32', 'decimal'], ['float64', 'decimal'],
  ['double', 'decimal'], ['real', 'decimal'], ['money', 'decimal'], ['bignumeric', 'decimal'],
  ['smallmoney', 'decimal'],
  ['date', 'date'], ['timestamp', 'timestamp'], ['timestamptz', 'timestamp'], ['datetime', 'timestamp'],
  ['datetime2', 'timestamp'], ['datetimeoffset', 'timestamp'], ['smalldatetime', 'timestamp'],
  ['time', 'timestamp'], ['timetz', 'timestamp'], ['interval', 'timestamp'], ['year', 'integer'],
  // Snowflake's timestamp flavours and ClickHouse's sized types
  ['timestamp_ntz', 'timestamp'], ['timestamp_ltz', 'timestamp'], ['timestamp_tz', 'timestamp'], ['datetime64', 'timestamp'],
  ['date32', 'date'], ['uint8', 'integer'], ['uint16', 'integer'], ['uint32', 'integer'], ['uint64', 'integer'],
  ['int128', 'integer'], ['int256', 'integer'], ['uint128', 'integer'], ['uint256', 'integer'], ['fixedstring', 'text'],
  ['text', 'text'], ['varchar', 'text'], ['char', 'text'], ['character', 'text'], ['nvarchar', 'text'],
  ['nchar', 'text'], ['varchar2', 'text'], ['nvarchar2', 'text'], ['string', 'text'], ['clob', 'text'],
  ['nclob', 'text'], ['citext', 'text'], ['tinytext', 'text'], ['mediumtext', 'text'], ['longtext', 'text'],
  ['ntext', 'text'], ['enum', 'text'], ['set', 'text'], ['xml', 'text'], ['name', 'text'], ['bpchar', 'text'],
  ['bytea', 'binary'], ['blob', 'binary'], ['binary', 'binary'], ['varbinary', 'binary'], ['bytes', 'binary'],
  ['raw', 'binary'], ['image', 'binary'], ['longblob', 'binary'],
  ['uuid', 'uuid'], ['uniqueidentifier', 'uuid'],
  ['inet', 'network'], ['cidr', 'network'], ['macaddr', 'network'], ['macaddr8', 'network'],
  ['geography', 'geo'], ['geometry', 'geo'], ['point', 'geo'], ['polygon', 'geo'],
];
// The field classes of application models, for schemas read from an ORM rather than from SQL:
// Django's `BooleanField`, SQLAlchemy's `LargeBinary`, Laravel's `unsignedBigInteger`, Rails' `references`.
const ORM_TYPE_KEYWORDS: [string, TypeFamily][] = [
  ['booleanfield', 'boolean'], ['nullbooleanfield', 'boolean'],
  ['charfield', 'text'], ['textfield', 'text'], ['emailfield', 'text'], ['urlfield', 'text'], ['slugfield', 'text'],
  ['filefield', 'text'], ['imagefield', 'text'], ['filepathfield', 'text'], ['upload', 'text'], ['unicode', 'text'], ['unicodetext', 'text'],
  ['integerfield', 'integer'], ['bigintegerfield', 'integer'], ['smallintegerfield', 'integer'], ['positiveintegerfield', 'integer'],
  ['positivesmallintegerfield', 'integer'], ['positivebigintegerfield', 'integer'], ['autofield', 'integer'], ['bigautofield', 'integer'],
  ['smallautofield', 'integer'], ['foreignkey', 'integer'], ['onetoonefield', 'integer'], ['references', 'integer'],
  ['biginteger', 'integer'], ['smallinteger', 'integer'], ['tinyinteger', 'integer'], ['mediuminteger', 'integer'],
  ['unsignedbiginteger', 'integer'], ['unsignedinteger', 'integer'], ['unsignedsmallinteger', 'integer'], ['unsignedtinyinteger', 'integer'],
  ['unsignedmediuminteger', 'integer'], ['foreignid', 'integer'], ['increments', 'integer'], ['bigincrements', 'integer'],
  ['floatfield', 'decimal'], ['decimalfield', 'decimal'],
  ['datefield', 'date'], ['datetimefield', 'timestamp'], ['timefield', 'timestamp'], ['durationfield', 'timestamp'], ['datetimetz', 'timestamp'],
  ['jsonfield', 'json'], ['hstorefield', 'json'], ['uuidfield', 'uuid'], ['foreignuuid', 'uuid'], ['binaryfield', 'binary'], ['largebinary', 'binary'],
  ['arrayfield', 'array'], ['genericipaddressfield', 'network'], ['ipaddressfield', 'network'], ['ipaddress', 'network'], ['macaddress', 'network'],
  // C# entity properties (Entity Framework) and Elixir Ecto fields
  ['guid', 'uuid'], ['dateonly', 'date'], ['timeonly', 'timestamp'], ['timespan', 'timestamp'], ['short', 'integer'], ['ushort', 'integer'],
  ['uint', 'integer'], ['ulong', 'integer'], ['utc_datetime', 'timestamp'], ['utc_datetime_usec', 'timestamp'],
  ['naive_datetime', 'timestamp'], ['naive_datetime_usec', 'timestamp'], ['binary_id', 'uuid'],
  // OFBiz's Y/N field type
  ['indicator', 'boolean'],
];
const TYPE_FAMILY_OF = new Map([...TYPE_KEYWORDS, ...ORM_TYPE_KEYWORDS]);

const HYPHENATED_TYPE = /^[a-z]+(?:-[a-z0-9]+)+$/;
const HYPHENATED_TEXT_PARTS = new Set(['text', 'varchar', 'char', 'string', 'id', 'name', 'comment', 'description', 'value', 'email', 'url']);

/** A lower-case letter, digit or underscore: what a word of a type name is made of (`varchar`, `utc_datetime`). */
function isTypeWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * The storage family of a SQL type as written in any dialect (`VARCHAR(255)`, `int64`,
 * `ARRAY<STRUCT<...>>`, `text[]`, `tinyint(1)`), or undefined when unknown: an unknown type gates nothing.
 */
export function typeFamily(type: string | undefined): TypeFamily | undefined {
  if (!type) return undefined;
  const t = type.trim().toLowerCase();
  if (t.endsWith('[]')) return 'array';
  // MySQL's tinyint(1) and bit(1) are how booleans are stored there
  const compact = t.replace(/\s+/g, '');
  if (compact === 'tinyint(1)' || compact === 'bit(1)') return 'boolean';
  let end = 0;
  while (end < t.length && end < 40 && isTypeWordCode(t.charCodeAt(end))) end++;
  const head = t.slice(0, end);
  // OFBiz's and Moqui's entity field types are hyphenated words (`long-varchar`, `text-long`, `id-long`):
  // a part that names text or an id makes the column text, whatever size word stands beside it
  if (t[end] === '-' && HYPHENATED_TYPE.test(t) && t.split('-').some((part) => HYPHENATED_TEXT_PARTS.has(part))) return 'text';
  // ClickHouse wraps a type (`Nullable(String)`, `LowCardinality(Nullable(String))`): the inner one counts
  if ((head === 'nullable' || head === 'lowcardinality') && t[end] === '(' && t.endsWith(')')) return typeFamily(t.slice(end + 1, -1));
  if (head === 'double' || head === 'character') {
    // `double precision`, `character varying`
    return head === 'double' ? 'decimal' : 'text';
  }
  return TYPE_FAMILY_OF.get(head);
}

/**
 * The family of an array's elements (`text[]`, BigQuery's `ARRAY<STRING>`, ClickHouse's `Array(String)`),
 * or undefined when the type is no array or does not say: a list of values holds what one value would.
 */
export function elementFamily(type: string | undefined): TypeFamily | undefined {
  if (!type) return undefined;
  const t = type.trim().toLowerCase();
  if (t.endsWith('[]')) return typeFamily(t.slice(0, -2));
  if (!t.startsWith('array')) return undefined;
  const open = t[5];
  const close = t[t.length - 1];
  if ((open === '<' && close === '>') || (open === '(' && close === ')')) return typeFamily(t.slice(6, -1));
  return undefined;
}

// Types that say what the column holds, whatever its name: Django's `EmailField` (also inside an
// `ArrayField(EmailField)`), django-phonenumber-field's `PhoneNumberField`, a PostgreSQL `email`
// domain, JSON Schema's `email` and `ipv4` formats, OpenAPI's `password` format, Salesforce's `Phone`
// field type, django-crypto-fields' `IdentityField` and `FirstnameField`, and a spatial point
// (PostgreSQL's and MySQL's `point`, PostGIS's `geometry(Point,4326)`, GeoDjango's `PointField`,
// Firestore's `GeoPoint`), which holds coordinates; a bare `geometry` or `geography` is as often a
// country's or a tract's outline. Each maps to the words that name the value.
const HOLDING_FIELDS = new Map([
  ['emailfield', 'email'], ['phonenumberfield', 'phone'], ['identityfield', 'identity number'],
  ['firstnamefield', 'first name'], ['lastnamefield', 'last name'],
  ['point', 'coordinates'], ['pointfield', 'coordinates'], ['geopoint', 'coordinates'], ['geo_point', 'coordinates'],
]);
// OpenAPI formats among them: Twilio's `format: phone-number`, written `string(phone-number)` by its readers
const HOLDING_TYPES = new Map([['email', 'email'], ['idn-email', 'email'], ['ipv4', 'ip'], ['ipv6', 'ip'], ['phone', 'phone'], ['phone-number', 'phone'], ['password', 'password']]);

/** The value a declared type names (`EmailField` holds an email), as words, or undefined. */
export function typeHolds(type: string | undefined): string | undefined {
  if (!type || type.length > 80) return undefined;
  const t = type.trim().toLowerCase();
  const open = t.indexOf('(');
  const whole = HOLDING_TYPES.get(t) ?? (open > 0 && t.endsWith(')') ? HOLDING_TYPES.get(t.slice(open + 1, -1).trim()) : undefined);
  if (whole !== undefined) return whole;
  let word = '';
  for (let i = 0; i <= t.length; i++) {
    if (i < t.length && isTypeWordCode(t.charCodeAt(i))) {
      word += t[i];
      continue;
    }
    const held = HOLDING_FIELDS.get(word);
    if (held !== undefined) return held;
    word = '';
  }
  return undefined;
}

const TABLE_PREFIXES = new Set(['stg', 'int', 'dim', 'fct', 'fact', 'rpt', 'base', 'src', 'raw', 'tmp', 'temp', 'vw', 'v', 't', 'tbl', 'mart', 'agg', 'obt', 'snap', 'hist', 'bronze', 'silver', 'gold']);

// Greek plurals a table may be named with (`diagnoses` rows are diagnoses)
const IRREGULAR_PLURALS = new Map([['diagnoses', 'diagnosis'], ['prognoses', 'prognosis'], ['analyses', 'analysis'], ['crises', 'crisis'], ['theses', 'thesis'], ['hypotheses', 'hypothesis']]);

/** `customers` → `customer`, `people` stays, `addresses` → `address`; only what plural table names need. */
export function singular(word: string): string {
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && (word.endsWith('sses') || word.endsWith('xes') || word.endsWith('ches') || word.endsWith('shes'))) return word.slice(0, -2);
  // `campuses`, `statuses`, `bonuses` lose -es; `houses`, `causes` only -s (a vowel before -uses)
  if (word.length > 5 && word.endsWith('uses') && !'aeiou'.includes(word[word.length - 5]!)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/**
 * A table word in the singular. A plural the tokenizer did not know may be a word it translates in
 * the singular (`eleves` are pupils, `pacientes` patients): the singular's one-word expansion is read.
 */
function singularWord(word: string, lexicon: Lexicon): string {
  const one = singular(word);
  if (one === word) return one;
  const expanded = lexicon.expansions.get(one);
  return expanded?.length === 1 ? expanded[0]! : one;
}

const RPC_MESSAGES = new Set(['request', 'response', 'reply']);
const RPC_VERBS = new Set(['get', 'list', 'place', 'send', 'create', 'update', 'delete', 'add', 'remove', 'set', 'search', 'submit',
  'cancel', 'empty', 'convert', 'fetch', 'find', 'book', 'register', 'validate', 'verify', 'check', 'start', 'stop', 'batch', 'upsert']);

/**
 * Whether the word at `i` belongs to the establishment named just before it: `organisation_addresses`,
 * `facility_addresses` and a `business_profile` are an establishment's, not a person's.
 */
export function ownedByEstablishment(words: readonly string[], i: number, establishments: ReadonlySet<string> | undefined): boolean {
  return i > 0 && establishments?.has(words[i - 1]!) === true;
}

export interface TableEntity {
  kind: 'person' | 'thing' | 'unknown';
  /** The table token that decided it. */
  word?: string;
  /** The rows are postal addresses (`addresses`, `customer_addresses`): its columns are address parts. */
  addressTable?: string;
  /** The word that names one row (`comment` of `ticket_comments_history`): rules match it against their record tables. */
  record?: string;
  /** The table name's words, singular, without warehouse prefixes. */
  words?: string[];
  /** The words before dbt's `__` (`stg_clinical__vitals`): the source or domain the rows come from. */
  source?: string[];
}

// `tbl` says table unmistakably, so the words after it may be plural (`clients`); after a bare `t` only
// known words count, or `tips` would be an IP and `traces` a race
const TABLE_WORD_PREFIXES = [
  { prefix: 'tbl', plural: true },
  { prefix: 't', plural: false },
];

/**
 * A glued word behind a Hungarian-notation table prefix (JTL-Wawi's `tkunde`, `tinetkunde`,
 * `tansprechpartner`, WHMCS's `tblclients`): the words after the `tbl` or the `t`, when the word is
 * unknown and they are known.
 */
function withoutTablePrefix(word: string, lexicon: Lexicon, split: (name: string) => string[]): string[] {
  if (word.length < 5 || !word.startsWith('t') || lexicon.dictionary.has(word) || lexicon.expansions.has(word)) return [word];
  for (const { prefix, plural } of TABLE_WORD_PREFIXES) {
    if (!word.startsWith(prefix)) continue;
    const rest = split(word.slice(prefix.length));
    if (rest.length > 0 && rest.every((w) => lexicon.dictionary.has(w) || (plural && lexicon.dictionary.has(singular(w))))) return rest;
  }
  return [word];
}

/**
 * Whether a table holds people. Any person noun in the name wins (`student_enrollments_weeks`
 * rows are about students); otherwise a known thing (`products`, `nations`) marks it impersonal.
 */
export function tableEntity(table: string | undefined, lexicon: Lexicon, split: (name: string) => string[] = splitName): TableEntity {
  if (!table) return { kind: 'unknown' };
  const qualified = table.slice(table.lastIndexOf('.') + 1);
  // dbt's `stg_<source>__<entity>` names the source system first (`stg_powerschool__students`):
  // the rows are about what follows the double underscore, not about the source.
  const suffixes = lexicon.classes.get('table_suffix');
  let cut = qualified.indexOf('__');
  // a Salesforce custom object (`Case_Note__c`) ends in its suffix: no source comes before it
  if (cut > 0 && split(qualified.slice(cut + 2)).every((w) => suffixes?.has(w) === true)) cut = -1;
  const last = cut > 0 && cut + 2 < qualified.length ? qualified.slice(cut + 2) : qualified;
  // `split` may also segment glued words: `personaddress` is a table of people's addresses
  let words = split(last).filter((w) => !TABLE_PREFIXES.has(w)).flatMap((w) => withoutTablePrefix(w, lexicon, split)).map((w) => singularWord(w, lexicon));
  // an RPC message is named verb, object, Request (`PlaceOrderRequest`): the verb names no record
  if (words.length >= 3 && RPC_VERBS.has(words[0]!) && RPC_MESSAGES.has(words[words.length - 1]!) && /^[A-Z][a-z]/.test(last)) words = words.slice(1);
  const persons = lexicon.classes.get('person');
  const things = lexicon.classes.get('entity');
  const personal = lexicon.classes.get('personal_record');
  const vital = lexicon.classes.get('vital_record');
  // the ship-to or bill-to party is a person in a column name, but `bills` and `shipstation` tables are not people
  const parties = lexicon.classes.get('party');
  // `client_corporations` are organisations that are clients, not clients' records
  const organisations = lexicon.classes.get('organisation');
  const establishments = lexicon.classes.get('establishment');
  let end = words.length;
  while (end > 1 && suffixes?.has(words[end - 1]!)) end--;
  const person = words.find(
    // a `company_profiles` row is a company's profile, though a profile is usually a person's
    (w, i) =>
      (personal?.has(w) === true ? !ownedByEstablishment(words, i, establishments) : (persons?.has(w) === true && parties?.has(w) !== true) || (vital?.has(w) === true && i === end - 1)) &&
      organisations?.has(words[i + 1] ?? '') !== true,
  );
  const addressTable = words.find((w) => lexicon.classes.get('address_table')?.has(w));
  let record = end > 0 ? words[end - 1]! : undefined;
  // `vehicle_locations` are where a vehicle (and its driver) went, not places of business
  // and `location_updates` or a `location_updated` event are where something that moves reported itself
  const places = lexicon.classes.get('place_word');
  const tracked = record !== undefined && end > 1 && places?.has(words[end - 2]!) === true && lexicon.classes.get('position_report')?.has(record) === true;
  const moved = tracked || (record !== undefined && end > 1 && places?.has(record) === true && lexicon.classes.get('mover')?.has(words[end - 2]!) === true);
  if (moved) record = words[end - 2]!;
  const source = cut > 0 ? split(qualified.slice(0, cut)).filter((w) => !TABLE_PREFIXES.has(w)).map(singular) : [];
  const shape = { words, ...(record !== undefined ? { record } : {}), ...(source.length > 0 ? { source } : {}) };
  if (person) return addressTable ? { kind: 'person', word: person, addressTable, ...shape } : { kind: 'person', word: person, ...shape };
  if (moved) return { kind: 'unknown', ...shape };
  // the noun of a row decides first (`collections_cases` holds cases), then any other thing named
  if (shape.record !== undefined && things?.has(shape.record)) return { kind: 'thing', word: shape.record, ...shape };
  // `product_reviews` are written by people about a product: the thing named is the subject, not the rows
  if (shape.record !== undefined && (lexicon.classes.get('text_record')?.has(shape.record) || lexicon.classes.get('sign_up_record')?.has(shape.record))) return { kind: 'unknown', ...shape };
  // `products_searched` rows are searches someone made, not products
  if (shape.record !== undefined && end > 1 && lexicon.classes.get('tracked_action')?.has(shape.record)) return { kind: 'unknown', ...shape };
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (things?.has(w)) return { kind: 'thing', word: w, ...shape };
  }
  return { kind: 'unknown', ...shape };
}
