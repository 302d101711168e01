import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeBlock, escapeCommandProperty, escapeMarkdown, escapeTableCell, inlineCode } from '../../src/report/escape.js';

describe('escaping repository content', () => {
  it('neutralises HTML, mentions, links and table pipes in prose', () => {
    expect(escapeMarkdown('x|y<script>@team')).toBe('x\\|y&lt;script&gt;@\u200bteam');
    expect(escapeMarkdown('[a](https://e.example) **b**')).toBe('\\[a\\]\\(https:\u200b//e.example\\) \\*\\*b\\*\\*');
    expect(escapeMarkdown('line1\nline2\r\n# heading')).toBe('line1 line2 \\# heading');
  });

  it('never lets a table cell contain a raw pipe, newline, tag or mention (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const cell = escapeTableCell(s);
        expect(cell).not.toMatch(/[\n\r<>]/);
        expect(cell.replace(/\\\|/g, '')).not.toContain('|');
        expect(cell).not.toMatch(/@[^\u200b]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps inline code and code blocks closed whatever backticks the text holds (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '|', '\n', ' '), maxLength: 60 }), (s) => {
        const code = inlineCode(s);
        const ticks = /^`+/.exec(code)![0];
        expect(code.endsWith(ticks)).toBe(true);
        expect(code.slice(ticks.length, -ticks.length)).not.toContain(ticks);
        const block = codeBlock(s, 'sql');
        const fence = /^`+/.exec(block)![0];
        const inner = block.split('\n').slice(1, -1);
        expect(inner.some((l) => l.startsWith(fence))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes workflow-command properties', () => {
    expect(escapeCommandProperty('a:b,c%\nd')).toBe('a%3Ab%2Cc%25%0Ad');
  });
});
