// Jaeger as a real trace backend for the end-to-end suite: the pinned Jaeger v2 build
// (scripts/go-tools.mjs, `jaeger`, an OpenTelemetry Collector with Jaeger's extensions) run
// all-in-one from a config file of ours: an OTLP/HTTP receiver, in-memory storage, the query
// service (HTTP: the UI's /api and the api_v3 that answers in OTLP), a health check; every
// listener on its own free loopback port, Jaeger's own telemetry off.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { goTool } from './go-tools.js';
import { decodeSpans, type DecodedSpan } from './otlp-receiver.js';
import { getJson, HANG_LIMIT_MS, pollUntil, startServer, type ServerProcess } from './server-process.js';

type Obj = Record<string, any>;


export interface Jaeger {
  /** The OTLP/HTTP endpoint (what --endpoint / OTEL_EXPORTER_OTLP_ENDPOINT take). */
  otlpEndpoint: string;
  /** The query service: `${query}/api/…` (the UI's API), `${query}/api/v3/…`. */
  query: string;
  /**
   * The spans of a trace as api_v3 answers (OTLP), polled until it holds `count` spans; what is
   * stored then if it never does (the caller's assertions say what is missing).
   */
  trace(traceId: string, count: number): Promise<DecodedSpan[]>;
  /** GET on the query service, its JSON (polled while it answers other than 200). */
  get(path: string): Promise<Obj>;
  server: ServerProcess;
  stop(): Promise<void>;
}

function config([health, otlp, queryHttp, queryGrpc]: number[]): Obj {
  const at = (port: number | undefined) => `127.0.0.1:${port}`;
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      // Its own metrics would listen on :8888 and its own traces go to localhost:4317.
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: at(health) } },
      jaeger_query: { storage: { traces: 'memstore' }, enable_tracing: false, http: { endpoint: at(queryHttp) }, grpc: { endpoint: at(queryGrpc) } },
      jaeger_storage: { backends: { memstore: { memory: { max_traces: 10_000 } } } },
    },
    receivers: { otlp: { protocols: { http: { endpoint: at(otlp) } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
  };
}

/** The pinned build, or why there is none (announced loudly once). */
export const jaegerTool = () => goTool('jaeger');

/** Starts Jaeger (it must be built) and waits until it is healthy and its query service answers. */
export async function startJaeger(): Promise<Jaeger> {
  const tool = jaegerTool();
  if (!tool.path) throw new Error(String(tool.skip));
  const dir = mkdtempSync(join(tmpdir(), 'cc-jaeger-'));
  try {
    const server = await startServer({
      label: `jaeger ${tool.version}`,
      command: tool.path,
      cwd: dir,
      ports: 4,
      args: (ports) => {
        writeFileSync(join(dir, 'config.yaml'), stringify(config(ports)));
        return ['--config', join(dir, 'config.yaml')];
      },
      ready: async ([health, , queryHttp]) => (await fetch(`http://127.0.0.1:${health}/status`)).status === 200 && (await fetch(`http://127.0.0.1:${queryHttp}/api/services`)).status === 200,
    });
    const [, otlp, queryHttp] = server.ports;
    const query = `http://127.0.0.1:${queryHttp}`;
    const get = (path: string) => pollUntil(`jaeger GET ${path}`, () => getJson(`${query}${path}`));
    return {
      otlpEndpoint: `http://127.0.0.1:${otlp}`,
      query,
      get,
      server,
      async trace(traceId, count) {
        let stored: DecodedSpan[] = [];
        try {
          await pollUntil(
            `trace ${traceId} in jaeger with ${count} spans`,
            async () => {
              // 404 until the trace is stored.
              const body = await getJson(`${query}/api/v3/traces/${traceId}`);
              stored = body ? decodeSpans(body.result) : [];
              return stored.length >= count ? true : undefined;
            },
            { limitMs: HANG_LIMIT_MS / 3 },
          );
        } catch {
          // What is stored: the caller's assertions name the difference.
        }
        return stored;
      },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
