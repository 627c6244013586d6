// Runs every test/**/*.test.ts with node:test (TypeScript through tsx). Extra arguments are
// passed to node (e.g. --test-name-pattern="promtool").
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const extra = process.argv.slice(2);
const files = extra.some((a) => a.endsWith('.test.ts')) ? extra.filter((a) => a.endsWith('.test.ts')) : find('test');
const flags = extra.filter((a) => !a.endsWith('.test.ts'));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
