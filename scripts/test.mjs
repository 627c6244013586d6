// Runs every test/**/*.test.ts with node:test (TypeScript through tsx). Extra arguments are
// passed to node (e.g. --test-name-pattern="promtool").
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The suite reads its files relative to the repository root, wherever it is started from (test
// files given as arguments are taken relative to where it was started).
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const given = process.argv.slice(2).map((a) => (a.endsWith('.test.ts') ? relative(root, resolve(a)) : a));
process.chdir(root);

function find(dir, out = []) {
  // Code-unit order, as compareText (functions/core/base/canonical.ts) and the default sort of strings.
  const entries = new Map(readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e]));
  for (const name of [...entries.keys()].sort()) {
    const p = join(dir, name);
    if (entries.get(name).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = given.some((a) => a.endsWith('.test.ts')) ? given.filter((a) => a.endsWith('.test.ts')) : find('test');
const flags = given.filter((a) => !a.endsWith('.test.ts'));
// node:test runs (cores - 1) files at once: one at a time on a 2-core machine. Most files spend
// their time waiting on child processes (promtool, kubectl, kpt, the API servers), so two at once
// took the suite from 320 s to 260 s there (three: no further gain).
if (!flags.some((f) => f.startsWith('--test-concurrency'))) flags.push(`--test-concurrency=${Math.max(2, availableParallelism() - 1)}`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
