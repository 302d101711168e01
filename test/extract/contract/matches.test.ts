import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config.js';
import { contractExtractor } from '../../../src/extract/contract/index.js';
import type { ExtractContext } from '../../../src/extract/types.js';

/** One side of a repository held in memory. */
function contextWith(files: Record<string, string>): ExtractContext {
  return {
    config: defaultConfig(),
    side: 'head',
    tree: {
      list: async () => Object.keys(files),
      read: async (path) => files[path],
    },
  };
}

const WORKFLOW = 'name: publish contracts\non:\n  push:\n    branches: [main]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n';
const ODCS = 'apiVersion: v3.0.2\nkind: DataContract\nschema: []\n';

describe('contractExtractor.matches', () => {
  it('owns files whose names say they are contracts, without reading them', async () => {
    const ctx = contextWith({});
    for (const path of ['contracts/customers.odcs.yaml', 'orders/datacontract.yaml', 'events/page_view.schema.json', 'schemas/order.avsc', 'proto/customer.proto']) {
      expect(await contractExtractor.matches(path, ctx), path).toBe(true);
    }
    expect(await contractExtractor.matches('models/orders.sql', ctx)).toBe(false);
    expect(await contractExtractor.matches('docs/readme.yaml', ctx)).toBe(false);
  });

  it('sniffs YAML under contracts/: skips what is clearly something else, keeps contracts and broken files', async () => {
    const ctx = contextWith({
      'contracts/.github/ci.yml': WORKFLOW,
      'contracts/customers.yaml': ODCS,
      'contracts/broken.yaml': 'apiVersion: v3.0.2\nschema: [\n',
    });
    expect(await contractExtractor.matches('contracts/.github/ci.yml', ctx)).toBe(false);
    expect(await contractExtractor.matches('contracts/customers.yaml', ctx)).toBe(true);
    expect(await contractExtractor.matches('contracts/broken.yaml', ctx)).toBe(true);
    // Missing on this side (deleted or renamed): the pipeline decides; the extractor does not hide it.
    expect(await contractExtractor.matches('contracts/gone.yaml', ctx)).toBe(true);
  });

  it('follows the configured globs', async () => {
    const ctx = contextWith({ 'data/schemas/events.yaml': ODCS });
    expect(await contractExtractor.matches('data/schemas/events.yaml', ctx)).toBe(false);
    ctx.config.paths.contracts = ['data/schemas/**'];
    expect(await contractExtractor.matches('data/schemas/events.yaml', ctx)).toBe(true);
  });

  it('extracts with the configured classification map', async () => {
    const ctx = contextWith({});
    ctx.config.contracts.classificationMap['tier-2'] = 'restricted';
    const text = 'apiVersion: v3.0.0\nkind: DataContract\nschema:\n  - name: members\n    properties:\n      - name: national_id\n        classification: Tier-2\n';
    const result = await contractExtractor.extract({ path: 'contracts/members.odcs.yaml', text }, ctx);
    expect(result.errors).toEqual([]);
    expect(result.snapshot).toBe(true);
    expect(result.facts[0]?.declared?.level).toBe('restricted');
  });
});
