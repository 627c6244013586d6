// End to end on real Kubernetes API servers: every server this machine can give (see
// support/api-servers.ts: ../shared/k8s 1.26 and 1.32, CONTEXTCORE_E2E_KUBECONFIG, K3s through
// Docker) is started once for this file; the servers' suites run at the same time, each server's
// in a fixed order; every server is stopped and wiped in `after`, whatever the outcome. Without
// any: one loud skip line. Every test here uses a real API server; test/support/kube-api.ts (the
// stand-in) serves only hook-emit.test.ts, for faults a real server does not make on demand.

import { after, before, describe } from 'node:test';
import { argocdInstall } from './e2e/argocd-install.js';
import { collectorFaults } from './e2e/hook-collector-faults.js';
import { gateAsServiceAccount } from './e2e/gate-as-service-account.js';
import { gettingStarted, gettingStartedSkip } from './e2e/getting-started.js';
import { hookAsServiceAccount, hookWithoutOperator } from './e2e/hook-as-service-account.js';
import { crdInstall } from './e2e/crd-install.js';
import { prometheusSelection } from './e2e/hook-prometheus-selection.js';
import { renderAll, type Rendered } from './e2e/render-cases.js';
import { rolloutAnalysis } from './e2e/rollout-analysis.js';
import { ServerUnderTest } from './e2e/server-under-test.js';
import { validationParity } from './e2e/validation-parity.js';
import { wholeRenders } from './e2e/whole-renders.js';
import { apiServerPool } from './support/api-servers.js';
import { cliVerdicts, VALIDATION_CASES, type Verdict } from './validation-cases.js';

const pool = await apiServerPool();
if (pool.skip) console.error(`\n*** SKIPPING end-to-end tests on real Kubernetes API servers: ${pool.skip} ***\n`);
for (const note of pool.skip ? [] : pool.notes) console.error(`note: ${note}`);

/** What does not depend on the server is made once, by the first suite that needs it. */
let rendered: Promise<Rendered[]> | undefined;
const renders = () => (rendered ??= renderAll(pool.scratch('renders')));
let cli: Promise<Verdict[]> | undefined;
const cliVerdictsOnce = () => (cli ??= cliVerdicts(pool.scratch('parity-cli'), VALIDATION_CASES).then((v) => v.verdicts));

describe('end to end on real Kubernetes API servers', { skip: pool.skip ?? false, concurrency: true }, () => {
  before(() => pool.start(), { timeout: 300_000 });
  after(() => pool.stop());

  pool.servers.forEach((server, i) => {
    const sut = new ServerUnderTest(server, pool);
    describe(server.label, () => {
      after(() => sut.cleanup());
      // In this order: they build on each other (the hook without prometheus-operator's CRDs
      // comes before the renders install them).
      describe('in order', { concurrency: false }, () => {
        describe('the ProjectContext CRD', () => crdInstall(sut));
        describe('validation parity with contextcore validate', () => validationParity(sut, cliVerdictsOnce));
        describe('the PostSync hook before prometheus-operator is installed', () => hookWithoutOperator(sut));
        describe('whole renders with prometheus-operator’s CRDs', () => wholeRenders(sut, renders));
        describe('the PostSync hook as its rendered ServiceAccount', { concurrency: true }, () => hookAsServiceAccount(sut));
        // Alone: the Prometheus objects it creates would judge the other scenarios' monitors too.
        describe('the PostSync hook and the Prometheus objects that select, or not, what it generated', { concurrency: false }, () => prometheusSelection(sut));
        describe('a Rollout target with Argo Rollouts’ CRDs: its AnalysisTemplate', { concurrency: false }, () => rolloutAnalysis(sut));
        describe('the PreSync error-budget gate as its rendered ServiceAccount, against a real Prometheus', { concurrency: false }, () => gateAsServiceAccount(sut));
        // Last: it installs the CRDs again and syncs the checkout example into commerce, as a
        // reader does. Its Argo CD is install.yaml with the Component: the stand-in installation
        // checks the Component where the page cannot run (no ../shared, a cluster we were given).
        const pageSkip = gettingStartedSkip(sut);
        if (pageSkip) {
          console.error(`\n*** SKIPPING docs/getting-started.md on ${server.label}: ${pageSkip} ***\n`);
          describe('the Argo CD install Component (a stand-in Argo CD installation)', { concurrency: false }, () => argocdInstall(sut));
        } else describe('docs/getting-started.md, command by command', { concurrency: false }, () => gettingStarted(sut));
      });
      // The export is the subject here, not the server: once, on the last server, beside the rest.
      if (i === pool.servers.length - 1) describe('the PostSync hook’s export: the pod’s sampler, a misbehaving collector', { concurrency: false }, () => collectorFaults(sut));
    });
  });
});
