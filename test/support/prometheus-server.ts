// Real Prometheus servers on loopback with a history the test writes (../shared/prometheus-history.md):
// raw series as OpenMetrics imported with `promtool tsdb create-blocks-from openmetrics`,
// recording rules backfilled with `create-blocks-from rules`, and optionally a scrape target of
// the test's own for the present. Debian's prometheus 2.42 and Prometheus 3 (scripts/go-tools.mjs)
// each when built or installed; a missing one is skipped with one loud line. Every server a test
// starts is stopped by its process id (test/support/server-process.ts), also on failure and Ctrl-C.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { durationSeconds } from '../../functions/core/index.js';
import { goTool } from './go-tools.js';
import { labelText } from './metrics-target.js';
import { startServer } from './server-process.js';

export interface PrometheusBuild {
  label: string;
  prometheus: string;
  promtool: string;
}

const DEBIAN = { prometheus: '/usr/bin/prometheus', promtool: '/usr/bin/promtool' };

/** The Prometheus builds this machine has: Debian's 2.42 and the pinned Prometheus 3. */
export function prometheusBuilds(): { builds: PrometheusBuild[]; skipped: string[] } {
  const builds: PrometheusBuild[] = [];
  const skipped: string[] = [];
  if (existsSync(DEBIAN.prometheus) && existsSync(DEBIAN.promtool)) builds.push({ label: 'Prometheus 2.42 (Debian)', ...DEBIAN });
  else {
    const reason = "Debian's prometheus 2.42 is not installed (apt-get install prometheus; .ci/run does)";
    console.error(`\n*** SKIPPING ${reason} ***\n`);
    skipped.push(reason);
  }
  const server = goTool('prometheus', 'prometheus');
  const tool = goTool('prometheus', 'promtool');
  if (server.path && tool.path) builds.push({ label: `Prometheus 3 (${server.version})`, prometheus: server.path, promtool: tool.path });
  else skipped.push(String(server.skip || tool.skip));
  return { builds, skipped };
}

/** One series: a metric name, its labels, and [unix seconds, value] points in time order. */
export interface Series {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** OpenMetrics text (families of unknown type: any sample name), each series' samples together. */
export function openMetrics(series: readonly Series[]): string {
  const lines: string[] = [];
  for (const s of series) for (const [t, v] of s.points) lines.push(`${s.name}{${labelText(s.labels)}} ${v} ${t}`);
  return `${lines.join('\n')}\n# EOF\n`;
}

function run(bin: string, args: string[], cwd?: string): void {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
}

/** Imports raw series into a TSDB directory. */
export function importSeries(build: PrometheusBuild, dir: string, series: readonly Series[]): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '..', `${dir.split('/').pop()}-import.om`);
  writeFileSync(file, openMetrics(series));
  // Blocks as long as the history: the default (2h) writes a block per two hours, which for 30
  // days takes minutes to write and to load.
  const span = series.reduce((d, s) => Math.max(d, (s.points.at(-1)?.[0] ?? 0) - (s.points[0]?.[0] ?? 0)), 0);
  run(build.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${Math.max(2, Math.ceil(span / 3600) + 2)}h`, file, dir]);
}

export interface PrometheusServer {
  url: string;
  /** The output of the process so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  ruleFiles?: string[];
  /** host:port targets scraped as job "test" (the target's own labels are kept). */
  scrapeTargets?: string[];
  /** Rule evaluation and scrape interval. */
  interval?: string;
}

/** Starts Prometheus on a free loopback port and waits until it is ready (test/support/server-process.ts). */
export async function startPrometheus(build: PrometheusBuild, o: ServerOptions): Promise<PrometheusServer> {
  const config = join(o.dataDir, '..', `${o.dataDir.split('/').pop()}-prometheus.yml`);
  const interval = o.interval ?? '1s';
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      rule_files: o.ruleFiles ?? [],
      scrape_configs: o.scrapeTargets?.length ? [{ job_name: 'test', honor_labels: true, static_configs: [{ targets: o.scrapeTargets }] }] : [],
    }),
  );
  const server = await startServer({
    label: build.label,
    command: build.prometheus,
    cwd: dirname(config),
    ports: 1,
    args: ([port]) => [`--config.file=${config}`, `--storage.tsdb.path=${o.dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=60d', '--log.level=warn'],
    ready: async ([port]) => (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok,
  });
  return { url: `http://127.0.0.1:${server.ports[0]}`, log: server.output, stop: server.stop };
}

/** Prometheus's limit on the points of one series in a range query (web/api/v1: 11,000); a little under it. */
const MAX_POINTS = 10_000;

/**
 * Backfills recording rules over [start, end] from a running server into `dataDir`: the server is
 * stopped, the blocks moved in, and a new server started on the same data (returned).
 */
export async function backfillRules(build: PrometheusBuild, server: PrometheusServer, o: ServerOptions & { rulesFile: string; start: number; end: number; evalInterval: string }): Promise<PrometheusServer> {
  const out = join(o.dataDir, '..', `${o.dataDir.split('/').pop()}-backfill`);
  mkdirSync(out, { recursive: true });
  // As few blocks as a range query allows (one query per rule and block): the whole span, or
  // the most 2h blocks whose points stay under the server's 11,000 per series.
  const span = Math.max(2, Math.ceil((o.end - o.start) / 3600) + 2);
  const hours = Math.min(span, Math.max(2, Math.floor((MAX_POINTS * durationSeconds(o.evalInterval)!) / 3600 / 2) * 2));
  run(build.promtool, ['tsdb', 'create-blocks-from', 'rules', '--start', String(o.start), '--end', String(o.end), '--url', server.url, '--output-dir', out, '--eval-interval', o.evalInterval, `--max-block-duration=${hours}h`, o.rulesFile]);
  await server.stop();
  for (const block of readdirSync(out)) renameSync(join(out, block), join(o.dataDir, block));
  return startPrometheus(build, o);
}

/** An instant query's `data` ({resultType, result}), at `time` (unix seconds) or now. */
export async function instantQuery(server: PrometheusServer, query: string, time?: number): Promise<{ resultType: string; result: any[] }> {
  const params = new URLSearchParams({ query, ...(time === undefined ? {} : { time: String(time) }) });
  const r = await fetch(`${server.url}/api/v1/query?${params}`);
  const body = (await r.json()) as { status: string; data: { resultType: string; result: any[] }; error?: string };
  if (body.status !== 'success') throw new Error(`query failed (${r.status}): ${body.error}\n${query}`);
  return body.data;
}
