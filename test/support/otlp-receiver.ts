// A real OTLP/HTTP trace receiver for tests: a node:http server on loopback that decodes what
// the exporter sends (OTLP/JSON, gzip or not) and answers as a collector would, or refuses to:
// `ok` (200 with an empty ExportTraceServiceResponse), a status code such as 503, or `hang`
// (accepts the request and never answers); `answerAfterMs` delays the answer, `retryAfter` is the
// Retry-After header of an answer that is not 200.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

type Obj = Record<string, any>;

export interface ReceivedExport {
  /** performance.now() when the request arrived and when it was answered (the kube-api stand-in's clock). */
  at: number;
  answeredAt?: number;
  path: string;
  contentType: string;
  body: Obj;
}

export interface OtlpReceiver {
  /** Base endpoint (what --endpoint / OTEL_EXPORTER_OTLP_ENDPOINT take). */
  endpoint: string;
  /** Every request, decoded, in arrival order (hung ones included once their body arrived). */
  received: ReceivedExport[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

export async function startOtlpReceiver(mode: 'ok' | 'hang' | number = 'ok', options: { answerAfterMs?: number; retryAfter?: string } = {}): Promise<OtlpReceiver> {
  const received: ReceivedExport[] = [];
  const server: Server = createServer(async (req, res) => {
    const at = performance.now();
    const body = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/json')) {
      // This receiver decodes OTLP/JSON only; tests assert the Content-Type of what arrived.
      received.push({ at, path: req.url ?? '', contentType, body: {} });
      res.writeHead(415).end();
      return;
    }
    const entry: ReceivedExport = { at, path: req.url ?? '', contentType, body: JSON.parse(body.toString('utf8')) };
    received.push(entry);
    if (mode === 'hang') return; // never answer
    if (options.answerAfterMs) await new Promise((resolve) => setTimeout(resolve, options.answerAfterMs));
    entry.answeredAt = performance.now();
    if (req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const code = mode === 'ok' ? 200 : mode;
    res.writeHead(code, { 'content-type': 'application/json', ...(code !== 200 && options.retryAfter !== undefined ? { 'retry-after': options.retryAfter } : {}) }).end(code === 200 ? '{}' : JSON.stringify({ code: 14, message: 'unavailable' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback endpoint with nothing listening: connections are refused. Port 1 (tcpmux, privileged,
 * unused on any machine we run on) rather than an ephemeral port let go of, which another process
 * on a busy machine can bind before the test connects; checked, with the ephemeral port as the
 * fallback where something does answer on port 1.
 */
export async function refusedEndpoint(): Promise<string> {
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 1 });
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
  if (refused) return 'http://127.0.0.1:1';
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// --- Reading an OTLP/JSON ExportTraceServiceRequest back.

export type AnyValue = string | number | boolean | AnyValue[] | undefined;

function value(v: Obj | undefined): AnyValue {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map((x: Obj) => value(x));
  return undefined;
}

export const attributesOf = (list: Obj[] | undefined): Record<string, AnyValue> => Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  end: bigint;
  attributes: Record<string, AnyValue>;
  events: Array<{ name: string; time: bigint; attributes: Record<string, AnyValue> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, AnyValue> }>;
  /** 0 UNSET, 1 OK, 2 ERROR (OTLP StatusCode). */
  status: { code: number; message?: string };
  resource: Record<string, AnyValue>;
}

export function decodeSpans(request: Obj): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          kind: s.kind,
          start: BigInt(s.startTimeUnixNano),
          end: BigInt(s.endTimeUnixNano),
          attributes: attributesOf(s.attributes),
          events: (s.events ?? []).map((e: Obj) => ({ name: e.name, time: BigInt(e.timeUnixNano), attributes: attributesOf(e.attributes) })),
          links: (s.links ?? []).map((l: Obj) => ({ traceId: l.traceId, spanId: l.spanId, attributes: attributesOf(l.attributes) })),
          status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
          resource,
        });
      }
    }
  }
  return out;
}
