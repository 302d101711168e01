import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { retailReport } from './retail-report.js';

type Sarif = {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; help: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    invocations: Array<{ toolExecutionNotifications: unknown[] }>;
  }>;
};

describe('renderSarif', () => {
  it('matches the golden SARIF log (reviewed by hand)', async () => {
    await expect(JSON.stringify(renderSarif(retailReport()), null, 2) + '\n').toMatchFileSnapshot('golden/retail.sarif.json');
  });

  it('declares one rule per finding kind and points each result at its rule', () => {
    const sarif = renderSarif(retailReport()) as Sarif;
    const run = sarif.runs[0]!;
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'sensitivity-gate/exposure',
      'sensitivity-gate/parse-error',
      'sensitivity-gate/unjustified-column',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.results.find((r) => r.ruleId.endsWith('exposure'))!.level).toBe('warning');
    // A line-0 finding (whole file) still gets a valid region.
    expect(Math.min(...run.results.map((r) => r.locations[0]!.physicalLocation.region.startLine))).toBe(1);
    expect(run.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
  });

  it('keeps fingerprints stable when lines move and distinct across columns', () => {
    const before = renderSarif(retailReport()) as Sarif;
    const moved = retailReport();
    moved.findings = moved.findings.map((f) => ({ ...f, line: f.line + 17 }));
    const after = renderSarif(moved) as Sarif;
    const prints = (s: Sarif) => s.runs[0]!.results.map((r) => r.partialFingerprints['sensitivityGateFinding/v1']);
    expect(prints(after)).toEqual(prints(before));
    expect(new Set(prints(before)).size).toBe(prints(before).length);
  });
});
