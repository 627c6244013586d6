// Real Kubernetes API servers for the end-to-end suite (test/e2e.test.ts), from every source this
// machine offers: the stock kube-apiservers of ../shared/k8s (1.26, the oldest version we support,
// and 1.32), each started for this run with its own K8S_ROOT in a temporary directory and free
// ports, then stopped and wiped; the cluster CONTEXTCORE_E2E_KUBECONFIG names (kept, only our
// namespaces are deleted); a K3s container when a Docker engine runs (testcontainers).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED, which } from '../helpers.js';
import { freePorts } from './server-process.js';

/** The versions ../shared/k8s/up.sh starts: the oldest Kubernetes we support and a current one. */
export const SHARED_VERSIONS = ['1.26', '1.32'] as const;
export const K8S_DIR = join(SHARED, 'k8s');
const K3S_IMAGE = 'rancher/k3s:v1.31.2-k3s1';

export interface ApiServer {
  /** How tests name it, e.g. "kube-apiserver 1.26". */
  label: string;
  /** Admin kubeconfig, set once started. */
  kubeconfig: string;
  /** False for a cluster someone gave us: we delete only what we created in it. */
  throwaway: boolean;
}

interface Source {
  label: string;
  throwaway: boolean;
  start(): Promise<string>;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A kube-apiserver of ../shared/k8s in its own K8S_ROOT, on free ports; stopped and wiped after. */
function sharedServer(version: string, root: () => string): Source {
  const env: NodeJS.ProcessEnv = {};
  return {
    label: `kube-apiserver ${version}`,
    throwaway: true,
    async start() {
      // One retry: another process may take a port between our probe and up.sh binding it.
      env.K8S_ROOT = join(root(), version);
      let last = '';
      for (let attempt = 0; attempt < 2; attempt++) {
        const [api, etcd, peer] = await freePorts(3);
        Object.assign(env, { APISERVER_PORT: String(api), ETCD_PORT: String(etcd), ETCD_PEER_PORT: String(peer) });
        const r = await run(join(K8S_DIR, 'up.sh'), [version], env);
        const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(r.out)?.[1];
        if (r.code === 0 && kubeconfig) return kubeconfig;
        last = r.out;
        if (!/in use by a process not started by up\.sh/.test(r.out)) break;
        await run(join(K8S_DIR, 'down.sh'), [version, '--wipe'], env);
      }
      throw new Error(`up.sh ${version} failed:\n${last}`);
    },
    async stop() {
      await run(join(K8S_DIR, 'down.sh'), [version, '--wipe'], env);
    },
  };
}

function givenCluster(kubeconfig: string): Source {
  return { label: `CONTEXTCORE_E2E_KUBECONFIG (${kubeconfig})`, throwaway: false, start: async () => kubeconfig, stop: async () => {} };
}

function k3s(root: () => string): Source {
  let container: { stop(): Promise<unknown>; getKubeConfig(): string } | undefined;
  return {
    label: `K3s ${K3S_IMAGE} (testcontainers)`,
    throwaway: true,
    async start() {
      const { K3sContainer } = await import('@testcontainers/k3s');
      container = await new K3sContainer(K3S_IMAGE).start();
      const kubeconfig = join(root(), 'k3s.kubeconfig');
      writeFileSync(kubeconfig, container.getKubeConfig());
      return kubeconfig;
    },
    async stop() {
      await container?.stop();
    },
  };
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export interface ApiServerPool {
  servers: ApiServer[];
  /** Why the suite cannot run at all (one line), or undefined. */
  skip?: string;
  /** Sources present but unusable, one line each (e.g. ../shared/k8s without etcd). */
  notes: string[];
  /** How long start() took, all servers in parallel. */
  startMs?: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new directory for a test's files (kubeconfigs, rendered cases), removed by stop(). */
  scratch(label: string): string;
}

/**
 * Every API server this run can have. Nothing is started yet: the caller starts them in its
 * `before` and stops them in its `after`; an interrupted run (Ctrl-C) stops them too.
 */
export async function apiServerPool(env: NodeJS.ProcessEnv = process.env): Promise<ApiServerPool> {
  let rootDir = '';
  const root = () => (rootDir ||= mkdtempSync(join(tmpdir(), 'cc-e2e-')));
  const sources: Source[] = [];
  const notes: string[] = [];
  if (!which('kubectl')) return { servers: [], notes, skip: 'kubectl not found', start: async () => {}, stop: async () => {}, scratch: root };
  const missing: string[] = [];
  if (!existsSync(join(K8S_DIR, 'up.sh'))) missing.push(`no ${K8S_DIR} (a clone without ../shared)`);
  else if (!which('etcd')) notes.push(`${K8S_DIR} is present but etcd is not installed (apt-get install etcd-server, as .ci/run does): its API servers are not started`);
  else sources.push(...SHARED_VERSIONS.map((v) => sharedServer(v, root)));
  if (env.CONTEXTCORE_E2E_KUBECONFIG) sources.push(givenCluster(env.CONTEXTCORE_E2E_KUBECONFIG));
  else missing.push('no CONTEXTCORE_E2E_KUBECONFIG (e.g. `kind create cluster` and point it at the kubeconfig)');
  if (await dockerAvailable()) sources.push(k3s(root));
  else missing.push('no Docker engine for K3s');
  const skip = sources.length ? undefined : [...notes, ...missing].join('; ');

  const servers: ApiServer[] = sources.map((s) => ({ label: s.label, kubeconfig: '', throwaway: s.throwaway }));
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(sources.map((s) => s.stop().catch((e: Error) => console.error(`stopping ${s.label}: ${e.message}`))));
    if (rootDir) rmSync(rootDir, { recursive: true, force: true });
  };
  // node:test does not run `after` on SIGINT/SIGTERM: stop the servers (they run in their own sessions).
  const onSignal = (signal: NodeJS.Signals) => {
    if (rootDir) {
      for (const v of SHARED_VERSIONS) spawnSync(join(K8S_DIR, 'down.sh'), [v, '--wipe'], { env: { ...process.env, K8S_ROOT: join(rootDir, v) }, stdio: 'ignore' });
      rmSync(rootDir, { recursive: true, force: true });
    }
    process.kill(process.pid, signal);
  };
  const pool: ApiServerPool = {
    servers,
    notes,
    ...(skip ? { skip } : {}),
    scratch: (label: string) => mkdtempSync(join(root(), `${label.replace(/[^a-z0-9]+/gi, '-')}-`)),
    async start() {
      process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      const began = performance.now();
      // In parallel: each needs some seconds, mostly waiting for etcd and the API server.
      const started = await Promise.allSettled(sources.map((s) => s.start()));
      started.forEach((r, i) => {
        if (r.status === 'fulfilled') servers[i]!.kubeconfig = r.value;
      });
      const failed = started.flatMap((r, i) => (r.status === 'rejected' ? [`${sources[i]!.label}: ${(r.reason as Error).message}`] : []));
      if (failed.length) throw new Error(`could not start every API server:\n${failed.join('\n')}`);
      pool.startMs = Math.round(performance.now() - began);
    },
    async stop() {
      process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal);
      await stopAll();
    },
  };
  return pool;
}
