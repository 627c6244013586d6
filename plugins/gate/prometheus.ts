// The gate's Prometheus client: instant queries over the HTTP API (GET /api/v1/query), a bearer
// token and a CA bundle from files as in-cluster Prometheus setups need, every request cancelled
// by the run's time budget. Only transport and classification here; the decision is the core's
// (delivery/gate-decision.ts): no answer is `unreachable`, an answer that is an error `error`.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { QueryOutcome } from '../../functions/core/in-cluster.js';

/** Larger answers are not ours: an instant vector of a few series. */
const MAX_BODY = 16 * 1024 * 1024;

export interface PrometheusClient {
  url: string;
  query(expr: string, signal: AbortSignal): Promise<QueryOutcome>;
}

/** Prometheus' float text: NaN, +Inf and -Inf besides numbers (the API's string values). */
const sampleValue = (text: unknown): number => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : text === 'NaN' ? NaN : Number(text));

function outcomeOf(status: number, body: string): QueryOutcome {
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    if (status >= 500) return { kind: 'unreachable', detail: `HTTP ${status}` };
    return { kind: 'error', detail: `HTTP ${status}, not a Prometheus API answer: ${JSON.stringify(body.slice(0, 120))}` };
  }
  if (status >= 500 && json?.status !== 'error') return { kind: 'unreachable', detail: `HTTP ${status}` };
  if (json?.status !== 'success') return { kind: status >= 500 ? 'unreachable' : 'error', detail: `HTTP ${status}${json?.errorType ? ` ${json.errorType}` : ''}: ${json?.error ?? 'no error message'}` };
  const data = json.data;
  if (data?.resultType === 'scalar') return { kind: 'ok', samples: [{ labels: {}, value: sampleValue(data.result?.[1]) }] };
  if (data?.resultType !== 'vector' || !Array.isArray(data.result)) return { kind: 'error', detail: `expected an instant vector, got ${data?.resultType}` };
  return { kind: 'ok', samples: data.result.map((s: any) => ({ labels: s.metric ?? {}, value: sampleValue(s.value?.[1]) })) };
}

export function prometheusClient(baseUrl: string, auth: { token?: string; ca?: string | Buffer } = {}): PrometheusClient {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  return {
    url: baseUrl,
    query(expr, signal) {
      const url = new URL('api/v1/query', base);
      url.searchParams.set('query', expr);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (auth.token) headers.authorization = `Bearer ${auth.token}`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise<QueryOutcome>((resolve) => {
        const unreachable = (detail: string) => resolve({ kind: 'unreachable', detail });
        if (signal.aborted) return unreachable('no time left for the query');
        const req = send(url, { method: 'GET', headers, signal, ...(url.protocol === 'https:' && auth.ca ? { ca: auth.ca } : {}) }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) req.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
            else chunks.push(c);
          });
          res.on('end', () => resolve(outcomeOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', (e) => unreachable(e.message));
        });
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (signal.aborted) unreachable(`no answer within the --timeout (${url.origin})`);
          else unreachable(`${e.code ? `${e.code}: ` : ''}${e.message}`);
        });
        req.end();
      });
    },
  };
}
