// Repository content reaches these parsers unfiltered: no input may crash them.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAnnotationPairs, justificationFromText } from '../../src/policy/annotation.js';
import { parseRegistry } from '../../src/policy/registry.js';
import { ConfigLoadError, configFromYaml } from '../../src/config.js';
import { checkJustification } from '../../src/policy/justification.js';
import { defaultConfig } from '../../src/config.js';

const annotationish = fc.stringMatching(/^[a-z_=", \\'-]{0,80}$/);
const yamlish = fc.array(
  fc.constantFrom('justifications:', '  - columns: [a.b]', '    purpose: x', '  -', ': :', '[', '{a: 1}', '    expires: 2020-01-01', '&a [*a, *a]', 'fail-level: 3', 'rules: {}', '\t', '"'),
  { maxLength: 12 },
).map((lines) => lines.join('\n'));

describe('parsers never throw on arbitrary input', () => {
  it('annotation pairs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), annotationish), (text) => {
        const r = parseAnnotationPairs(text);
        expect(Array.isArray(r.problems)).toBe(true);
        const j = justificationFromText(`-- sensitivity-gate: ${text}`, 'inline-comment');
        expect(j).toBeDefined();
        checkJustification(j!.justification, 'restricted', defaultConfig(), new Date());
      }),
      { numRuns: 500 },
    );
  });

  it('registry files', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), yamlish), (text) => {
        const r = parseRegistry(text, 'reg.yml');
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('config files fail only with a ConfigLoadError that has lines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), yamlish), (text) => {
        try {
          configFromYaml(text, 'c.yml');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigLoadError);
          for (const e of (err as ConfigLoadError).errors) expect(e.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
