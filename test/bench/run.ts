// npm run bench: whole-process measurements, warm-up first, A and B alternated so that machine
// drift cancels, medians of several runs, each figure beside its goal. --json for machines.
//
//   npm run bench              all benchmarks, 5 runs each (3 for the 10,000-context ones)
//   npm run bench -- --json    the same as JSON
//   npm run bench -- --runs 9  more runs

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourceList } from './inputs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/contextcore.cjs');
const PROBE = join(ROOT, 'test/bench/rss-probe.cjs');
const IDENTITY = join(ROOT, 'test/bench/identity-fn.mjs');

const args = process.argv.slice(2);
const json = args.includes('--json');
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const tmp = mkdtempSync(join(tmpdir(), 'cc-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

interface Sample {
  seconds: number;
  rssKiB: number;
}

/** One whole-process run of a node script; wall time, and peak RSS from the preloaded probe. */
function run(script: string, scriptArgs: string[], stdinFile: string | undefined): Sample {
  const rssFile = join(tmp, `rss-${Math.random().toString(36).slice(2)}`);
  const input = stdinFile ? readFileSync(stdinFile) : undefined;
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PROBE, script, ...scriptArgs], {
    input,
    env: { ...process.env, CC_BENCH_RSS_FILE: rssFile },
    maxBuffer: 2 * 1024 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${script} ${scriptArgs.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  return { seconds, rssKiB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A and B alternated after one warm-up each; medians of each and of the per-pair ratios. */
function pair(a: () => Sample, b: () => Sample, n: number) {
  a();
  b();
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < n; i++) {
    as.push(a());
    bs.push(b());
  }
  return {
    a: { seconds: median(as.map((s) => s.seconds)), rssKiB: median(as.map((s) => s.rssKiB)) },
    b: { seconds: median(bs.map((s) => s.seconds)), rssKiB: median(bs.map((s) => s.rssKiB)) },
    timeRatio: median(as.map((s, i) => s.seconds / bs[i]!.seconds)),
    rssRatio: median(as.map((s, i) => s.rssKiB / bs[i]!.rssKiB)),
  };
}

interface Row {
  name: string;
  measured: string;
  baseline: string;
  ratio: number;
  goal: number;
  unit: 'time' | 'memory';
}

const rows: Row[] = [];
const say = (text: string) => {
  if (!json) process.stderr.write(`${text}\n`);
};
const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mib = (k: number) => `${(k / 1024).toFixed(0)} MiB`;

function input(contexts: number): string {
  const path = join(tmp, `rl-${contexts}.yaml`);
  writeFileSync(path, resourceList(contexts));
  return path;
}

say(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${runs} runs per figure after a warm-up`);
const one = input(1);
const thousand = input(1000);
const tenThousand = input(10000);

say('cold start…');
let p = pair(() => run(CLI, ['fn'], one), () => run('-e', ['0'], undefined), runs);
rows.push({ name: 'cold start: fn on 1 context vs node -e 0', measured: fmt(p.a.seconds), baseline: fmt(p.b.seconds), ratio: p.timeRatio, goal: 1.5, unit: 'time' });

say('throughput…');
p = pair(() => run(CLI, ['fn'], thousand), () => run(IDENTITY, [], thousand), runs);
rows.push({ name: 'throughput: fn on 1,000 contexts vs identity function', measured: fmt(p.a.seconds), baseline: fmt(p.b.seconds), ratio: p.timeRatio, goal: 1.5, unit: 'time' });

const bigRuns = Math.max(3, Math.ceil(runs / 2));
say('scaling…');
p = pair(() => run(CLI, ['fn'], tenThousand), () => run(CLI, ['fn'], thousand), bigRuns);
rows.push({ name: 'scaling: fn on 10,000 vs 1,000 contexts', measured: fmt(p.a.seconds), baseline: fmt(p.b.seconds), ratio: p.timeRatio, goal: 11, unit: 'time' });

say('memory…');
p = pair(() => run(CLI, ['fn'], tenThousand), () => run(IDENTITY, [], tenThousand), bigRuns);
rows.push({ name: 'memory: peak RSS of fn vs identity, 10,000 contexts', measured: mib(p.a.rssKiB), baseline: mib(p.b.rssKiB), ratio: p.rssRatio, goal: 2, unit: 'memory' });

if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: cpus().length, runs, results: rows.map((r) => ({ ...r, ratio: Number(r.ratio.toFixed(3)), met: r.ratio <= r.goal })) }, null, 2)}\n`);
} else {
  const header = ['benchmark', 'measured', 'baseline', 'ratio', 'goal', ''];
  const lines = rows.map((r) => [r.name, r.measured, r.baseline, `${r.ratio.toFixed(2)}×`, `≤ ${r.goal}×`, r.ratio <= r.goal ? 'met' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${[row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n')}\n`);
}
