// How the gate's Prometheus client classifies answers, against a local HTTP server that answers
// what a test wants (a stand-in for the answers a real Prometheus gives only when broken: 5xx,
// garbage, NaN and infinities); the real servers are in test/gate-prometheus.test.ts.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { prometheusClient } from '../../../../plugins/gate/prometheus.js';

describe('the gate’s Prometheus client', () => {
  let server: Server;
  let base = '';
  const answers: Record<string, [number, string]> = {
    vector: [200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [1, '0.25'] }, { metric: {}, value: [1, 'NaN'] }, { metric: {}, value: [1, '+Inf'] }] } })],
    scalar: [200, JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '-Inf'] } })],
    matrix: [200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } })],
    bad: [400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })],
    unavailable: [503, 'Service Unavailable'],
    overloaded: [503, JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many queries' })],
    garbage: [200, '<html>login</html>'],
  };
  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname !== '/prometheus/api/v1/query') return void res.writeHead(404).end('404 page not found');
      const [code, body] = answers[url.searchParams.get('query')!]!;
      res.writeHead(code).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/prometheus`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const ask = (q: string) => prometheusClient(base).query(q, AbortSignal.timeout(60_000));

  it('reads an instant vector, NaN and infinities included, and a scalar', async () => {
    assert.deepEqual(await ask('vector'), { kind: 'ok', samples: [{ labels: { a: 'b' }, value: 0.25 }, { labels: {}, value: NaN }, { labels: {}, value: Infinity }] });
    assert.deepEqual(await ask('scalar'), { kind: 'ok', samples: [{ labels: {}, value: -Infinity }] });
  });

  it('an error answer (HTTP 4xx, status error, not JSON, not an instant vector) is a query error', async () => {
    assert.deepEqual(await ask('bad'), { kind: 'error', detail: 'HTTP 400 bad_data: parse error at char 3' });
    assert.match(((await ask('garbage')) as { detail: string }).detail, /^HTTP 200, not a Prometheus API answer/);
    assert.deepEqual(await ask('matrix'), { kind: 'error', detail: 'expected an instant vector, got matrix' });
  });

  it('a server that is there but not serving (HTTP 5xx) counts as unreachable', async () => {
    assert.deepEqual(await ask('unavailable'), { kind: 'unreachable', detail: 'HTTP 503' });
    assert.deepEqual(await ask('overloaded'), { kind: 'unreachable', detail: 'HTTP 503 unavailable: too many queries' });
  });

  it('keeps a path prefix of the URL (a Prometheus behind a proxy path)', async () => {
    assert.equal((await ask('vector')).kind, 'ok');
  });

  it('an aborted budget is unreachable, without asking', async () => {
    assert.deepEqual(await prometheusClient(base).query('vector', AbortSignal.abort()), { kind: 'unreachable', detail: 'no time left for the query' });
  });
});
