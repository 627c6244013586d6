// A scrape target of the test's own on loopback: Prometheus text exposition of counters whose
// values are functions of the wall clock, so that a history written before Prometheus starts
// (prometheus-server.ts) and what it scrapes afterwards are one continuous series.

import { createServer, type Server } from 'node:http';

export interface CounterSeries {
  name: string;
  labels: Record<string, string>;
  /** The counter's value at unix time `t` (seconds). */
  value(t: number): number;
}

export interface MetricsTarget {
  /** host:port, for a static_config. */
  address: string;
  close(): Promise<void>;
}

/** Label pairs as the text format and OpenMetrics write them (without the braces), values escaped. */
export const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

export function exposition(series: readonly CounterSeries[], t: number): string {
  return `${series.map((s) => `${s.name}{${labelText(s.labels)}} ${s.value(t)}`).join('\n')}\n`;
}

export async function startMetricsTarget(series: readonly CounterSeries[], now: () => number = () => Date.now() / 1000): Promise<MetricsTarget> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(series, now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
