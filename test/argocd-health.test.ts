// The ProjectContext health check (argocd/install/resource_customizations/contextcore.io/
// ProjectContext/health.lua) in Argo CD's own Lua runtime: gopher-lua, driven by test/lua the way
// argo-cd's util/lua runs health checks, both as an argocd-cm customization (no standard
// libraries) and as a built-in check (open libraries), on the cases of its health_test.yaml (Argo
// CD's format, so the folder could be contributed upstream) and on the statuses our own hook code
// writes. Also: the Argo CD install Component carries exactly this script under the right key.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ANNOTATION_PLAN_CHECKSUM, PLAN_DATA_KEY } from '../functions/core/conventions/index.js';
import { ARGOCD_HEALTH_KEY } from '../functions/argocd/conventions.js';
import type { Plan } from '../functions/core/index.js';
import { statusPatch } from '../functions/core/hook/status.js';
import { generationPatch, type Verification } from '../functions/core/hook/verification.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from './fixtures.js';
import { ROOT } from './helpers.js';
import { KUBECTL, skipWithout } from './orchestrators.js';
import { goHarness } from './support/go-harness.js';

type Obj = Record<string, any>;
interface Health {
  status?: string;
  message?: string;
}
interface CaseResult {
  inputPath?: string;
  mode: string;
  expected?: Health;
  actual?: Health;
  error?: string;
}

const CHECK_DIR = join(ROOT, 'argocd/install/resource_customizations/contextcore.io/ProjectContext');
const SCRIPT = join(CHECK_DIR, 'health.lua');
const MODES = ['argocd-cm', 'built-in'] as const;

const harness = goHarness('lua', "the ProjectContext health check in Argo CD's Lua runtime (gopher-lua)");
after(() => harness.cleanup());

/** What each case of health_test.yaml is about, and the status it must have (the YAML must agree). */
const INTENT: Record<string, [string, string]> = {
  'testdata/never-verified.yaml': ['Healthy', 'a context the PostSync hook has not verified yet is Healthy, saying so (Progressing would hold the sync before the hook)'],
  'testdata/all-verified.yaml': ['Healthy', 'every planned artifact verified for the live render is Healthy'],
  'testdata/verified-and-skipped.yaml': ['Healthy', 'artifacts the plan skipped are no gap'],
  'testdata/missing.yaml': ['Degraded', 'missing artifacts are Degraded, with their reasons in the message'],
  'testdata/all-missing.yaml': ['Degraded', 'a long list of gaps is cut after three, saying how many more'],
  'testdata/unverifiable.yaml': ['Healthy', 'an artifact the hook could not check is reported, not Degraded (only a later hook run can clear it)'],
  'testdata/missing-and-unverifiable.yaml': ['Degraded', 'missing and unverifiable artifacts are both in the message'],
  'testdata/older-generation.yaml': ['Healthy', 'a status older than the spec (observedGeneration) awaits verification, whatever it listed'],
  'testdata/earlier-render.yaml': ['Healthy', 'a status written for an earlier render (plan checksum) awaits verification, whatever it listed'],
  'testdata/gate-blocked.yaml': ['Degraded', "the gate's block is Degraded while the blocked render has not been applied"],
  'testdata/gate-block-superseded.yaml': ['Healthy', 'a block that a later render replaced is only mentioned'],
  'testdata/gate-blocked-first-sync.yaml': ['Healthy', 'a block on a context without a plan stamp (no hook in the live render) is only mentioned'],
  'testdata/gate-override.yaml': ['Healthy', 'an overridden gate shows the recorded reason'],
  'testdata/gate-warned.yaml': ['Healthy', "a gate that warned by policy shows its warning"],
};

describe("the ProjectContext health check in Argo CD's Lua runtime", { skip: harness.skip }, () => {
  const tests = parse(readFileSync(join(CHECK_DIR, 'health_test.yaml'), 'utf8')).tests as { inputPath: string; healthStatus: Health }[];

  it("the folder has Argo CD's layout: health.lua, health_test.yaml, and testdata/ holding exactly the cases' inputs", () => {
    assert.deepEqual(readdirSync(CHECK_DIR).sort(), ['health.lua', 'health_test.yaml', 'testdata']);
    assert.deepEqual(tests.map((t) => t.inputPath).sort(), readdirSync(join(CHECK_DIR, 'testdata')).map((f) => `testdata/${f}`).sort());
  });

  it('health_test.yaml expects of each case the status this suite means it to have', () => {
    assert.deepEqual(Object.fromEntries(tests.map((t) => [t.inputPath, t.healthStatus.status])), Object.fromEntries(Object.entries(INTENT).map(([k, [s]]) => [k, s])));
    for (const t of tests) assert.ok(t.healthStatus.message, `${t.inputPath} expects a message`);
  });

  for (const mode of MODES) {
    describe(`run as ${mode === 'argocd-cm' ? 'an argocd-cm customization (base, table and a safe os only)' : 'a built-in check (standard libraries open)'}`, () => {
      const results = harness.skip ? [] : harness.run<CaseResult[]>(['-mode', mode, CHECK_DIR]);
      for (const [inputPath, [, sentence]] of Object.entries(INTENT)) {
        it(sentence, () => {
          const r = results.find((x) => x.inputPath === inputPath);
          assert.ok(r, `${inputPath} was run`);
          assert.equal(r.error, undefined, r.error);
          assert.deepEqual(r.actual, r.expected);
        });
      }
    });
  }

  it('the harness withholds the standard libraries as Argo CD does: a script calling string.* fails as a customization and runs built in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-lua-'));
    try {
      const file = join(dir, 'uses-string.lua');
      writeFileSync(file, 'return {status = string.upper("healthy") == "HEALTHY" and "Healthy" or "Degraded", message = tostring(os)}\n');
      const [cm] = harness.run<CaseResult[]>(['-mode', 'argocd-cm', '-script', file], '[{}]');
      assert.match(cm!.error ?? '', /string/);
      const [builtIn] = harness.run<CaseResult[]>(['-mode', 'built-in', '-script', file], '[{}]');
      assert.equal(builtIn!.actual?.status, 'Healthy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('statuses written by our hook code, judged by the health check', { skip: harness.skip }, () => {
  // A render with the PostSync hook: the kept ProjectContext carries the plan checksum.
  const render = (cfg: Obj = {}) => {
    const out = expandOk([projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }] }), deployment(), service(), config({ hook: { enabled: true }, ...cfg })]);
    const context = out.resources.find((r) => r.kind === 'ProjectContext') as Obj;
    const [planMap] = generatedOf(out, 'ConfigMap').filter((c: Obj) => c.metadata.name === 'checkout-plan');
    return { context, plan: JSON.parse(planMap.data[PLAN_DATA_KEY]) as Plan };
  };
  const first = render();
  // Another render of the same spec (the generation stays): the environment changed in the config.
  const changed = render({ environment: 'staging' });
  const tasks = first.plan.stories.flatMap((s) => s.tasks);
  const verifications = (missing: string[] = []): Verification[] =>
    tasks.map((t) => ({ taskId: t.id, ...(t.artifact ? { location: t.artifact } : {}), ...(missing.includes(t.type) ? { state: 'missing' as const, reason: `${t.artifact?.kind} ${t.artifact?.name} not found in the cluster` } : { state: t.status === 'skipped' ? ('skipped' as const) : ('verified' as const) }) }));
  /** The live object after the hook's patches: the API server's metadata, the status merged in. */
  const live = (rendered: Obj, generation: number, patches: Obj[]) => {
    const obj = { ...structuredClone(rendered), metadata: { ...rendered.metadata, generation, uid: 'x', resourceVersion: '1' } } as Obj;
    for (const p of patches) obj.status = { ...(obj.status ?? {}), ...p.status };
    return obj;
  };
  const hookPatches = (plan: Plan, generation: number, missing: string[] = []) => {
    const patch = statusPatch(plan, verifications(missing), '0123456789abcdef0123456789abcdef', Date.UTC(2026, 11, 1, 10, 0, 0));
    const afterFirst = { metadata: { generation }, status: patch.status } as Obj;
    const second = generationPatch(afterFirst);
    return second ? [patch, second] : [patch];
  };
  const judge = (objects: Obj[]) => harness.run<CaseResult[]>(['-mode', 'argocd-cm', '-script', SCRIPT], JSON.stringify(objects)).map((r) => r.actual ?? { status: 'ERROR', message: r.error });

  it('the render stamps the plan checksum that the hook records', () => {
    const [patch] = hookPatches(first.plan, 1);
    assert.match(first.context.metadata.annotations[ANNOTATION_PLAN_CHECKSUM], /^sha256:[0-9a-f]{64}$/);
    assert.equal((patch!.status as Obj).observedPlanChecksum, first.context.metadata.annotations[ANNOTATION_PLAN_CHECKSUM]);
    assert.notEqual(changed.context.metadata.annotations[ANNOTATION_PLAN_CHECKSUM], first.context.metadata.annotations[ANNOTATION_PLAN_CHECKSUM]);
  });

  it('the hook records the generation it saw, in a second patch only when the status does not say it yet', () => {
    assert.deepEqual(hookPatches(first.plan, 4)[1], { status: { observedGeneration: 4 } });
    assert.equal(generationPatch({ metadata: { generation: 4 }, status: { observedGeneration: 4 } }), undefined);
  });

  it('no status, every artifact verified, one missing, a newer render and a newer generation: Healthy, Healthy, Degraded, Healthy, Healthy', () => {
    const [none, verified, missing, newerRender, newerGeneration] = judge([
      live(first.context, 1, []),
      live(first.context, 1, hookPatches(first.plan, 1)),
      live(first.context, 1, hookPatches(first.plan, 1, ['service_monitor'])),
      live(changed.context, 1, hookPatches(first.plan, 1, ['service_monitor'])),
      { ...live(first.context, 2, hookPatches(first.plan, 1, ['service_monitor'])) },
    ]);
    assert.equal(none!.status, 'Healthy');
    assert.match(none!.message!, /^Not verified yet/);
    assert.deepEqual(verified, { status: 'Healthy', message: `All ${tasks.length} planned artifacts verified.` });
    assert.equal(missing!.status, 'Degraded');
    assert.match(missing!.message!, /^1 of \d+ planned artifacts missing: ServiceMonitor checkout-api-contextcore not found in the cluster\.$/);
    assert.equal(newerRender!.status, 'Healthy');
    assert.match(newerRender!.message!, /^Awaiting verification: the status was written for an earlier render/);
    assert.deepEqual(newerGeneration, { status: 'Healthy', message: 'Awaiting verification: the status is for generation 1, the spec is at generation 2.' });
  });
});

describe('the Argo CD install Component ships the health check', { skip: skipWithout(KUBECTL, 'kubectl', 'the install Component is rendered with kubectl kustomize') }, () => {
  it(`merges the script into argocd-cm under ${ARGOCD_HEALTH_KEY}, keeping argocd-cm's name`, () => {
    const run = spawnSync('kubectl', ['kustomize', join(ROOT, 'test/argocd/repo-server-standin')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const cm = parseAllDocuments(run.stdout)
      .map((d) => d.toJS())
      .find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'argocd-cm');
    assert.ok(cm, 'argocd-cm keeps its name (no hash suffix)');
    assert.deepEqual(Object.keys(cm.data), [ARGOCD_HEALTH_KEY]);
    assert.equal(cm.data[ARGOCD_HEALTH_KEY], readFileSync(SCRIPT, 'utf8'));
    assert.deepEqual(cm.metadata.labels, { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' });
  });
});
