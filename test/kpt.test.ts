// kpt with the KRM function as an exec function: `kpt fn eval --exec` and a Kptfile pipeline run by
// `kpt fn render --allow-exec`, the real tool, compared with `contextcore render`; a second run
// changes no file, and comments the team wrote survive.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deployment, projectContext, service } from './fixtures.js';
import { examples, examplePath } from './helpers.js';
import { SCRAPE_APPS } from './scrape-apps.js';
import { copyExample, execFunctionDir, FN_COMMAND, KPT, packageStream, render, resourcesByKey, runTool, scratch, skipWithout, snapshot, writeApp } from './orchestrators.js';

const skip = skipWithout(KPT, 'kpt', 'the kpt tests need kpt 1.0 (fn eval --exec, fn render --allow-exec)');

const kptfile = (name: string, mutator: string) => `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: ${name}\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n${mutator}`;

describe('kpt with the ContextCore function', { skip }, () => {
  const dir = scratch('kpt');
  const kpt = (args: string[], env?: NodeJS.ProcessEnv) => runTool(KPT!, args, { env: { ...env } });

  for (const name of examples()) {
    it(`kpt fn eval --exec on examples/${name} writes the resources of contextcore render; a second run changes no file`, () => {
      const pkg = copyExample(name, join(dir, `eval-${name}`));
      const first = kpt(['fn', 'eval', pkg, '--exec', FN_COMMAND]);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(resourcesByKey(packageStream(pkg)), resourcesByKey(render(examplePath(name))));
      const after = snapshot(pkg);
      const second = kpt(['fn', 'eval', pkg, '--exec', FN_COMMAND]);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(snapshot(pkg), after);
    });

    it(`a Kptfile pipeline run by kpt fn render --allow-exec on examples/${name} gives the same; a second render changes no file`, () => {
      const pkg = copyExample(name, join(dir, `render-${name}`));
      writeFileSync(join(pkg, 'Kptfile'), kptfile(name, `    - exec: ${FN_COMMAND}\n`));
      const first = kpt(['fn', 'render', pkg, '--allow-exec']);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(resourcesByKey(packageStream(pkg)), resourcesByKey(render(examplePath(name))));
      const after = snapshot(pkg);
      const second = kpt(['fn', 'render', pkg, '--allow-exec']);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(snapshot(pkg), after);
    });
  }

  it("comments the team wrote survive kpt fn render (kpt restores them by the config.k8s.io/id annotation the function keeps)", () => {
    const pkg = copyExample('checkout', join(dir, 'comments'));
    writeFileSync(join(pkg, 'Kptfile'), kptfile('checkout', `    - exec: ${FN_COMMAND}\n      configPath: contextcore.yaml\n`));
    const r = kpt(['fn', 'render', pkg, '--allow-exec']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(pkg, 'deployment.yaml'), 'utf8'), /# The team's own resource attributes: ContextCore merges its keys after these\./);
    assert.match(readFileSync(join(pkg, 'projectcontext.yaml'), 'utf8'), /^# Business context of the checkout service/);
    assert.match(readFileSync(join(pkg, 'contextcore.yaml'), 'utf8'), /^# Function configuration/);
    assert.doesNotMatch(r.stderr, /\[warning\]/, 'configPath naming a file of the package is one configuration, not two');
  });

  it('an app written here, with generated resources in a subdirectory, renders beside its ProjectContext', () => {
    const pkg = writeApp(join(dir, 'own-app'), {
      'Kptfile': kptfile('own-app', `    - exec: ${FN_COMMAND}\n`),
      'payments/context.yaml': [projectContext({ targets: [{ kind: 'Deployment', name: 'payments' }] }, { name: 'payments', namespace: 'shop' })],
      'payments/app.yaml': [deployment({ name: 'payments', labels: { app: 'payments' } }), service({ name: 'payments', labels: { app: 'payments' }, selector: { app: 'payments' } })],
    });
    const r = kpt(['fn', 'render', pkg, '--allow-exec']);
    assert.equal(r.code, 0, r.stderr);
    const files = [...snapshot(pkg).keys()];
    assert.ok(files.includes('payments/servicemonitor_payments-contextcore.yaml'), files.join(', '));
    assert.ok(files.includes('payments/prometheusrule_payments-slo.yaml'), files.join(', '));
    assert.deepEqual(resourcesByKey(packageStream(pkg)), resourcesByKey(render(pkg)));
  });

  it('key=value arguments after -- configure the run (kpt passes them as a ConfigMap)', () => {
    const pkg = copyExample('inventory', join(dir, 'args'));
    const r = kpt(['fn', 'eval', pkg, '--exec', FN_COMMAND, '--', 'environment=staging', 'prometheus.selectorLabels.release=kps']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(pkg, 'statefulset.yaml'), 'utf8'), /deployment\.environment\.name=staging/);
    assert.match(readFileSync(join(pkg, 'prometheusrule_inventory-slo.yaml'), 'utf8'), /release: kps/);
  });

  it('a misspelt key=value argument fails the run, names the key, and leaves the package as it was', () => {
    const pkg = copyExample('inventory', join(dir, 'bad-args'));
    const before = snapshot(pkg);
    const r = kpt(['fn', 'eval', pkg, '--exec', FN_COMMAND, '--', 'enviroment=staging']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /data\.enviroment: unknown setting "enviroment"/);
    assert.deepEqual(snapshot(pkg), before);
  });

  it('an invalid ProjectContext fails kpt fn render, names the field, and leaves the package as it was', () => {
    const pkg = copyExample('checkout', join(dir, 'invalid'));
    writeFileSync(join(pkg, 'Kptfile'), kptfile('checkout', `    - exec: ${FN_COMMAND}\n`));
    const file = join(pkg, 'projectcontext.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('criticality: critical', 'criticality: urgent'));
    const before = snapshot(pkg);
    const r = kpt(['fn', 'render', pkg, '--allow-exec']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.business\.criticality: must be one of critical, high, medium, low/);
    assert.deepEqual(snapshot(pkg), before);
  });

  for (const a of SCRAPE_APPS) {
    it(`${a.name} Service: kpt fn eval and fn render ${a.exit ? 'fail, leave the package as it was, and print the target and the fix' : `scrape port ${a.port} and write its rules`}`, () => {
      for (const how of ['eval', 'render'] as const) {
        const pkg = writeApp(join(dir, `scrape-${a.name}-${how}`), { Kptfile: kptfile(a.name, `    - exec: ${FN_COMMAND}\n`), 'app.yaml': a.resources });
        const before = snapshot(pkg);
        const r = how === 'eval' ? kpt(['fn', 'eval', pkg, '--exec', FN_COMMAND]) : kpt(['fn', 'render', pkg, '--allow-exec']);
        if (a.exit === 0) {
          assert.equal(r.code, 0, r.stderr);
          const out = resourcesByKey(packageStream(pkg));
          assert.equal((out.get('ServiceMonitor/shop/web-contextcore')?.spec as any)?.endpoints[0].port, a.port, how);
          assert.ok(out.has('PrometheusRule/shop/web-slo'), how);
          continue;
        }
        assert.notEqual(r.code, 0, how);
        // kpt folds long result messages; what a person reads is the text with its line breaks undone.
        const seen = r.stderr.replace(/\s*\n\s*/g, ' ');
        for (const says of a.says) assert.match(seen, says, `${how}: ${r.stderr}`);
        assert.deepEqual(snapshot(pkg), before, how);
      }
    });
  }

  it('contextcore-fn on PATH is the function, for --exec and Kptfile exec alike', () => {
    const bin = execFunctionDir(join(dir, 'path'));
    const pkg = copyExample('batch-reports', join(dir, 'by-name'));
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const r = kpt(['fn', 'eval', pkg, '--exec', 'contextcore-fn'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(resourcesByKey(packageStream(pkg)), resourcesByKey(render(examplePath('batch-reports'))));
    const rendered = copyExample('batch-reports', join(dir, 'by-name-render'));
    writeFileSync(join(rendered, 'Kptfile'), kptfile('batch-reports', '    - exec: contextcore-fn\n'));
    const again = kpt(['fn', 'render', rendered, '--allow-exec'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(resourcesByKey(packageStream(rendered)), resourcesByKey(render(examplePath('batch-reports'))));
  });

  it('kpt fn source | kpt fn eval - prints the resources of contextcore render', () => {
    const source = kpt(['fn', 'source', examplePath('checkout')]);
    assert.equal(source.code, 0, source.stderr);
    const r = runTool(KPT!, ['fn', 'eval', '-', '--exec', FN_COMMAND], { input: source.stdout });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(resourcesByKey(r.stdout), resourcesByKey(render(examplePath('checkout'))));
  });
});
