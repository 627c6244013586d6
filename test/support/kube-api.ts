// A stand-in for the Kubernetes API server, for what no cluster on this machine can give (no
// Docker, no kube-apiserver binary): it serves the rendered manifests with the API server's REST
// paths, discovery documents, Status bodies (404 NotFound, 403 Forbidden, 415, 422), bearer
// tokens, RBAC evaluated from the Roles and RoleBindings it holds (with a ServiceAccount subject's
// namespace defaulting to the binding's, as the RBAC authorizer does), and the ProjectContext
// status subresource (merge patch only, validated against the CRD's status schema). It can also
// hang or fail. The end-to-end test (hook-e2e.test.ts) runs the same scenario on a real cluster.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../../functions/core/index.js';
import { createAjv } from '../../functions/core/validate/ajv.js';
import { ROOT } from '../helpers.js';

type Obj = Record<string, any>;

/** What this API server serves: group/version → kind → plural. */
const SERVED: Record<string, Record<string, string>> = {
  v1: { ConfigMap: 'configmaps', Service: 'services', ServiceAccount: 'serviceaccounts', Pod: 'pods' },
  'apps/v1': { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' },
  'batch/v1': { Job: 'jobs', CronJob: 'cronjobs' },
  'rbac.authorization.k8s.io/v1': { Role: 'roles', RoleBinding: 'rolebindings', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' },
  'monitoring.coreos.com/v1': { ServiceMonitor: 'servicemonitors', PodMonitor: 'podmonitors', PrometheusRule: 'prometheusrules' },
  'argoproj.io/v1alpha1': { Rollout: 'rollouts' },
  'contextcore.io/v1': { ProjectContext: 'projectcontexts' },
};

export interface KubeApiOptions {
  objects: readonly KubeObject[];
  /** Where objects without metadata.namespace go (as Argo CD applies them). */
  destinationNamespace?: string;
  /** Group/versions whose CRDs are not installed. */
  unserved?: string[];
  /** Check Roles/RoleBindings for ServiceAccount tokens (the admin token always passes). */
  rbac?: boolean;
  /** `hang`: accept requests and never answer; a number: answer object reads with that code. */
  mode?: 'ok' | 'hang' | number;
}

export interface RequestLog {
  /** performance.now() when the request arrived: orders it against the OTLP receiver's. */
  at: number;
  method: string;
  path: string;
  user: string;
  code?: number;
  contentType?: string;
}

export interface KubeApi {
  url: string;
  adminToken: string;
  /** A token authenticating as system:serviceaccount:<namespace>:<name>. */
  tokenFor(namespace: string, name: string): string;
  requests: RequestLog[];
  get(apiVersion: string, kind: string, namespace: string, name: string): Obj | undefined;
  delete(apiVersion: string, kind: string, namespace: string, name: string): void;
  close(): Promise<void>;
}

const crd = parse(readFileSync(join(ROOT, 'crds/projectcontext.yaml'), 'utf8'));
const statusSchema = crd.spec.versions[0].schema.openAPIV3Schema.properties.status;
const validateStatus = createAjv().compile(statusSchema);

function status(code: number, reason: string, message: string, details?: Obj): Obj {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const CLUSTER_SCOPED = ['ClusterRole', 'ClusterRoleBinding'];

const matches = (list: string[] | undefined, value: string) => !!list && (list.includes('*') || list.includes(value));

export async function startKubeApi(options: KubeApiOptions): Promise<KubeApi> {
  const served = Object.fromEntries(Object.entries(SERVED).filter(([gv]) => !(options.unserved ?? []).includes(gv)));
  const store = new Map<string, Obj>();
  const keyOf = (gv: string, plural: string, ns: string, name: string) => `${gv}|${plural}|${ns}|${name}`;
  const put = (o: Obj) => {
    const gv = String(o.apiVersion);
    const plural = SERVED[gv]?.[o.kind];
    if (!plural) throw new Error(`the stand-in does not know ${gv} ${o.kind}`);
    // Cluster-scoped objects are held, not served: paths outside namespaces are answered 404
    // (Prometheus objects and namespaces included, as on a cluster without prometheus-operator).
    const ns = CLUSTER_SCOPED.includes(o.kind) ? '' : (o.metadata?.namespace ?? options.destinationNamespace);
    if (ns === undefined) throw new Error(`${o.kind} ${o.metadata?.name} has no namespace and no destinationNamespace was given`);
    const copy = structuredClone(o);
    copy.metadata = { ...copy.metadata, namespace: ns, uid: `uid-${store.size}`, resourceVersion: '1' };
    store.set(keyOf(gv, plural, ns, copy.metadata.name), copy);
  };
  for (const o of options.objects) put(o as Obj);

  const adminToken = 'admin-token';
  const users = new Map<string, string>([[adminToken, 'kubernetes-admin']]);
  const requests: RequestLog[] = [];

  function allowed(user: string, verb: string, group: string, resource: string, ns: string, name: string): boolean {
    if (!options.rbac || user === 'kubernetes-admin') return true;
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
    if (!m) return false;
    for (const b of store.values()) {
      if (b.kind !== 'RoleBinding' || b.metadata.namespace !== ns) continue;
      const bound = (b.subjects ?? []).some((s: Obj) => s.kind === 'ServiceAccount' && s.name === m[2] && (s.namespace || b.metadata.namespace) === m[1]);
      if (!bound || b.roleRef?.kind !== 'Role') continue;
      const role = store.get(keyOf('rbac.authorization.k8s.io/v1', 'roles', ns, b.roleRef.name));
      for (const r of role?.rules ?? []) {
        if (matches(r.apiGroups, group) && matches(r.resources, resource) && matches(r.verbs, verb) && (!r.resourceNames?.length || r.resourceNames.includes(name))) return true;
      }
    }
    return false;
  }

  function send(res: ServerResponse, log: RequestLog, code: number, body: Obj) {
    log.code = code;
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const user = token ? users.get(token) : undefined;
    const log: RequestLog = { at: performance.now(), method: req.method ?? '', path: url.pathname, user: user ?? '', ...(req.headers['content-type'] ? { contentType: String(req.headers['content-type']) } : {}) };
    requests.push(log);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (options.mode === 'hang') return;
    if (!user) return send(res, log, 401, status(401, 'Unauthorized', 'Unauthorized'));

    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(url.pathname);
    if (discovery) {
      const gv = discovery[1] ?? discovery[2]!;
      const kinds = served[gv];
      if (!kinds) return send(res, log, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const resources = Object.entries(kinds).flatMap(([kind, plural]) => [
        { name: plural, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list', 'patch', 'create', 'update', 'delete', 'watch'] },
        ...(kind === 'ProjectContext' || kind === 'Deployment' ? [{ name: `${plural}/status`, singularName: '', namespaced: true, kind, verbs: ['get', 'patch', 'update'] }] : []),
      ]);
      return send(res, log, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources });
    }

    const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(status))?$/.exec(url.pathname);
    if (!m) return send(res, log, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const gv = m[1] ?? m[2]!;
    const [ns, plural, name, sub] = [m[3]!, m[4]!, decodeURIComponent(m[5]!), m[6]];
    const group = gv.includes('/') ? gv.split('/')[0]! : '';
    if (!served[gv] || !Object.values(served[gv]!).includes(plural)) return send(res, log, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const verb = req.method === 'GET' ? 'get' : req.method === 'PATCH' ? 'patch' : String(req.method).toLowerCase();
    const resource = sub ? `${plural}/${sub}` : plural;
    const qualified = group ? `${plural}.${group}` : plural;
    if (!allowed(user, verb, group, resource, ns, name)) {
      return send(res, log, 403, status(403, 'Forbidden', `${qualified} "${name}" is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`, { name, group, kind: plural }));
    }
    if (typeof options.mode === 'number') return send(res, log, options.mode, status(options.mode, 'InternalError', 'Internal error occurred: etcdserver: request timed out'));
    const key = keyOf(gv, plural, ns, name);
    const current = store.get(key);
    if (!current) return send(res, log, 404, status(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: plural }));
    if (verb === 'get' && !sub) return send(res, log, 200, current);
    if (verb === 'patch' && sub === 'status') {
      const type = String(req.headers['content-type'] ?? '');
      if (type !== 'application/merge-patch+json') return send(res, log, 415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${type})`));
      const patched = mergePatch(current, JSON.parse(Buffer.concat(chunks).toString('utf8'))) as Obj;
      const next = { ...current, status: patched.status }; // the status subresource ignores everything but status
      if (next.status !== undefined && !validateStatus(next.status)) {
        const causes = (validateStatus.errors ?? []).map((e) => `status${e.instancePath.replace(/\//g, '.')}: ${e.message}`);
        return send(res, log, 422, status(422, 'Invalid', `ProjectContext.contextcore.io "${name}" is invalid: ${causes.join(', ')}`));
      }
      store.set(key, { ...next, metadata: { ...current.metadata, resourceVersion: String(Number(current.metadata.resourceVersion) + 1) } });
      return send(res, log, 200, store.get(key)!);
    }
    return send(res, log, 405, status(405, 'MethodNotAllowed', `${verb} is not supported here`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adminToken,
    tokenFor(namespace, name) {
      const token = `sa-${namespace}-${name}`;
      users.set(token, `system:serviceaccount:${namespace}:${name}`);
      return token;
    },
    requests,
    get: (apiVersion, kind, namespace, name) => store.get(keyOf(apiVersion, SERVED[apiVersion]![kind]!, namespace, name)),
    delete: (apiVersion, kind, namespace, name) => void store.delete(keyOf(apiVersion, SERVED[apiVersion]![kind]!, namespace, name)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let kubeconfigs: { dir: string; count: number } | undefined;

/** A kubeconfig file for `server` with a bearer token (plain http needs insecure-skip-tls-verify). */
export function writeKubeconfig(server: string, token: string, namespace?: string): string {
  if (!kubeconfigs) {
    const dir = mkdtempSync(join(tmpdir(), 'cc-kubeconfig-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    kubeconfigs = { dir, count: 0 };
  }
  const path = join(kubeconfigs.dir, `config-${kubeconfigs.count++}`);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'test', user: { token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test', ...(namespace ? { namespace } : {}) } }],
      'current-context': 'test',
    }),
  );
  return path;
}
