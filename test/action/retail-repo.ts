// A small retail warehouse repository with a pull request that adds customer contact columns,
// checked out the way actions/checkout does for pull_request: the test-merge commit.
import { commitFile, git, OWNER, REPO } from './harness.js';
import { scratchDir } from '../helpers/scratch.js';

export const CREATE_CUSTOMERS = `-- Customers of the web shop.
CREATE TABLE public.customers (
  customer_id   bigint PRIMARY KEY,
  loyalty_tier  text NOT NULL DEFAULT 'bronze',
  created_at    timestamptz NOT NULL DEFAULT now()
);
`;

export const ADD_CONTACT = `-- Order confirmation e-mails (ticket RET-1182).
ALTER TABLE public.customers
  ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
ALTER TABLE public.customers ADD COLUMN email varchar(320);
`;

export const ADD_CONTACT_JUSTIFIED = `-- Order confirmation e-mails (ticket RET-1182).
ALTER TABLE public.customers
  ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
-- sensitivity-gate: purpose=order_fulfillment, legal_basis=contract, retention=P2Y,
--   justification="Order confirmations and delivery updates are sent to this address"
ALTER TABLE public.customers ADD COLUMN email varchar(320);
`;

export const MIGRATION = 'db/migrations/20251104_add_customer_contact.sql';

export interface PullRequestRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  mergeSha: string;
  number: number;
}

/** Base branch with one more commit after the branch point, a PR head, and the test-merge commit. */
export function pullRequestRepo(migrationText = ADD_CONTACT, path = MIGRATION): PullRequestRepo {
  const dir = scratchDir('sg-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  commitFile(dir, 'db/migrations/20251001_create_customers.sql', CREATE_CUSTOMERS, 'Create customers');
  git(dir, 'checkout', '-q', '-b', 'feature/customer-contact');
  const headSha = commitFile(dir, path, migrationText, 'Add customer contact columns');
  git(dir, 'checkout', '-q', 'main');
  const baseSha = commitFile(dir, 'README.md', '# Warehouse\n', 'Describe the warehouse');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${headSha} into ${baseSha}`, 'feature/customer-contact');
  const mergeSha = git(dir, 'rev-parse', 'HEAD');
  return { dir, baseSha, headSha, mergeSha, number: 7 };
}

export function pullRequestPayload(pr: PullRequestRepo, headRepo = `${OWNER}/${REPO}`) {
  return {
    action: 'synchronize',
    number: pr.number,
    pull_request: {
      number: pr.number,
      head: { sha: pr.headSha, ref: 'feature/customer-contact', repo: { full_name: headRepo } },
      base: { sha: pr.baseSha, ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } },
    },
    repository: { full_name: `${OWNER}/${REPO}`, default_branch: 'main' },
  };
}

/** The unified diff GitHub would list for the migration (every line added). */
export function addedFilePatch(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n');
}
