// `npm run demo`: builds a throwaway repository from fixtures/demo (a retail pull request) and runs
// the gate on it, exactly as a user would run `npx sensitivity-gate --base main` in their repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'sensitivity-gate-demo-'));
const env = { ...process.env, GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@example.com' };
const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });

try {
  git('init', '-q', '-b', 'main');
  cpSync(join(root, 'fixtures/demo/base'), dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'Customers and orders');
  git('checkout', '-q', '-b', 'feature/checkout-contact');
  cpSync(join(root, 'fixtures/demo/pr'), dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'Checkout v2: contact and card columns');

  const format = process.argv[2] ?? 'text';
  console.log(`$ npx sensitivity-gate --base main${format === 'text' ? '' : ` --format ${format}`}   # in a demo repository (${dir})\n`);
  const result = spawnSync(process.execPath, [cli, '--base', 'main', '--format', format], { cwd: dir, stdio: 'inherit', env });
  console.log(`\nexit code ${result.status} (0 nothing blocking, 1 blocking findings, 2 usage or configuration error)`);
  console.log('Try: npm run demo -- markdown   (the PR comment)   ·   npm run demo -- json   (the JSON report)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
