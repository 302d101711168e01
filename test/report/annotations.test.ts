import { describe, expect, it } from 'vitest';
import { renderAnnotations } from '../../src/report/annotations.js';
import { manyFindingsReport, retailReport } from './retail-report.js';

describe('renderAnnotations', () => {
  it('matches the golden workflow commands (reviewed by hand)', async () => {
    await expect(renderAnnotations(retailReport())).toMatchFileSnapshot('golden/retail-annotations.txt');
  });

  it('escapes properties and multi-line messages per the workflow-command rules', () => {
    const report = retailReport();
    report.findings = [{ ...report.findings[0]!, file: 'db/a,b:c.sql', columnName: 'x,y', fix: 'line1\nline2 100%' }];
    const out = renderAnnotations(report);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).toContain('file=db/a%2Cb%3Ac.sql,line=4,col=30,title=');
    expect(out).toContain('public.customers.x%2Cy');
    expect(out).toContain('Fix:%0Aline1%0Aline2 100%25');
  });

  it('shows the most severe first and one summary annotation when a severity overflows', () => {
    const report = manyFindingsReport(25);
    report.findings[24] = { ...report.findings[24]!, level: 'restricted', columnName: 'card_number' };
    const lines = renderAnnotations(report).trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('card_number');
    expect(lines[9]).toMatch(/^::error title=16 more error findings not shown::GitHub shows at most 10 error annotations per step/);
  });

  it('prints nothing when there are no findings', () => {
    expect(renderAnnotations(retailReport({ findings: [] }))).toBe('');
  });
});
