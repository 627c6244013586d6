import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hookBudget, hookChecks, hookFlags, hookOutcome, hookPlacement, NO_CLUSTER, type HookRun } from '../../../../../functions/core/hook/run.js';
import { verdict, type Verification } from '../../../../../functions/core/hook/verification.js';
import { deployment, expandOk, projectContext, service } from '../../../../fixtures.js';

const plan = expandOk([projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'lonely' }] }), deployment(), deployment({ name: 'lonely', labels: { app: 'lonely' } }), service()]).plans[0]!;
const tasks = plan.stories.flatMap((s) => s.tasks);

describe('hook emit flags', () => {
  const cases: Array<[string, { timeout?: string; endpoint?: string }, number | RegExp]> = [
    ['no --timeout is the default, 10s', {}, 10_000],
    ['a timeout in milliseconds', { timeout: '500ms' }, 500],
    ['the Job’s own deadline is the largest timeout', { timeout: '5m' }, 300_000],
    ['a timeout that is not a duration', { timeout: 'soon' }, /^--timeout must be a positive duration such as 10s or 500ms \(got "soon"\)$/],
    ['a zero timeout', { timeout: '0s' }, /^--timeout must be a positive duration/],
    ['a timeout below a millisecond', { timeout: '0.0001s' }, /^--timeout must be a positive duration/],
    ['a timeout beyond the Job’s activeDeadlineSeconds', { timeout: '5m1s' }, /^--timeout must be at most 5m, the hook Job's activeDeadlineSeconds \(got "5m1s"\)$/],
    ['a timeout beyond what a timer can hold (30d)', { timeout: '30d' }, /^--timeout must be at most 5m/],
    ['a timeout of a year', { timeout: '1y' }, /^--timeout must be at most 5m/],
    ['a good --endpoint', { endpoint: 'http://collector:4318' }, 10_000],
    ['an --endpoint that is not a URL', { endpoint: 'not a url' }, /^--endpoint is not a URL \(got "not a url"\)$/],
    ['an empty --endpoint', { endpoint: '' }, /^--endpoint is not a URL \(got ""\)$/],
    ['an --endpoint that is not HTTP', { endpoint: 'ftp://x' }, /^--endpoint must be an http\(s\) URL/],
  ];
  for (const [name, flags, expected] of cases) {
    it(`${name}: ${expected instanceof RegExp ? 'a usage problem' : `${expected}ms`}`, () => {
      const r = hookFlags(flags);
      if (expected instanceof RegExp) assert.match((r as { problem: string }).problem, expected);
      else assert.deepEqual(r, { timeoutMs: expected });
    });
  }
});

describe('where the hook looks', () => {
  it('the pod’s namespace wins over the kubeconfig’s, which wins over the plan’s', () => {
    const at = (where: Parameters<typeof hookPlacement>[1]) => hookPlacement(plan, { ...where, implicitNamespace: plan.context.namespace }).relocation?.to;
    assert.equal(at({ pod: 'pod-ns', kubeconfig: 'kube-ns' }), 'pod-ns');
    assert.equal(at({ pod: '', kubeconfig: 'kube-ns' }), 'kube-ns');
    assert.equal(at({}), plan.context.namespace);
  });

  it('without --implicit-namespace nothing moves', () => {
    assert.deepEqual(hookPlacement(plan, { pod: 'elsewhere' }), { contextNamespace: plan.context.namespace });
  });

  it('with --implicit-namespace the context and the artifacts in that namespace move to the hook’s', () => {
    const p = hookPlacement(plan, { pod: 'team-a', implicitNamespace: plan.context.namespace });
    assert.deepEqual(p, { relocation: { from: plan.context.namespace, to: 'team-a' }, contextNamespace: 'team-a' });
    assert.ok(hookChecks(plan, p.relocation).every((c) => !c.location || c.location.namespace === 'team-a'));
  });
});

describe('how the hook spends its --timeout', () => {
  const cases: Array<[number, { readUntil: number; exportUntil: number; patchUntil: number }]> = [
    [10_000, { readUntil: 5000, exportUntil: 8000, patchUntil: 9750 }],
    [2000, { readUntil: 1000, exportUntil: 1600, patchUntil: 1900 }],
    [100, { readUntil: 50, exportUntil: 80, patchUntil: 95 }],
  ];
  for (const [timeout, expected] of cases) {
    it(`--timeout ${timeout}ms: reads, then the export, then the status patch, ending before the bound`, () => {
      assert.deepEqual(hookBudget(timeout), expected);
    });
  }
});

describe('which tasks ask the cluster', () => {
  it('every task with an artifact, except skipped ones', () => {
    const checks = hookChecks(plan, undefined);
    assert.deepEqual(checks.map((c) => c.task.id), tasks.map((t) => t.id));
    for (const c of checks) assert.equal(c.observe, c.task.status !== 'skipped', c.task.id);
    assert.ok(checks.some((c) => !c.observe), 'the fixture has a skipped task');
  });

  it('without a cluster each task gets a short reason; the run’s warning says why, once', () => {
    const c = hookChecks(plan, undefined).find((x) => x.observe)!;
    assert.equal(verdict(plan, c.task, c.location, NO_CLUSTER).reason, `could not check ${c.location!.kind} ${c.location!.namespace}/${c.location!.name}: no usable cluster configuration`);
  });
});

describe('what a run reports and exits with', () => {
  const verified: Verification[] = tasks.map((t) => (t.status === 'skipped' ? { taskId: t.id, state: 'skipped' } : { taskId: t.id, state: 'verified', location: t.artifact! }));
  const first = verified.findIndex((v) => v.state === 'verified');
  const withState = (state: Verification['state'], reason: string) => verified.map((v, i) => (i === first ? { ...v, state, reason } : v));
  const base: HookRun = { plan, verifications: verified, traceId: '0af7651916cd43dd8448eb211c80319c', contextNamespace: 'shop', export: { url: 'http://c:4318/v1/traces' }, strict: false };
  const required = tasks.length;
  const done = tasks.filter((t) => t.status !== 'skipped').length;

  it('a clean run: a summary and where the spans went, exit 0', () => {
    assert.deepEqual(hookOutcome(base), {
      exitCode: 0,
      lines: [`ProjectContext shop/checkout: ${done} of ${required} planned artifacts verified (coverage ${Math.round((done / required) * 10000) / 10000}), trace 0af7651916cd43dd8448eb211c80319c`, 'spans exported to http://c:4318/v1/traces'],
    });
  });

  it('a failed export says the trace was not exported, in the summary beside the reason', () => {
    const r = hookOutcome({ ...base, export: { url: 'http://c:4318/v1/traces', problem: 'ECONNREFUSED' } });
    assert.match(r.lines[0]!, /, trace 0af7651916cd43dd8448eb211c80319c not exported$/);
  });

  const cases: Array<[string, Partial<HookRun>, string, 0 | 1]> = [
    ['a missing artifact is reported, never failed, even with --strict', { verifications: withState('missing', 'X not found'), strict: true }, 'missing: X not found', 0],
    ['an unverifiable artifact is reported', { verifications: withState('unverifiable', 'could not check X') }, 'unverifiable: could not check X', 0],
    ['an unverifiable artifact fails with --strict', { verifications: withState('unverifiable', 'could not check X'), strict: true }, 'unverifiable: could not check X', 1],
    ['no cluster is a warning', { clusterProblem: 'no cluster configuration' }, 'warning: no cluster configuration; every artifact is unverifiable', 0],
    ['no cluster fails with --strict', { clusterProblem: 'no cluster configuration', strict: true }, 'warning: no cluster configuration; every artifact is unverifiable', 1],
    ['a status not written is a warning naming the ProjectContext', { statusProblem: 'HTTP 403' }, 'warning: could not record the result on ProjectContext shop/checkout: HTTP 403', 0],
    ['a status not written fails with --strict', { statusProblem: 'HTTP 403', strict: true }, 'warning: could not record the result on ProjectContext shop/checkout: HTTP 403', 1],
    ['a refused export is a warning naming the URL', { export: { url: 'http://c:4318/v1/traces', problem: 'ECONNREFUSED' } }, 'warning: spans not exported to http://c:4318/v1/traces: ECONNREFUSED', 0],
    ['no endpoint is a warning', { export: { problem: 'no OTLP endpoint' } }, 'warning: spans not exported: no OTLP endpoint', 0],
    ['a failed export fails with --strict', { export: { problem: 'no OTLP endpoint' }, strict: true }, 'warning: spans not exported: no OTLP endpoint', 1],
  ];
  for (const [name, change, line, exitCode] of cases) {
    it(`${name}: exit ${exitCode}`, () => {
      const r = hookOutcome({ ...base, ...change });
      assert.ok(r.lines.includes(line), JSON.stringify(r.lines));
      assert.equal(r.exitCode, exitCode);
    });
  }
});
