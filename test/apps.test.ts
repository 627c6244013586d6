// "The app at a path" through the CLI: a directory with a kustomization is built as Argo CD
// builds it (render, validate, plan, diff), with the kustomize named by CONTEXTCORE_KUSTOMIZE,
// else `kustomize` on PATH, else `kubectl kustomize`; without any, a usage error naming both.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ROOT, runCli } from './helpers.js';
import { KUBECTL, KUSTOMIZE_FOR_CLI, resourcesByKey, scratch, skipWithout, writeApp } from './orchestrators.js';
import { overlayKustomization } from './support/overlay-repo.js';

const skip = skipWithout(KUSTOMIZE_FOR_CLI, 'kustomize or kubectl', 'the apps are kustomizations');
const labels = { app: 'payments' };
const base = [
  { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'payments' }, spec: { project: { id: 'payments' }, business: { criticality: 'high', owner: 'pay-team' }, requirements: { availability: '99.9' }, targets: [{ kind: 'Deployment', name: 'payments' }, { kind: 'Service', name: 'payments' }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'payments', labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'example/payments:1' }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'payments', labels }, spec: { selector: labels, ports: [{ name: 'metrics', port: 9090 }] } },
].map((o) => stringify(o)).join('---\n');
const prod = overlayKustomization('pay', '99.95');

/** The layout the issue was found with: apps/payments/base and apps/payments/overlays/prod. */
function repository(dir: string, extra: Record<string, string> = {}): string {
  return writeApp(dir, { 'apps/payments/base/kustomization.yaml': 'resources: [app.yaml]\n', 'apps/payments/base/app.yaml': base, 'apps/payments/overlays/prod/kustomization.yaml': prod, ...extra });
}

describe('the app at a path, through the CLI', { skip }, () => {
  const dir = scratch('apps');

  it('render of an overlay prints its build, expanded where the objects land, with the overlay\'s patch', () => {
    const repo = repository(join(dir, 'render'));
    const r = runCli(['render', 'apps/payments/overlays/prod'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const out = resourcesByKey(r.stdout);
    assert.ok(out.has('PrometheusRule/pay/payments-slo'), [...out.keys()].join(', '));
    assert.equal((out.get('ProjectContext/pay/payments')!.spec as any).requirements.availability, '99.95');
    assert.match(JSON.stringify(out.get('PrometheusRule/pay/payments-slo')), /namespace=\\"pay\\", job=\\"payments\\"/);
    assert.doesNotMatch(r.stdout, /namespace="default"|namespace=\\"default\\"/);
    assert.doesNotMatch(r.stderr, /no ProjectContext/);
  });

  it('validate and plan see the same render', () => {
    const repo = repository(join(dir, 'validate'));
    const v = runCli(['validate', 'apps/payments/overlays/prod'], { cwd: repo });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /^valid: 1 ProjectContext\(s\), 7 resources rendered$/m);
    const p = runCli(['plan', 'apps/payments/overlays/prod'], { cwd: repo });
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /\[ProjectContext pay\/payments, high, P2\]/);
    assert.match(p.stdout, /objective 99\.95%/);
  });

  it('diff of the base and the overlay compares their renders: moved and changed, not all removed', () => {
    const repo = repository(join(dir, 'diff'));
    const r = runCli(['diff', 'apps/payments/base', 'apps/payments/overlays/prod', '--format', 'json'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.counts.added > 0 && report.counts.added === report.counts.removed, JSON.stringify(report.counts));
    assert.ok(report.resources.some((x: any) => x.change === 'added' && x.resource.namespace === 'pay' && x.resource.kind === 'PrometheusRule'));
  });

  it('a directory with a kustomization renders what it lists, not every file in it', () => {
    const repo = repository(join(dir, 'listed'), { 'apps/payments/base/unlisted.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unlisted}\n' });
    const r = runCli(['render', 'apps/payments/base'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!resourcesByKey(r.stdout).has('ConfigMap//unlisted'));
  });

  it('--config configures a kustomization that runs ContextCore in place, instead of its own configuration', () => {
    const component = relative(join(dir, 'config/apps/payments/overlays/prod'), join(ROOT, 'kustomize/components/contextcore'));
    const repo = repository(join(dir, 'config'), { 'apps/payments/overlays/prod/kustomization.yaml': `namespace: pay\nresources: [../../base]\ncomponents: [${component}]\n`, 'settings.yaml': 'apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata: {name: contextcore}\nspec: {environment: production}\n' });
    const r = runCli(['render', 'apps/payments/overlays/prod', '--config', 'settings.yaml'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /runs the ContextCore transformer \(1×\)/);
    assert.match(r.stdout, /deployment\.environment\.name=production/);
  });

  it('a kustomization that does not build fails with kustomize\'s message (exit 1, nothing on stdout)', () => {
    const repo = repository(join(dir, 'broken'), { 'apps/payments/overlays/prod/kustomization.yaml': 'resources: [../../missing]\n' });
    const r = runCli(['render', 'apps/payments/overlays/prod'], { cwd: repo });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: \S+ \S+ --enable-alpha-plugins apps\/payments\/overlays\/prod failed \(exit 1\): .*missing/m);
  });
});

describe('which kustomize builds an app', () => {
  const dir = scratch('which-kustomize');
  const repo = repository(join(dir, 'repo'));
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty);

  it('with neither kustomize nor kubectl on PATH: a usage error (exit 2) naming both and CONTEXTCORE_KUSTOMIZE, without the usage text', () => {
    for (const command of ['render', 'validate', 'plan']) {
      const r = runCli([command, 'apps/payments/overlays/prod'], { cwd: repo, env: { PATH: empty, CONTEXTCORE_KUSTOMIZE: '' } });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'contextcore: a kustomization is built with kustomize, and neither `kustomize` nor `kubectl` is on PATH: install kustomize v5 or kubectl (which has it built in), or set CONTEXTCORE_KUSTOMIZE to the command (e.g. "kustomize build" or "kubectl kustomize")\n');
    }
  });

  it('diff says the same, and also exits 2', () => {
    const r = runCli(['diff', 'apps/payments/base', 'apps/payments/overlays/prod'], { cwd: repo, env: { PATH: empty, CONTEXTCORE_KUSTOMIZE: '' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither `kustomize` nor `kubectl` is on PATH/);
  });

  it('CONTEXTCORE_KUSTOMIZE naming a command that is not there: exit 2, naming it', () => {
    const r = runCli(['render', 'apps/payments/overlays/prod'], { cwd: repo, env: { CONTEXTCORE_KUSTOMIZE: '/nonexistent/kustomize build' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^contextcore: a kustomization is built with kustomize, and \/nonexistent\/kustomize \(chosen by CONTEXTCORE_KUSTOMIZE="\/nonexistent\/kustomize build"\) cannot be run \(ENOENT\)/);
  });

  it('CONTEXTCORE_KUSTOMIZE chooses the command, whatever is on PATH', { skip: skipWithout(KUBECTL, 'kubectl', 'kubectl kustomize is the command chosen') }, () => {
    const r = runCli(['render', 'apps/payments/overlays/prod'], { cwd: repo, env: { PATH: empty, CONTEXTCORE_KUSTOMIZE: `${KUBECTL} kustomize` } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(resourcesByKey(r.stdout).has('PrometheusRule/pay/payments-slo'));
  });

  it('a directory without a kustomization needs no kustomize at all', () => {
    const r = runCli(['render', 'apps/payments/base/app.yaml'], { cwd: repo, env: { PATH: empty, CONTEXTCORE_KUSTOMIZE: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok([...resourcesByKey(r.stdout).keys()].some((k) => k.startsWith('PrometheusRule/')), 'expanded');
  });
});
