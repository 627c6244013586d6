// One real API server as the end-to-end suites see it: an admin kubectl, a scratch directory,
// and the namespaces the suites create (labelled, so that on a cluster someone gave us exactly
// those are deleted afterwards).

import { stringify } from 'yaml';
import type { ApiServer, ApiServerPool } from '../support/api-servers.js';
import { kubectl, type Kubectl } from '../support/kubectl.js';

/** Label on every namespace the suites create; its value is this run's process id. */
export const E2E_LABEL = 'e2e.contextcore.io/run';

export class ServerUnderTest {
  private adminKubectl?: Kubectl;
  private scratchDir?: string;
  private crdSettled?: { resolve(): void; reject(e: unknown): void };
  /** Settles once the first suite has installed the ProjectContext CRD (or failed to). */
  readonly crdInstalled = new Promise<void>((resolve, reject) => (this.crdSettled = { resolve, reject }));

  constructor(
    readonly server: ApiServer,
    private readonly pool: ApiServerPool,
  ) {
    // A failed installation fails its own test; whoever waits for it sees the rejection.
    this.crdInstalled.catch(() => {});
  }

  get label(): string {
    return this.server.label;
  }

  /** How long the pool took to start every server. */
  get startMs(): number | undefined {
    return this.pool.startMs;
  }

  /** Admin (cluster-admin) kubectl; usable once the pool has started. */
  get admin(): Kubectl {
    return (this.adminKubectl ??= kubectl(this.server.kubeconfig));
  }

  get dir(): string {
    return (this.scratchDir ??= this.pool.scratch(this.server.label));
  }

  /** Runs the CRD installation; suites running beside the first one wait for it. */
  async installingCrd(install: () => Promise<void>): Promise<void> {
    try {
      await install();
      this.crdSettled!.resolve();
    } catch (e) {
      this.crdSettled!.reject(e);
      throw e;
    }
  }

  /** Creates these namespaces, in one call; one that exists already is left as it is (and kept). */
  async namespaces(names: readonly string[]): Promise<void> {
    const objects = [...new Set(names)].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [E2E_LABEL]: String(process.pid) } } }));
    // --validate=false: kubectl's client-side schema check costs ~80 ms of CPU per object here.
    const r = await this.admin.run(['create', '--validate=false', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
    const problems = r.stderr.split('\n').filter((l) => l.trim() && !/AlreadyExists|already exists/.test(l));
    if (r.code !== 0 && problems.length) throw new Error(`creating namespaces: ${problems.join('\n')}`);
  }

  /** On a cluster we did not start, deletes the namespaces this run created (without waiting). */
  async cleanup(): Promise<void> {
    if (this.server.throwaway || !this.server.kubeconfig) return;
    await this.admin.run(['delete', 'namespace', '-l', `${E2E_LABEL}=${process.pid}`, '--wait=false']);
    // The hooks' cluster-scoped RBAC (reading Prometheus objects) lives outside those namespaces.
    await this.admin.run(['delete', 'clusterrolebindings,clusterroles', '-l', 'app.kubernetes.io/managed-by=contextcore,contextcore.io/artifact=hook', '--wait=false']);
  }
}
