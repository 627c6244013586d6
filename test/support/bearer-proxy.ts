// An https front of a real Prometheus that demands a bearer token, as in-cluster setups put one
// (kube-rbac-proxy, OpenShift's oauth-proxy): a stand-in for that proxy only; the queries are
// answered by the Prometheus behind it. Its certificate is signed by a CA made for the test with
// the openssl command (skipped loudly without it).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { which } from '../helpers.js';

export interface TlsFiles {
  caFile: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}:\n${r.stderr}`);
}

/** A CA and a certificate for 127.0.0.1 signed by it, in `dir`; undefined without openssl. */
export function testCertificates(dir: string): TlsFiles | undefined {
  if (!which('openssl')) {
    console.error('\n*** SKIPPING the bearer-token and CA tests of the gate: openssl is not installed ***\n');
    return undefined;
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=contextcore test CA', '-days', '2'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext'], dir);
  return { caFile: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

export interface BearerProxy {
  url: string;
  close(): Promise<void>;
}

/** https on a free loopback port; requests with `Authorization: Bearer <token>` go on to `upstream`, others get 401. */
export async function startBearerProxy(upstream: string, token: string, tls: TlsFiles): Promise<BearerProxy> {
  const server: Server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized\n');
      return;
    }
    const forward = request(new URL(req.url ?? '/', upstream), { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `https://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
