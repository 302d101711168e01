import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createClassifier, evaluateLabels, formatEval, formatExplanation, listCategories, parseUserRules, type EvalResult } from '../../src/classify/index.js';
import { MAX_NAME_LENGTH, splitName } from '../../src/classify/tokenize.js';
import { foldAccents } from '../../src/classify/fold.js';
import { elementFamily, typeFamily } from '../../src/classify/context.js';
import { globMatch } from '../../src/classify/glob.js';
import { parseCsv } from '../../src/classify/csv.js';
import { LEVELS } from '../../src/types.js';

const classifier = createClassifier();

describe('name splitting', () => {
  it.each([
    ['IPAddress2', ['ip', 'address', '2']],
    ['person__legal_name', ['person', 'legal', 'name']],
    ['e-mail', ['e', 'mail']],
    ['normalizedEmail', ['normalized', 'email']],
    ['HTTPServerURL', ['http', 'server', 'url']],
    ['zip3', ['zip', '3']],
    ['Straße_Nr', ['straße', 'nr']],
  ])('%s', (name, tokens) => expect(splitName(name)).toEqual(tokens));

  // a glued name splits into the fewest known words; a short national-id abbreviation joined only
  // where it stands as a word of its own (`nid_number`) must not split `personid` into perso|nid
  it.each([
    ['personid', 'person id'],
    ['nid_number', 'national id'],
    ['emp_dri_lice_num', 'employee driver licence num'],
    ['subject_identifier_aka', 'subject alternate identifier'],
  ])('reads %s as "%s"', (name, canonical) => expect(classifier.explain({ column: name }).expanded.join(' ')).toBe(canonical));

  it.each([
    ['číslo', 'cislo'],
    ['płeć', 'plec'],
    ['soyadı', 'soyadi'],
    ['straße', 'strasse'],
    ['født', 'fodt'],
    ['身份证', '身份证'],
    ['комментарий', 'комментарий'],
    ['マイナンバー', 'マイナンバー'],
    ['email', 'email'],
  ])('folds the accents of %s', (word, bare) => expect(foldAccents(word)).toBe(bare));

  it('folding is idempotent and leaves ASCII alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const once = foldAccents(s.toLowerCase());
        expect(foldAccents(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), (s) => {
        expect(foldAccents(s)).toBe(s);
      }),
    );
  });

  // a name with accents reads as the lexicon's unaccented entry, unless the lexicon knows it accented
  it.each([
    ['rodné_číslo', 'national id'],
    ['Płeć', 'gender'],
    ['løn', 'salary'],
    ['datum_narození', 'date birth'],
    // unspaced Japanese headers are read as the words found in them; half-width kana as full-width
    ['お届け先電話番号', 'recipient phone number'],
    ['注文者氏名', 'buyer full name'],
    ['お届け先名(ｶﾅ)', 'recipient name kana'],
    ['ДатаРождения', 'birth date'],
    ['اسم العميل', 'customer name'],
  ])('reads %s as "%s"', (name, canonical) => expect(classifier.explain({ column: name }).expanded.join(' ')).toBe(canonical));
});

describe('head-first names are read in English order', () => {
  const canonical = (column: string, table?: string): string => classifier.explain({ column, table }).expanded.join(' ');
  it.each([
    ['cuenta_bancaria', 'bank account number'],
    ['nome_da_mae', 'mother name'],
    ['email_corporativo', 'work email'],
    ['numero_tarjeta_lealtad', 'loyalty card number'],
    ['adresse_livraison', 'delivery address'],
    // a word before the head keeps its place; an English name is left as written
    ['cliente_telefono_fijo', 'customer landline phone'],
    ['customer_email', 'customer email'],
    // a modifier stays inside its segment of a nested path
    ['dados.mae_nome', 'data mother name'],
    ['dados__nome_da_mae', 'data mother name'],
  ])('%s', (column, expected) => expect(canonical(column)).toBe(expected));

  it.each([
    ['cc_number', 'credit card number'],
    ['cc_exp_month', 'credit card exp month'],
    ['cc', 'cc'],
    ['RA_CC', 'ra cc'],
    ['CC_W01', 'cc w 01'],
    ['email_cc', 'email recipient'],
  ])('expands %s as a modifier only before another word', (column, expected) => expect(canonical(column)).toBe(expected));

  it('reads whose value a Romance name holds', () => {
    const level = (column: string, table: string): string => classifier.classify({ column, table, type: 'varchar(100)' }).level;
    expect(level('nome_mae', 'loja_clientes')).toBe('confidential');
    expect(level('nombre_producto', 'tienda_pedidos')).toBe('internal');
    expect(level('telefono_sucursal', 'ventas')).toBe('internal');
    expect(level('email_empresa', 'proveedores')).toBe('internal');
    expect(level('direccion_facturacion', 'facturas')).toBe('confidential');
    expect(level('cuenta_bancaria', 'nomina_empleados')).toBe('restricted');
  });

  it('reads a table name as written: its first words are a namespace', () => {
    // `banco_clientes` holds a bank's customers, not customers' banks
    expect(classifier.classify({ column: 'poblacion', table: 'banco_clientes', type: 'text' }).level).toBe('confidential');
  });
});

describe('type families', () => {
  it.each([
    ['VARCHAR(255)', 'text'], ['character varying(20)', 'text'], ['int64', 'integer'], ['tinyint(1)', 'boolean'],
    ['double precision', 'decimal'], ['ARRAY<STRUCT<a STRING>>', 'array'], ['text[]', 'array'], ['TIMESTAMP WITH TIME ZONE', 'timestamp'],
    ['inet', 'network'], ['geography(Point,4326)', 'geo'], ['mystery', undefined],
    ['TIMESTAMP_NTZ(9)', 'timestamp'], ['NUMBER(38,0)', 'decimal'], ['LowCardinality(Nullable(String))', 'text'],
    ['Nullable(UInt64)', 'integer'], ['DateTime64(3)', 'timestamp'], ['Nullable(', undefined],
    // field classes of application models
    ['BooleanField', 'boolean'], ['EmailField', 'text'], ['ForeignKey', 'integer'], ['DateTimeField', 'timestamp'],
    ['String(120)', 'text'], ['LargeBinary', 'binary'], ['unsignedBigInteger', 'integer'], ['foreignId', 'integer'],
    ['GenericIPAddressField', 'network'], ['JSONField', 'json'],
    // C# entity properties and Ecto fields
    ['Guid', 'uuid'], ['DateOnly?', 'date'], ['DateTimeOffset', 'timestamp'], ['bool', 'boolean'], ['utc_datetime', 'timestamp'],
    ['binary_id', 'uuid'],
    // OFBiz and Moqui entity field types: the text part decides, not the size word beside it
    ['long-varchar', 'text'], ['short-varchar', 'text'], ['text-long', 'text'], ['id-long', 'text'], ['number-integer', 'decimal'],
    ['long', 'integer'], ['indicator', 'boolean'],
  ])('%s → %s', (t, f) => expect(typeFamily(t)).toBe(f));

  it.each([
    ['text[]', 'text'], ['ARRAY<STRING>', 'text'], ['array<int64>', 'integer'], ['Array(Nullable(String))', 'text'],
    ['ARRAY<STRUCT<url STRING>>', 'struct'], ['date[]', 'date'], ['array', undefined], ['varchar', undefined], ['arrayfield', undefined],
  ])('an array %s holds %s', (t, f) => expect(elementFamily(t)).toBe(f));

  it('gates a list by what its elements are', () => {
    // a review's `photoUrls` is a list of photo links; a list of integers is no list of links
    expect(classifier.classify({ column: 'photoUrls', table: 'booksy_raw.reviews', type: 'array<string>' }).level).toBe('confidential');
    expect(classifier.classify({ column: 'photoUrls', table: 'booksy_raw.reviews', type: 'array<int64>' }).level).toBe('internal');
    expect(classifier.classify({ column: 'household_member_birthdates', table: 'eligibility_documents', type: 'date[]' }).categories).toEqual(['identity.birth_date']);
  });

  it('gates an ORM model field as it gates its SQL column', () => {
    // Zulip's `enable_login_emails = models.BooleanField(...)` is a setting, not an address
    expect(classifier.classify({ column: 'enable_login_emails', table: 'UserProfile', type: 'BooleanField' }).level).toBe('internal');
    expect(classifier.classify({ column: 'email', table: 'UserProfile', type: 'EmailField' }).level).toBe('confidential');
  });
});

describe('verdicts carry their reasons', () => {
  it('explains a type-gated email flag', () => {
    const e = classifier.explain({ column: 'email_verified', type: 'boolean', table: 'users' });
    expect(e.level).toBe('internal');
    expect(e.matched).toBe('contact.email');
    expect(e.rules).toContain('context.type-gate');
    const text = formatExplanation({ column: 'email_verified', type: 'boolean', table: 'users' }, e);
    expect(text).toContain('users.email_verified (boolean)');
    expect(text).toContain('boolean');
    expect(text).toContain('metadata about contact.email');
  });

  it('lowers a lineage hash and says so', () => {
    const plain = classifier.classify({ column: 'email', type: 'text' });
    const hashed = classifier.classify({ column: 'email', type: 'text', transform: 'hash' });
    expect(plain.level).toBe('confidential');
    expect(hashed.level).toBe('internal');
    expect(hashed.rules).toContain('transform.hash');
    expect(hashed.evidence.join(' ')).toMatch(/transform hash .* confidential → internal/);
  });

  it('keeps a hashed password a credential', () => {
    expect(classifier.classify({ column: 'password', type: 'text', transform: 'hash' }).level).toBe('confidential');
  });

  it('lowers a truncation by one level and an aggregate to internal', () => {
    expect(classifier.classify({ column: 'latitude', type: 'float', transform: 'truncate' }).level).toBe('confidential');
    expect(classifier.classify({ column: 'ssn', transform: 'aggregate' }).level).toBe('internal');
    expect(classifier.classify({ column: 'ssn', transform: 'expression' }).level).toBe('restricted');
  });

  it('lists every category with a level and regulations', () => {
    const cats = listCategories();
    expect(cats.length).toBeGreaterThan(40);
    for (const c of cats) {
      expect(LEVELS).toContain(c.level);
      expect(c.description).not.toBe('');
    }
    expect(cats.find((c) => c.id === 'financial.card_number')?.regulations.join(' ')).toContain('PCI DSS');
  });
});

describe('context added in round 2', () => {
  const evidence = (column: string, type?: string, table?: string): string => classifier.explain({ column, type, table }).evidence.join(' | ');

  it('says when a workforce role lowers a name, and keeps the subject served confidential', () => {
    const e = classifier.explain({ column: 'contact_owner_name', type: 'string', table: 'opportunities' });
    expect(e.level).toBe('internal');
    expect(e.categories).toEqual(['identity.name']);
    expect(e.rules).toContain('context.workforce');
    expect(e.evidence.join(' ')).toContain('prefix contact owner names a professional');
    expect(classifier.classify({ column: 'teacher_student_name', type: 'string' }).level).toBe('confidential');
    expect(classifier.classify({ column: 'guardian_name', type: 'string', table: 'students' }).level).toBe('confidential');
  });

  it('reads street-level parts only inside an address and says which context decided', () => {
    expect(evidence('mail_number', 'int')).toContain('prefix mail makes it part of a postal address');
    expect(evidence('number', 'int', 'customer_addresses')).toContain('the table holds address records');
    expect(classifier.classify({ column: 'number', type: 'int', table: 'invoices' }).level).toBe('internal');
    expect(classifier.classify({ column: 'mail_state', type: 'string' }).level).toBe('internal');
  });

  it('reads a glued table name: personaddress holds people', () => {
    const e = classifier.explain({ column: 'city', type: 'string', table: 'stg_powerschool__personaddress' });
    expect(e.level).toBe('confidential');
    expect(e.trace.join('\n')).toContain('→ person (person)');
  });

  it('keeps a status revealed by its code or type, lowers a count over people', () => {
    expect(classifier.classify({ column: 'homeless_type', type: 'text', table: 'patients' }).level).toBe('confidential');
    const count = classifier.explain({ column: 'homeless_count', type: 'integer', table: 'schools' });
    expect(count.level).toBe('internal');
    expect(count.rules).toContain('context.role.count');
  });

  it('skips digits between pattern words', () => {
    expect(classifier.classify({ column: 'contact_3_value', type: 'text' }).categories).toEqual(['contact.details']);
    expect(classifier.classify({ column: 'emergency_2_contact', type: 'text' }).categories).toEqual(['identity.name']);
    expect(classifier.classify({ column: 'emergency_contact_2', type: 'text' }).categories).toEqual(['identity.name']);
  });
});

describe('user rules', () => {
  it('adds a category by tokens and decides columns by wildcard', () => {
    const { rules, errors } = parseUserRules([
      { id: 'acme.loyalty', level: 'confidential', description: 'Loyalty card', tokens: ['loyalty card', 'club card'] },
      { id: 'acme.legacy', category: 'acme.legacy', level: 'restricted', columns: ['lgcy_*_x'], tables: ['crm.*'] },
      { id: 'quiet-notes', category: 'freetext.notes', disable: true },
    ]);
    expect(errors).toEqual([]);
    const c = createClassifier({ userRules: rules });
    expect(c.classify({ column: 'club_card', type: 'text' })).toMatchObject({ level: 'confidential', categories: ['acme.loyalty'] });
    expect(c.classify({ column: 'lgcy_17_x', table: 'crm.people' }).level).toBe('restricted');
    expect(c.classify({ column: 'lgcy_17_x', table: 'sales.orders' }).level).toBe('internal');
    expect(c.classify({ column: 'notes', type: 'text' }).level).toBe('internal');
    expect(classifier.classify({ column: 'notes', type: 'text' }).level).toBe('confidential');
  });

  it('keeps a built-in plural whole when a user rule adds words it could be split into', () => {
    // `words` from the user's tokens would otherwise split `passwords` into pass|words
    const { rules } = parseUserRules([{ id: 'acme.search', level: 'confidential', description: 'Search terms', tokens: ['search words'] }]);
    const c = createClassifier({ userRules: rules });
    expect(c.classify({ column: 'previous_passwords', type: 'text', table: 'users' })).toMatchObject({ level: 'restricted', categories: ['credentials.password'] });
    expect(c.classify({ column: 'search_words', type: 'text' }).categories).toEqual(['acme.search']);
  });

  it('reads a user\'s token patterns as it reads column names, so words written as spelt still match', () => {
    // a Portuguese word the lexicon translates, an abbreviation it expands, a glued name it splits
    const { rules, errors } = parseUserRules([
      { id: 'acme.loyalty', level: 'restricted', tokens: ['cartao fidelidade', 'loyalty card no', 'clubnumber', 'nr klienta'] },
    ]);
    expect(errors).toEqual([]);
    const c = createClassifier({ userRules: rules });
    for (const column of ['cartao_fidelidade', 'loyalty_card_no', 'loyaltyCardNumber', 'club_number', 'clubNumber', 'nr_klienta']) {
      expect(c.classify({ column, type: 'text', table: 'orders' }), column).toMatchObject({ level: 'restricted', categories: ['acme.loyalty'] });
    }
  });

  it('puts a user\'s pattern before the built-in category that lists it', () => {
    // `loyalty card number` is a built-in person number; the user's own category takes it
    expect(classifier.classify({ column: 'loyalty_card_number', type: 'text' }).categories).toEqual(['identity.person_number']);
    const { rules } = parseUserRules([{ id: 'acme.loyalty', level: 'restricted', tokens: ['loyalty card number'] }]);
    const c = createClassifier({ userRules: rules });
    expect(c.classify({ column: 'loyalty_card_number', type: 'text' })).toMatchObject({ level: 'restricted', categories: ['acme.loyalty'] });
    expect(c.classify({ column: 'member_number', type: 'text', table: 'members' }).categories).toEqual(['identity.person_number']);
  });

  it('changes a built-in level', () => {
    const { rules } = parseUserRules([{ id: 'city-up', category: 'location.city', level: 'confidential' }]);
    expect(createClassifier({ userRules: rules }).classify({ column: 'city', type: 'text' }).level).toBe('confidential');
  });

  it('reports every problem with a path and never throws', () => {
    const { rules, errors } = parseUserRules([
      { id: 'bad id!', level: 'secret', tokens: ['ok', '(a+)+$'], regex: '.*mail.*', colour: 1 },
      'nope',
      { id: 'x', columns: ['a'.repeat(200)] },
      { id: 'y' },
    ]);
    expect(rules).toEqual([]);
    const paths = errors.map((e) => JSON.stringify(e.path));
    expect(paths).toEqual(expect.arrayContaining(['[0,"id"]', '[0,"level"]', '[0,"tokens",1]', '[0,"regex"]', '[0,"colour"]', '[1]', '[2,"columns",0]', '[3]']));
    expect(errors.find((e) => e.path[1] === 'regex')?.message).toMatch(/regular expressions are not accepted/);
    expect(parseUserRules('rules').errors[0]?.message).toBe('rules must be a list');
  });

  it('never throws on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const r = parseUserRules(v);
      return Array.isArray(r.rules) && Array.isArray(r.errors);
    }));
  });
});

describe('wildcards are linear', () => {
  it('matches and rejects', () => {
    expect(globMatch('cust_*_email', 'CUST_eu_email')).toBe(true);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a*b', 'acbd')).toBe(false);
  });
  it('handles a pathological pattern quickly', () => {
    const t = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(256))).toBe(false);
    expect(Date.now() - t).toBeLessThan(100);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary names, types and tables', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), fc.option(fc.string({ maxLength: 80 })), fc.option(fc.string({ unit: 'grapheme', maxLength: 60 })), (column, type, table) => {
        const e = classifier.explain({ column, type: type ?? undefined, table: table ?? undefined });
        return LEVELS.includes(e.level) && e.evidence.length > 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('splits ASCII names exactly as a character-by-character reading would', () => {
    // the reference: letters and digits kept in order, every other character a separator
    const asciiName = fc.string({ unit: fc.constantFrom(...'aZ_9-.xY0 mN'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(asciiName, (name) => {
        const tokens = splitName(name);
        const kept = name.toLowerCase().replace(/[^a-z0-9]/g, '');
        return tokens.join('') === kept && tokens.every((t) => t.length > 0 && (/^[0-9]+$/.test(t) || /^[a-z]+$/.test(t)));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits non-ASCII names without losing letters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const tokens = splitName(name);
        // names are read in their compatibility form (a ligature is its letters), and no longer than the cut
        const letters = Math.min(name.normalize('NFKC').length, MAX_NAME_LENGTH);
        return tokens.every((t) => t.length > 0) && tokens.join('').length <= letters * 2;
      }),
      { numRuns: 1000 },
    );
    expect(splitName('StraßeNr_Größe2')).toEqual(['straße', 'nr', 'größe', '2']);
  });

  it('classifies a very long name in bounded time', () => {
    const t = Date.now();
    classifier.explain({ column: 'emailaddress'.repeat(5000) });
    classifier.explain({ column: 'x'.repeat(100000) });
    expect(Date.now() - t).toBeLessThan(500);
  });
});

describe('evaluation on labelled CSV', () => {
  const csv = [
    'source,table,column,type,label,author_label,uncertain',
    'repo:a.yml,customers,email,string,sensitive,meta,',
    'repo:a.yml,customers,email_verified,boolean,not_sensitive,,',
    'repo:a.yml,customers,customer_id,int64,sensitive,meta,',
    'repo:a.yml,products,name,string,not_sensitive,,',
    'repo:a.yml,customers,first_name,string,not_sensitive,,yes',
    'repo:a.yml,customers,preferences,"STRUCT<a STRING,\nb INT64>",not_sensitive,,',
    'repo:a.yml,customers,phone,string,maybe,,',
  ].join('\n');

  it('scores precision and recall and lists the misses', () => {
    const r = evaluateLabels(csv, classifier);
    expect(r.overall).toMatchObject({ tp: 1, fp: 0, fn: 1, tn: 3 });
    expect(r.overall.precision).toBe(1);
    expect(r.overall.recall).toBe(0.5);
    expect(r.skippedUncertain).toBe(1);
    expect(r.uncertainFlagged.map((u) => u.column)).toEqual(['first_name']);
    expect(r.misclassified.map((m) => m.column)).toEqual(['customer_id']);
    expect(r.perCategory['contact.email']).toMatchObject({ tp: 1, tn: 1 });
    expect(r.errors).toEqual(['line 9: label must be sensitive or not_sensitive, got "maybe"']);
    const text = formatEval(r);
    expect(text).toContain('precision 100.0%');
    expect(text).toContain('customers.customer_id');
    expect(text).toContain('worst misses: column names missed most often (1 names):');
    expect(text).toMatch(/ {2}1× customer_id \(first: line 4, customers\) → internal/);
  });

  /** Every label set of a folder, each read without errors and large enough to score (at least six). */
  const scoreLabelSets = (folder: string): { file: string; r: EvalResult }[] => {
    const dir = resolve(__dirname, folder);
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    return files.map((file) => {
      const r = evaluateLabels(readFileSync(resolve(dir, file), 'utf8'), classifier);
      expect(r.errors, file).toEqual([]);
      expect(r.overall.tp + r.overall.fp + r.overall.fn + r.overall.tn, file).toBeGreaterThan(150);
      return { file, r };
    });
  };

  // Domains whose labellers read the policy further than the rules do, each with its own floor:
  // e-discovery marks every field of a collected document (file names and paths, custodians, email
  // headers), as any of them can hold a person; a farmers' co-operative reads its field officers'
  // names as their role's but their phones and emails, and templated payment memos, as the business's;
  // a mortgage servicer's labellers read its loan number as the servicer's key (sixteen columns), where
  // title and escrow's and restoration's read the same number as the borrower's account; a police
  // department's labellers read incident-level offence codes, arrest dates and the street blocks of
  // published incidents as the event's, where the rules read a criminal record and an address, and
  // its warrants keep NCIC's three-letter field codes (NAM, RAC, SOC), which no rule reads; a school
  // district's assessment exports were labelled with every score, percentile and proficiency level as
  // a child's education record, which the rules leave unmarked as a school network's own labels do (a
  // college-counselling platform's grade averages, test scores and admission decisions likewise);
  // hiring assessments were labelled with every score, percentile and recommendation as an HR rating,
  // where the rules read the ratings and reviews of employees; a nursing home's Minimum Data Set keeps
  // its assessment items under CMS's item codes (A0500A, D0300, GG0130A1), which no rule reads; a pet
  // insurer's labellers read its Salesforce accounts as veterinary clinics' own and its insured pets'
  // birth dates and sex as no person's, where a bare `account` and an `exposures` table name neither;
  // vendor field codes no rule reads keep the recall of Brazilian payroll (Protheus's RA_NOME, RA_CIC,
  // Senior's nomfun, datnas), Mexican invoicing (CONTPAQi's CRFC, CEMAIL1) and vital records (NCHS's
  // MOMSSN, MAGE, COD1A) low, and so do Japanese, Chinese and Spanish payroll's (OBIC7's romanised
  // names, pinyin initials such as `sfzh`, Meta4's `SCO_NUM_AFILIACION`); a blood bank's labellers read a
  // blood unit's number and ABO group as the product's, a specialty pharmacy's its prescription numbers
  // and NDCs as no one's health, and an airline's its members' programme numbers as the programme's keys
  // (where twenty-one columns of other sets mark a membership number); Polish payroll keeps Comarch's
  // field codes (`PRE_DataUr`, `WPL_Razem`), and the labellers of a DHIS2 programme and of a hospital's
  // infection prevention read every clinical value, tracker attribute and staff login as sensitive;
  // Italian payroll keeps SAP's and INPS's field codes and UniEmens's pay elements (`BKONT`, `Imponibile`);
  // a hospital's nurse-call labellers read every clinician's name and badge in a staff table as theirs
  // to protect, and a research pool's read its platforms' participant ids (MTurk's `WorkerId`) as usernames
  const DOMAIN_FLOORS = new Map([
    ['ediscovery-litigation-support.csv', { recall: 0.4 }],
    ['agri-cooperatives-farmer-payments.csv', { precision: 0.79 }],
    ['mortgage-servicing-loss-mitigation.csv', { precision: 0.6 }],
    ['police-records-management-bodycam.csv', { precision: 0.72, recall: 0.55 }],
    ['k12-assessment-intervention.csv', { recall: 0.5 }],
    ['college-career-counselling.csv', { recall: 0.55 }],
    ['pre-employment-assessments.csv', { recall: 0.4 }],
    ['nursing-home-mds.csv', { recall: 0.35 }],
    ['pet-insurance-policies-claims.csv', { precision: 0.75 }],
    ['brazil-esocial-payroll-hr.csv', { recall: 0.35 }],
    ['mexico-cfdi-nomina-invoicing.csv', { recall: 0.55 }],
    ['vital-records-registry.csv', { recall: 0.55 }],
    ['hospital-blood-bank-transfusion.csv', { precision: 0.7, recall: 0.5 }],
    ['specialty-pharmacy-340b.csv', { precision: 0.75 }],
    ['japan-hr-payroll-mynumber.csv', { recall: 0.5 }],
    ['china-hr-social-insurance-pinyin.csv', { recall: 0.4 }],
    ['spain-payroll-seguridad-social.csv', { recall: 0.5 }],
    ['airline-frequent-flyer-loyalty.csv', { precision: 0.7 }],
    ['poland-hr-payroll-zus.csv', { recall: 0.45 }],
    ['dhis2-health-programs.csv', { recall: 0.55 }],
    ['hospital-infection-prevention-nhsn.csv', { recall: 0.5 }],
    ['italy-payroll-inps.csv', { recall: 0.5 }],
    ['hospital-nurse-call-rtls.csv', { precision: 0.7 }],
    ['research-participant-pools.csv', { recall: 0.55 }],
    // a freight platform's stops are shippers' and consignees' docks, and its accounts carriers and brokers:
    // the labellers read their addresses, coordinates and phones as a business's; a stop's address may as
    // well be a home's (a residential delivery), and the rules keep it a person's
    ['freight-logistics-platform.csv', { precision: 0.75 }],
    // an academy's columns in romanized Korean: the lexicon knows a name, a birth date, a phone and an
    // address there, but not yet the words of its test scores, pay items and counselling notes
    ['korean-hagwon-academies.csv', { recall: 0.5 }],
    // a tutoring school's columns in greeklish and a nail salon's in Vietnamese, with and without diacritics
    // (`Vĩ độ check-in`): their test scores, payroll items and free-text words are not in the lexicon yet
    ['greek-frontistirio-tutoring.csv', { recall: 0.5 }],
    ['vietnamese-nail-spa.csv', { recall: 0.5 }],
    // a cram school's columns in romaji: its test results (hensachi, naishinten), pay items and notes
    ['japanese-juku.csv', { recall: 0.5 }],
    // a pilates studio's body measurements and pain notes in romanized Korean, a Polish salon's payroll
    // export (`WYP_Zasadnicze`) and client cards, a Vietnamese centre's test scores and payroll with and
    // without diacritics: words the lexicon does not have yet
    ['korean-pilates-studio.csv', { recall: 0.5 }],
    ['polish-salon-fryzjerski.csv', { recall: 0.5 }],
    ['vietnamese-english-centres.csv', { recall: 0.4 }],
    // a dental clinic's romanized Korean: tooth numbers, treatment codes and insurance claims' fields
    ['korean-chikwa-dental.csv', { recall: 0.5 }],
    // a Thai spa's columns in romanized Thai (its health history and payroll words are new to the lexicon) and
    // a Vietnamese motorbike workshop's payroll and repair notes
    ['thai-massage-spa.csv', { recall: 0.4 }],
    ['vietnamese-sua-xe-may.csv', { recall: 0.4 }],
  ]);

  it('keeps pooled precision at 92.9% and recall at 81.6% or more on the vendor schemas the team labelled', () => {
    // Columns of CRM, marketing, support, product analytics, ads, HR, payroll, accounting, banking,
    // FHIR, OMOP, claims, LMS, e-commerce, payments and shipping tools as warehouses receive them,
    // labelled by this project from the vendors' documented fields and one written policy (what a
    // privacy reviewer would ask a purpose for). Pooled, and per domain with a lower bar.
    const pooled = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const { file, r } of scoreLabelSets('labels')) {
      // a Salesforce org whose accounts are colleges (billing_street of a college) sits at 84.6%; a
      // fleet's own vehicle register at 82.6%, because a bare `vehicles` table may as well hold
      // customers' cars (an insurance claim's, a car wash's) and their plates are flagged; an election
      // office's at 80.0%, because its labellers read voter registration numbers as the office's keys
      // where the policy reads them as government ids (ten columns)
      expect(r.overall.precision, file).toBeGreaterThanOrEqual(DOMAIN_FLOORS.get(file)?.precision ?? 0.8);
      // vendor shorthand (SAP's ERNAM, KOINH) and product-specific ids (a browser's telemetry
      // client_id) keep a few domains lower; the pooled bar is the real one
      expect(r.overall.recall, file).toBeGreaterThanOrEqual(DOMAIN_FLOORS.get(file)?.recall ?? 0.6);
      for (const k of ['tp', 'fp', 'fn', 'tn'] as const) pooled[k] += r.overall[k];
    }
    // 94% since the last four of a social security number keep confidential (rounds 1 to 39 were
    // labelled before that and count the 35 such columns among them as not sensitive) and since
    // rounds 46 to 55 joined (their domains score 64% to 98%); 93.9% since rounds 56 to 59 joined (88%
    // to 92% a round); 93.45% since rounds 67 to 69 joined (87% to 91% unseen), and the bar half a
    // point below that
    expect(pooled.tp / (pooled.tp + pooled.fp)).toBeGreaterThanOrEqual(0.929);
    // each new round's domain is harder than the first ones were: the pool's recall falls as it grows
    // (85.5% with rounds 46 to 55, whose domains and languages were new when they were written; 83.8%
    // with rounds 56 to 66, care homes, public records and clinical programmes that joined at 69% to 78%;
    // 83.0% with rounds 67 to 69, which joined at 60% to 73% unseen, two of them in vendors' field codes;
    // 82.7% with round 70, payroll and HR in four countries' own words, which joined at 63.5%; 82.4%
    // with round 71, which joined at 62%; 82.15% with round 72, which joined at 64%; 81.9% with round 73;
    // round 74, a company's everyday tools, joined at 82%, and round 77 at 82.4%; 82.5% with rounds 78 to
    // 84, which joined at 79% to 85% unseen; 83.1% with rounds 85 to 92, which joined at 80% to 88%;
    // 83.3% with round 93, which joined at 88.6%; 84.2% with rounds 94 to 100, which joined at 88% to 93%;
    // 82.8% with rounds 101 to 107, in twenty-three other languages, which joined at 51% to 65%)
    expect(pooled.tp / (pooled.tp + pooled.fn)).toBeGreaterThanOrEqual(0.816);
  });

  it('reads the held-out rounds, which are measured but not gated', () => {
    // no rule was tuned on these: their figures are the honest measure of a new domain
    scoreLabelSets('labels/held-out');
  });

  it('includes uncertain rows when asked', () => {
    expect(evaluateLabels(csv, classifier, { includeUncertain: true }).overall.fp).toBe(1);
  });

  it('names a missing header column', () => {
    expect(evaluateLabels('a,b\n1,2', classifier).errors[0]).toMatch(/header lacks table, column, label/);
  });

  it('parses quoted fields with newlines and escaped quotes', () => {
    expect(parseCsv('a,"b ""x""\nc",d\r\n1,2,3\n').map((r) => r.fields)).toEqual([['a', 'b "x"\nc', 'd'], ['1', '2', '3']]);
  });
});
