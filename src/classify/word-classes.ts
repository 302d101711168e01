// The lexicon's word classes the engine reads, each under the name the engine's rules speak of.
// Adding a class is one line here and one list in rules/lexicon.yml.
import type { Lexicon } from './packs.js';

/** Field name → the class it is read from in `lexicon.classes`. */
const CLASSES = {
  persons: 'person',
  entities: 'entity',
  animals: 'animal',
  machines: 'machine',
  issuers: 'issuer',
  senders: 'sender',
  messageLabels: 'message_label',
  picklistNamespaces: 'picklist_namespace',
  units: 'unit',
  timeUnits: 'time_unit',
  valueParticiples: 'value_participle',
  channelHolders: 'channel_holder',
  sendRecords: 'send_record',
  systemText: 'system_text',
  systemLogs: 'system_log',
  workforce: 'workforce',
  ownedRecords: 'owned_record',
  addressContext: 'address_context',
  ownAddress: 'own_address',
  addressWords: 'address_table',
  parties: 'party',
  actors: 'actor',
  personalNameParts: 'personal_name_part',
  assignedWords: 'assigned',
  ledGroups: 'led_group',
  participles: 'participle',
  channelValue: 'channel_value',
  attributeRecords: 'attribute_record',
  attributeValues: 'attribute_value',
  placeWords: 'place_word',
  codeListMarkers: 'code_list',
  keyedRecords: 'keyed_record',
  referenceSources: 'reference_source',
  moments: 'moment',
  momentEvents: 'moment_event',
  healthTables: 'health_table',
  coarseGeo: 'coarse_geo',
  absence: 'absence',
  crmRecords: 'crm_record',
  secretLabels: 'secret_label',
  insurerPayers: 'insurer_payer',
  insurerRecords: 'insurer_record',
  statementVerbs: 'statement_verb',
  linkingVerbs: 'linking_verb',
  homes: 'home',
  workplaces: 'workplace',
  establishments: 'establishment',
  personalRecords: 'personal_record',
  schemaParts: 'schema_part',
  careSettings: 'care_setting',
  stockWords: 'stock_word',
  documentImages: 'document_image',
  fileLocators: 'file_locator',
  fileParts: 'file_part',
  mediaRecords: 'media_record',
  customerRecords: 'customer_record',
  subscriptionSwitches: 'subscription_switch',
  numberWords: 'number_word',
  encryptedMarkers: 'encrypted_marker',
  encryptionParts: 'encryption_part',
} as const;

export type WordClasses = { readonly [K in keyof typeof CLASSES | 'impersonal']: ReadonlySet<string> };

export function wordClasses(lexicon: Lexicon): WordClasses {
  const cls = (name: string): ReadonlySet<string> => lexicon.classes.get(name) ?? new Set<string>();
  const out: Record<string, ReadonlySet<string>> = {};
  for (const [field, name] of Object.entries(CLASSES)) out[field] = cls(name);
  // animals are impersonal too: a pet's birth date is not a person's
  out.impersonal = new Set([...cls('impersonal'), ...cls('animal')]);
  return out as WordClasses;
}
