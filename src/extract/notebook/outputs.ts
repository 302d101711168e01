// Customer data committed inside notebook outputs: a preview table whose header names a sensitive
// column (HTML tables, pandas and Spark `show()` text), or text holding values that look like email
// addresses, phone numbers, card numbers (Luhn), IBANs (mod 97) or US SSNs. Findings say what was
// seen and how much of it, never the values. Work is bounded by MAX_OUTPUT_CHARS per output.

import { createHash } from 'node:crypto';
import type { Classifier } from '../../classify/index.js';
import { levelRank, type ExtractorFinding, type Level } from '../../types.js';
import type { CellOutput } from './ipynb.js';

export type ValueKind = 'email' | 'phone' | 'card' | 'iban' | 'ssn';

const VALUE_LABELS: Record<ValueKind, string> = {
  email: 'email addresses',
  phone: 'phone numbers',
  card: 'payment card numbers',
  iban: 'IBANs',
  ssn: 'US social security numbers',
};

/** Below these counts a value is more likely a contact line in a log than customer data. */
const MIN_COUNT: Record<ValueKind, number> = { email: 2, phone: 2, card: 1, iban: 1, ssn: 1 };

// Every pattern is linear: bounded repetitions, no nested quantifiers.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
// International numbers with a `+` country code, or the North American (212) 555-0143 / 212-555-0143 forms.
const PHONE = /(?<![\w+-])(?:\+[1-9]\d{0,2}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,3}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}[-.]\d{3}[-.]\d{4})(?![\w-])/g;
const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
/** Issuer prefixes (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro): long numeric ids rarely match both this and Luhn. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|30[0-5]|36|38|62|50|5[6-8]|6[37])/;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '');
  if (s.length < 15 || s.length > 34) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of v) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** Distinct values of each kind in a text (the values themselves never leave this function). */
export function countValues(text: string): Record<ValueKind, number> {
  const seen: Record<ValueKind, Set<string>> = { email: new Set(), phone: new Set(), card: new Set(), iban: new Set(), ssn: new Set() };
  for (const m of text.matchAll(EMAIL)) seen.email.add(m[0].toLowerCase());
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    // Card numbers are 13–19 digits with a valid check digit; a run of one repeated digit is padding.
    if (digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && !/^(\d)\1+$/.test(digits) && luhnValid(digits)) seen.card.add(digits);
  }
  for (const m of text.matchAll(IBAN)) if (ibanValid(m[0])) seen.iban.add(m[0].replace(/ /g, ''));
  for (const m of text.matchAll(SSN)) seen.ssn.add(m[0]);
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 9 && digits.length <= 15 && !seen.card.has(digits) && !seen.ssn.has(m[0])) seen.phone.add(digits);
  }
  return { email: seen.email.size, phone: seen.phone.size, card: seen.card.size, iban: seen.iban.size, ssn: seen.ssn.size };
}

/** Column headers of the tables an output shows: HTML `<th>`, pandas text repr, Spark `show()`. */
export function tableHeaders(mime: string, text: string): string[] {
  if (mime === 'text/html') {
    const headers: string[] = [];
    for (const m of text.matchAll(/<th\b[^>]{0,200}>([^<]{0,200})<\/th>/gi)) {
      const h = decodeEntities(m[1]!).trim();
      if (h) headers.push(h);
    }
    return headers;
  }
  const lines = text.split('\n').slice(0, 200);
  // Spark `df.show()`: +----+----+ / |a|b| / +----+----+
  const border = lines.findIndex((l) => /^\+(-+\+)+\s*$/.test(l));
  if (border >= 0 && /^\|.*\|\s*$/.test(lines[border + 1] ?? '')) {
    return lines[border + 1]!.split('|').map((s) => s.trim()).filter(Boolean);
  }
  // pandas repr: a header line, then rows that start with an index value.
  const header = lines.findIndex((l) => l.trim() !== '');
  const rows = lines.slice(header + 1).filter((l) => l.trim() !== '' && !/^\[\d+ rows x \d+ columns\]$/.test(l.trim()));
  const names = (lines[header] ?? '').trim().split(/\s+/);
  if (header < 0 || rows.length === 0 || names.length === 0) return [];
  const rowLike = rows.filter((r) => r.trim().split(/\s+/).length >= names.length).length;
  return rowLike >= Math.ceil(rows.length / 2) ? names.filter((n) => /^[A-Za-z_][\w.]*$/.test(n)) : [];
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

export interface OutputScanOptions {
  file: string;
  classifier: Classifier;
  /** Headers at or above this level are reported (the gate's fail level). */
  failLevel: Level;
}

const CLEAR_FIX = (file: string) =>
  `jupyter nbconvert --clear-output --inplace ${JSON.stringify(file)}   # or strip outputs on every commit: pip install nbstripout && nbstripout --install`;

/** One finding per output that shows sensitive data. */
export function scanOutputs(outputs: CellOutput[], options: OutputScanOptions): ExtractorFinding[] {
  const findings: ExtractorFinding[] = [];
  // One output often carries the same table as HTML and as text: report it once.
  const reported = new Set<string>();
  for (const output of outputs) {
    if (reported.has(`${output.cell}:${output.output}`)) continue;
    const text = output.pieces.map((p) => p.text).join('');
    const sensitiveHeaders: { name: string; level: Level; categories: string[] }[] = [];
    for (const name of new Set(tableHeaders(output.mime, text))) {
      const s = options.classifier.classify({ column: name });
      if (levelRank(s.level) >= levelRank(options.failLevel)) sensitiveHeaders.push({ name, level: s.level, categories: s.categories });
    }
    const counts = countValues(text);
    const values = (Object.keys(counts) as ValueKind[]).filter((k) => counts[k] >= MIN_COUNT[k]);
    if (sensitiveHeaders.length === 0 && values.length === 0) continue;

    const seen: string[] = [];
    if (sensitiveHeaders.length) seen.push(`a table with column${sensitiveHeaders.length > 1 ? 's' : ''} ${sensitiveHeaders.map((h) => h.name).join(', ')}`);
    if (values.length) seen.push(values.map((k) => `${counts[k]} value${counts[k] > 1 ? 's' : ''} that look like ${VALUE_LABELS[k]}`).join(', '));
    const level = sensitiveHeaders.reduce<Level>((l, h) => (levelRank(h.level) > levelRank(l) ? h.level : l), values.some((k) => k === 'card' || k === 'ssn' || k === 'iban') ? 'restricted' : 'confidential');
    const categories = [...new Set([...sensitiveHeaders.flatMap((h) => h.categories), ...values.map((k) => (k === 'card' || k === 'iban' ? 'financial' : k === 'ssn' ? 'government_id' : 'contact'))])];
    const firstHit = output.pieces.find((p) => sensitiveHeaders.some((h) => p.text.includes(h.name)) || hasAnyValue(p.text)) ?? output.pieces[0];
    reported.add(`${output.cell}:${output.output}`);
    findings.push({
      kind: 'data-in-output',
      severity: 'error',
      location: { file: options.file, line: firstHit?.line ?? output.line, column: firstHit?.column ?? 1 },
      level,
      categories,
      message: `cell ${output.cell} output (${output.mime}) shows ${seen.join(' and ')}; committed outputs publish this data to everyone who can read the repository (values not shown here)`,
      fix: CLEAR_FIX(options.file),
      fingerprint: outputFingerprint(output.mime, text),
    });
  }
  return findings;
}

/** The same output moved to another cell, or kept while other cells change, is the same data. */
function outputFingerprint(mime: string, text: string): string {
  return createHash('sha256').update(mime).update('\0').update(text).digest('hex').slice(0, 32);
}

function hasAnyValue(text: string): boolean {
  const c = countValues(text);
  return c.email + c.phone + c.card + c.iban + c.ssn > 0;
}
