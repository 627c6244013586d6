// Pull-request diffs of an overlay repository (base, overlays/staging, overlays/prod), built in
// the test: `contextcore diff --git REF` builds the old revision from a worktree of REF, so the
// overlay's ../../base is the one of REF too, and `--affected` diffs exactly the apps a change
// touches, found from the changed files. The words a reviewer reads are checked, not just counts.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './helpers.js';
import { KUSTOMIZE_FOR_CLI, scratch, skipWithout } from './orchestrators.js';
import { overlayKustomization, overlayRepo } from './support/overlay-repo.js';

const skip = skipWithout(KUSTOMIZE_FOR_CLI, 'kustomize or kubectl', 'the overlays are kustomizations, built with kustomize');
const PROD = 'deploy/payments/overlays/prod';
const STAGING = 'deploy/payments/overlays/staging';

/** The apps a markdown report covers, from its "Base … → head …" lines. */
const appsOf = (markdown: string) => [...markdown.matchAll(/^Base `[^`:]+:([^`]+)` → head `([^`]+)`\.$/gm)].map((m) => m[2]);
/** One app's part of an --affected report. */
const sectionOf = (markdown: string, app: string) => markdown.split('### ContextCore: generated observability').find((s) => s.includes(`head \`${app}\``)) ?? '';

describe('pull-request diffs of an overlay repository', { skip }, () => {
  const dir = scratch('pr-diff');

  it('a commit that changes only prod\'s patch gives a diff of prod only, in words', () => {
    const repo = overlayRepo(join(dir, 'prod-only'));
    const base = repo.git('rev-parse', 'HEAD');
    repo.write(`${PROD}/kustomization.yaml`, overlayKustomization('pay', '99.95'));
    repo.commit('prod: 99.95');
    const r = runCli(['diff', '--git', base, '--affected', 'deploy', '--exit-code'], { cwd: repo.root });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(appsOf(r.stdout), [PROD]);
    assert.match(r.stdout, /^\*\*1 app\*\* under `deploy` affected by this change: `deploy\/payments\/overlays\/prod`\.$/m);
    assert.match(r.stdout, /#### PrometheusRule `pay\/payments-slo` — changed/);
    assert.match(r.stdout, /objective `99\.9%` → `99\.95%`/);
    assert.match(r.stdout, /error budget `0\.1%` → `0\.05%`/);
    assert.match(r.stdout, /threshold over 1h and 5m `14\.4 × 0\.1% = 1\.44% errors` → `14\.4 × 0\.05% = 0\.72% errors`/);
    assert.doesNotMatch(r.stdout, /pay-staging/);

    const single = runCli(['diff', '--git', base, PROD], { cwd: repo.root });
    assert.equal(single.code, 0, single.stderr);
    assert.match(single.stdout, /objective `99\.9%` → `99\.95%`/, 'diff --git of the overlay alone says the same');
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'the worktree of the base is gone');
  });

  it('a commit to the base shows in both overlays, each with its own namespace and objective', () => {
    const repo = overlayRepo(join(dir, 'base'));
    const base = repo.git('rev-parse', 'HEAD');
    repo.edit('deploy/payments/base/app.yaml', (t) => t.replace('criticality: high', 'criticality: critical'));
    repo.commit('base: critical');
    const r = runCli(['diff', '--git', base, '--affected', 'deploy'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(appsOf(r.stdout), [PROD, STAGING]);
    for (const [app, namespace] of [[PROD, 'pay'], [STAGING, 'pay-staging']] as const) {
      const section = sectionOf(r.stdout, app);
      assert.match(section, new RegExp(`#### PrometheusRule \`${namespace}/payments-slo\` — changed`), app);
      assert.match(section, /priority `P2` → `P1`/, app);
      assert.match(section, /OTEL_TRACES_SAMPLER_ARG.*`0\.5` → `1`|trace sampling `0\.5` → `1`/, app);
    }
  });

  it('a change of the ProjectContext alone, not yet committed, is diffed against the last commit', () => {
    const repo = overlayRepo(join(dir, 'context-only'));
    repo.edit('deploy/payments/base/app.yaml', (t) => t.replace('owner: pay-team', 'owner: payments-team'));
    const r = runCli(['diff', '--git', 'HEAD', '--affected', 'deploy'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(appsOf(r.stdout), [PROD, STAGING]);
    assert.match(sectionOf(r.stdout, PROD), /team `pay-team` → `payments-team`|owner `pay-team` → `payments-team`/);
  });

  it('a change outside every app diffs none, and says so', () => {
    const repo = overlayRepo(join(dir, 'outside'));
    const base = repo.git('rev-parse', 'HEAD');
    repo.write('README.md', 'manifests of the payments team\n');
    repo.commit('docs');
    const r = runCli(['diff', '--git', base, '--affected', 'deploy', '--exit-code'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^No app under `deploy` is affected by this change\.$/m);
  });

  it('an overlay the pull request adds is diffed against nothing: all added', () => {
    const repo = overlayRepo(join(dir, 'added'));
    const base = repo.git('rev-parse', 'HEAD');
    repo.write('deploy/payments/overlays/canary/kustomization.yaml', overlayKustomization('pay-canary', '99'));
    repo.commit('canary');
    const r = runCli(['diff', '--git', base, '--affected', 'deploy', '--format', 'json'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { apps: Array<{ app: string; report: { counts: Record<string, number> } }> };
    assert.deepEqual(out.apps.map((a) => a.app), ['deploy/payments/overlays/canary']);
    assert.equal(out.apps[0]!.report.counts.removed, 0);
    assert.ok((out.apps[0]!.report.counts.added ?? 0) > 0);
  });

  it('--affected without --git is a usage error', () => {
    const r = runCli(['diff', '--affected', 'deploy']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--affected needs --git <ref>/);
  });
});
