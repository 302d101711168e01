// `npm run bench`: classification throughput on one core, cold (every name new) and warm (a real
// schema's repetition). Names are built from realistic parts so that the tokenizer and the
// segmenter do real work rather than hitting one cache entry.
import { createClassifier } from '../src/classify/index.js';

const prefixes = ['', 'customer_', 'billing_', 'emergency_1_', 'student_', 'store_', 'is_', 'num_', 'hashed_', 'primary', 'school', 'legal_'];
const heads = ['email', 'phone', 'first_name', 'address', 'zip', 'ssn', 'card_number', 'ip_address', 'order_total', 'product_name', 'created_at', 'latitude', 'notes', 'passenger_count', 'dob', 'Email', 'phoneNumber', 'cellphone', 'nachname', 'status'];
const suffixes = ['', '_id', '_verified', '_count', '_hash', '_last4', '_2', '_current', 'Address', '_at', '_type'];
const types = ['text', 'varchar(255)', 'int64', 'boolean', 'timestamp', undefined];
const tables = ['customers', 'orders', 'products', 'stg_students', undefined];

function names(n: number, salt: number): { column: string; type?: string; table?: string }[] {
  const out: { column: string; type?: string; table?: string }[] = [];
  for (let i = 0; i < n; i++) {
    const column = `${prefixes[i % prefixes.length]}${heads[(i * 7) % heads.length]}${suffixes[(i * 13) % suffixes.length]}${salt ? `_${i}` : ''}`;
    out.push({ column, type: types[i % types.length], table: tables[(i * 3) % tables.length] });
  }
  return out;
}

function time(label: string, inputs: ReturnType<typeof names>, run: (i: (typeof inputs)[number]) => void): void {
  const t0 = process.hrtime.bigint();
  for (const i of inputs) run(i);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label.padEnd(48)} ${inputs.length} columns in ${ms.toFixed(0)} ms (${Math.round(inputs.length / (ms / 1000)).toLocaleString('en')} /s)`);
}

const N = 100_000;
const warmup = createClassifier();
time('load rule packs + 2,000 warm-up', names(2000, 1), (i) => warmup.classify(i));
const c = createClassifier();
time('classify, repeated schema names', names(N, 0), (i) => c.classify(i));
time('classify, every name distinct (no cache hit)', names(N, 1), (i) => c.classify(i));
time('explain (full trace), every name distinct', names(N, 2), (i) => c.explain(i));
