import { describe, expect, it } from 'vitest';
import { renderMarkdown, COMMENT_LIMIT } from '../../src/report/markdown.js';
import { allClearReport, manyFindingsReport, retailReport, HEAD_SHA } from './retail-report.js';

const repoUrl = 'https://github.com/acme-retail/warehouse';
const summaryUrl = 'https://github.com/acme-retail/warehouse/actions/runs/4242';

describe('renderMarkdown', () => {
  it('renders the retail PR comment (golden file, reviewed by hand)', async () => {
    const md = renderMarkdown(retailReport(), { repoUrl, headSha: HEAD_SHA, summaryUrl });
    await expect(md).toMatchFileSnapshot('golden/retail-comment.md');
  });

  it('renders the all-clear comment (golden file)', async () => {
    const md = renderMarkdown(allClearReport(), { repoUrl, headSha: HEAD_SHA });
    await expect(md).toMatchFileSnapshot('golden/all-clear-comment.md');
    expect(md).toContain('all clear');
    expect(md).not.toContain('Blocking findings');
  });

  it('links each blocking finding to its line at the head commit', () => {
    const md = renderMarkdown(retailReport(), { repoUrl, headSha: HEAD_SHA });
    expect(md).toContain(`(${repoUrl}/blob/${HEAD_SHA}/db/migrations/20251104_add_customer_contact.sql#L4)`);
  });

  it('prints plain locations when the repository is unknown (CLI use)', () => {
    const md = renderMarkdown(retailReport());
    expect(md).not.toContain('/blob/');
    expect(md).toContain('db/migrations/20251104\\_add\\_customer\\_contact.sql:4');
  });

  it('puts the fix for every blocking finding in its own fenced block', () => {
    const md = renderMarkdown(retailReport());
    const blocks = md.match(/```sql\n[\s\S]*?\n```/g) ?? [];
    expect(blocks).toHaveLength(2);
    // The restricted card number sorts before the confidential email.
    expect(blocks[0]).toContain('purpose=payments');
    expect(blocks[1]).toContain('purpose=order_fulfillment');
    // The registry alternative is its own YAML block, introduced in prose.
    expect(md).toContain('_or in data\\-justifications.yml:_\n\n```yaml\n- columns: [public.customers.email]');
  });

  it('fences a dbt model\'s properties-file fix as YAML, not as the model\'s SQL', () => {
    const report = retailReport();
    const first = report.findings.find((f) => f.blocking)!;
    report.findings = [
      {
        ...first,
        file: 'models/marts/mart_audience.sql',
        fix: '# models/marts/schema.yml:12, under "- name: email":\n  config:\n    meta:\n      purpose: marketing',
      },
    ];
    const md = renderMarkdown(report);
    expect(md).toContain('```yaml\n# models/marts/schema.yml:12, under');
    expect(md).not.toContain('```sql\n# models');
  });

  it('stays under the comment limit with 500 findings and says what it left out', () => {
    const report = manyFindingsReport(500);
    const md = renderMarkdown(report, { repoUrl, headSha: HEAD_SHA, summaryUrl });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(COMMENT_LIMIT * 0.8);
    expect(md).toMatch(/_\d+ columns not shown to stay within GitHub's size limit; see the \[job summary\]/);
    // Blocking findings outrank the column list: the first ones are all there.
    expect(md).toContain('`public.customers.secondary_email_0`');
    expect(md).toContain('500 blocking findings');
  });

  it('honours a small budget without breaking the structure', () => {
    for (const max of [3_000, 8_000, 20_000]) {
      const md = renderMarkdown(manyFindingsReport(200), { maxChars: max });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(max);
      expect(md.split('<details>').length).toBe(md.split('</details>').length);
      expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
  });

  it('escapes a hostile column name so it neither injects HTML, pings, nor breaks the table', () => {
    const report = retailReport();
    const hostile = 'x|y<script>@team';
    report.findings = report.findings.map((f) => ({ ...f, columnName: hostile, message: `New column ${hostile} [click](https://evil.example) is bad`, fix: '```\n@team </details>' }));
    report.columns = report.columns.map((c) => ({ ...c, column: hostile }));
    const md = renderMarkdown(report, { repoUrl, headSha: HEAD_SHA });
    // Code spans and fenced blocks show their text literally on GitHub (no HTML, no mentions);
    // everywhere else the raw text must not survive.
    const outsideCode = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toMatch(/@team/);
    expect(outsideCode).toContain('&lt;script&gt;@\u200bteam');
    expect(md).not.toContain('](https://evil');
    expect(md).toContain('`public.customers.x\\|y<script>@team`');
    // Every table row keeps the header's number of cells (unescaped pipes would add cells).
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|--'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([6, 7]).toContain(cells);
    }
    // The hostile fence inside the fix cannot close the code block it sits in.
    expect(md).toContain('````sql\n```\n@team </details>\n````');
  });
});
