// kubectl against one API server, without blocking the event loop (the suites of several servers
// run at once), and credentials of a ServiceAccount: a TokenRequest token in a kubeconfig holding
// nothing else, as a pod of that ServiceAccount would have.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Run } from '../helpers.js';

type Obj = Record<string, any>;

export interface Kubectl {
  /** Runs kubectl; the exit code says how it went. */
  run(args: string[], input?: string): Promise<Run>;
  /** Runs kubectl and fails the test unless it exits 0. */
  ok(args: string[], input?: string): Promise<Run>;
  kubeconfig: string;
}

export function kubectl(kubeconfig: string): Kubectl {
  const run = (args: string[], input?: string) =>
    new Promise<Run>((resolve) => {
      const child = spawn('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.end(input ?? '');
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  return {
    kubeconfig,
    run,
    async ok(args, input) {
      const r = await run(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')}:\n${r.stderr}${r.stdout}`);
      return r;
    },
  };
}

/**
 * `kubectl <args> -f FILE...` over many files, as `parts` kubectl processes at once (each sends
 * its objects one request after another); their outputs joined, the worst exit code kept.
 */
export async function kubectlFiles(kube: Kubectl, args: string[], files: readonly string[], parts: number): Promise<Run> {
  const groups = Array.from({ length: Math.min(parts, files.length) }, (_, g) => files.filter((_, i) => i % parts === g));
  const runs = await Promise.all(groups.map((group) => kube.run([...args, ...group.flatMap((f) => ['-f', f])])));
  return { code: Math.max(...runs.map((r) => r.code ?? 1), 0), stdout: runs.map((r) => r.stdout).join(''), stderr: runs.map((r) => r.stderr).join('') };
}

/** YAML stream of objects, for kubectl -f -. */
export const yamlStream = (objects: readonly Obj[]) => objects.map((o) => stringify(o)).join('---\n');

/**
 * A kubeconfig holding only a token of ServiceAccount `name` in `namespace` (TokenRequest, via
 * `kubectl create token`) and the admin kubeconfig's cluster, its context in `contextNamespace`.
 */
export async function serviceAccountKubeconfig(admin: Kubectl, dir: string, namespace: string, name: string, contextNamespace = namespace): Promise<string> {
  const token = (await admin.ok(['create', 'token', name, '-n', namespace, '--duration=10m'])).stdout.trim();
  const config = parse(readFileSync(admin.kubeconfig, 'utf8'));
  const context = config.contexts.find((c: Obj) => c.name === config['current-context']).context;
  const path = join(dir, `${namespace}-${name}.kubeconfig`);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: config.clusters.filter((c: Obj) => c.name === context.cluster),
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: context.cluster, user: name, namespace: contextNamespace } }],
      'current-context': name,
    }),
    { mode: 0o600 },
  );
  return path;
}
