// Whether a file is a full schema (every table as it is now) rather than one migration step. A file
// that only creates tables is not enough: an initial migration does the same. So a snapshot is a
// file named like a schema dump (`schema.sql`, `structure.sql`, `*_schema.sql`) or one carrying a
// dump tool's header, and that holds no column-level ALTER events.

import type { FileCollector } from './collector.js';

const SCHEMA_FILE = /(^|\/)(schema|structure|[\w.-]*[._-]schema|db[._-]schema)\.sql$/i;
const DUMP_HEADER = /^-- (PostgreSQL database dump|MySQL dump|MariaDB dump)|^-- Dumped (from|by) /m;

export function isSnapshot(file: string, text: string, out: FileCollector): boolean {
  const named = SCHEMA_FILE.test(file) || DUMP_HEADER.test(text.slice(0, 4096));
  if (!named) return false;
  return !out.facts.some((f) => f.action === 'add' || f.action === 'drop' || f.action === 'rename');
}
