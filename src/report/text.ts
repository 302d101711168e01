// The terminal report: findings grouped by file as `file:line:col`, each with its level, rule,
// message, the reason in one line and the fix to paste. Colour only when writing to a terminal.

import type { Finding, Report } from '../types.js';

export interface TextOptions {
  color?: boolean;
  /** List every classified column, not only findings. */
  verbose?: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, green: 32 } as const;
type Style = keyof typeof CODES;

// Repository text must not drive the terminal: escape control characters before printing.
export function sanitize(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = (style: Style, s: string) => (options.color ? `\u001b[${CODES[style]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('bold', sanitize(file)));
    for (const f of findings) {
      const sev = f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'notice');
      const where = `${sanitize(f.file)}:${f.line}:${f.column ?? 1}`;
      const level = f.level ? ` ${f.level}` : '';
      out.push(`  ${where}  ${sev}${level}  ${paint('dim', f.rule)}${f.heuristic ? paint('dim', ' (heuristic)') : ''}`);
      out.push(`    ${sanitize(f.message)}`);
      if (f.why) out.push(`    ${paint('dim', `why: ${sanitize(f.why)}`)}`);
      if (f.fix) {
        out.push(`    ${paint('dim', 'fix:')}`);
        for (const line of f.fix.split('\n')) out.push(`      ${sanitize(line)}`);
      }
    }
    out.push('');
  }
  if (options.verbose && report.columns.length) {
    out.push(paint('bold', 'Columns'));
    for (const c of report.columns) {
      const cats = c.categories.length ? ` [${c.categories.join(', ')}]` : '';
      const flags = [c.justified ? 'justified' : '', c.override ? `override ${c.override.level}` : '', c.heuristic ? 'heuristic' : ''].filter(Boolean).join(', ');
      out.push(`  ${sanitize(c.file)}:${c.line}  ${c.change.padEnd(9)} ${c.level.padEnd(12)} ${sanitize(`${c.table}.${c.column}`)}${cats}${flags ? ` (${flags})` : ''}`);
    }
    out.push('');
  }
  const s = report.summary;
  const levels = (['restricted', 'confidential', 'internal', 'public'] as const).map((l) => `${s.byLevel[l]} ${l}`).join(', ');
  out.push(
    `${s.filesAnalysed} file(s) analysed, ${s.columns} column(s) (${levels}); ` +
      `${s.findings} finding(s), ${s.blocking} blocking` +
      (s.filesWithErrors ? `; ${s.filesWithErrors} file(s) with errors` : '') +
      (s.overrides ? `; ${s.overrides} override(s)` : ''),
  );
  out.push(s.blocking ? paint('red', `✗ sensitivity gate failed (fail-level ${report.failLevel})`) : paint('green', '✓ sensitivity gate passed'));
  return out.join('\n') + '\n';
}
