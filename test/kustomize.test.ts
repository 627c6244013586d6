// `kubectl kustomize --enable-alpha-plugins` (kustomize v5 built into kubectl, which has no
// --enable-exec) with the legacy exec plugin that `contextcore kustomize install-plugin` installs:
// the real tool, on the examples and on apps written here, compared with `contextcore render`.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { deployment, projectContext, service } from './fixtures.js';
import { SCRAPE_APPS } from './scrape-apps.js';
import { CLI, examples, examplePath, ROOT, runCli } from './helpers.js';
import { copyExample, KUBECTL, render, resourcesByKey, runTool, scratch, skipWithout, writeApp } from './orchestrators.js';

const skip = skipWithout(KUBECTL, 'kubectl', 'the kubectl kustomize tests need kubectl (kustomize v5 built in)');
const PLUGIN = join('fn.contextcore.io', 'v1alpha1', 'projectcontextexpander', 'ProjectContextExpander');
const COMPONENT = join(ROOT, 'kustomize/components/contextcore');

const kustomize = (dir: string, env: NodeJS.ProcessEnv) => runTool(KUBECTL!, ['kustomize', '--enable-alpha-plugins', dir], { env });

/** An example copied elsewhere, its kustomization still pointing at the component. */
function exampleCopy(name: string, dest: string): string {
  const app = copyExample(name, dest);
  const file = join(app, 'kustomization.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('../../kustomize/components/contextcore', relative(app, COMPONENT)));
  return app;
}

/** A small app of our own: a namespace-less ProjectContext, Deployment and Service. */
function paymentsApp(dir: string, kustomization: string): string {
  const labels = { app: 'payments' };
  const context = projectContext({ targets: [{ kind: 'Deployment', name: 'payments' }, { kind: 'Service', name: 'payments' }] }, { name: 'payments' });
  delete context.metadata!.namespace;
  const workload = deployment({ name: 'payments', labels });
  delete workload.metadata!.namespace;
  const svc = service({ name: 'payments', labels, selector: labels });
  delete svc.metadata!.namespace;
  return writeApp(dir, { 'app.yaml': [context, workload, svc], 'kustomization.yaml': kustomization, 'contextcore.yaml': readFileSync(join(COMPONENT, 'projectcontextexpander.yaml'), 'utf8') });
}

describe('contextcore kustomize', () => {
  const dir = scratch('kustomize-cli');

  it('plugin reads the config file named in its argument and the resources on stdin, and prints the stream', () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, readFileSync(join(COMPONENT, 'projectcontextexpander.yaml')));
    const files = ['contextcore.yaml', 'deployment.yaml', 'projectcontext.yaml', 'service.yaml'];
    const input = files.map((f) => readFileSync(join(ROOT, examplePath('checkout'), f), 'utf8')).join('---\n');
    const r = runCli(['kustomize', 'plugin', config], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(resourcesByKey(r.stdout), resourcesByKey(render(examplePath('checkout'))));
  });

  it('called by the plugin file name, the CLI is the plugin', () => {
    const link = join(dir, 'ProjectContextExpander');
    symlinkSync(CLI, link);
    const config = join(dir, 'named.yaml');
    writeFileSync(config, readFileSync(join(COMPONENT, 'projectcontextexpander.yaml')));
    const r = runTool(link, [config], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...resourcesByKey(r.stdout).keys()], ['ConfigMap//a']);
  });

  it('a config file that cannot be read is a user error naming it, not a crash', () => {
    const r = runCli(['kustomize', 'plugin', join(dir, 'missing.yaml')], { input: '' });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /missing\.yaml: cannot read the transformer config: ENOENT/);
  });

  it('wrong arguments are usage errors (exit 2)', () => {
    for (const args of [['kustomize'], ['kustomize', 'frob'], ['kustomize', 'plugin'], ['kustomize', 'plugin', 'a', 'b'], ['kustomize', 'install-plugin', 'x']]) {
      const r = runCli(args, { input: '' });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
  });
});

describe('kubectl kustomize with the ContextCore plugin', { skip }, () => {
  const dir = scratch('kustomize');
  const home = join(dir, 'plugin-home');
  const env = { KUSTOMIZE_PLUGIN_HOME: home };
  before(() => {
    const r = runCli(['kustomize', 'install-plugin', '--plugin-home', home]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('install-plugin writes an executable plugin where kustomize looks for the kind, a copy of dist/ beside it, and prints that path', () => {
    const target = join(home, PLUGIN);
    const stale = join(dirname(target), 'contextcore-0000000000000000');
    mkdirSync(stale);
    const again = runCli(['kustomize', 'install-plugin', '--plugin-home', home]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `${target}\n`, 'installing again replaces the same file');
    assert.ok(statSync(target).mode & 0o100, 'executable');
    const installed = readFileSync(target, 'utf8');
    assert.equal(installed.slice(0, installed.indexOf('\n')), `#!${process.execPath}`, 'the #! line names the node that installed it');
    const beside = readdirSync(dirname(target)).filter((name) => name !== 'ProjectContextExpander');
    assert.equal(beside.length, 1, `one copy of the CLI, the stale one removed: ${beside.join(', ')}`);
    assert.match(installed, new RegExp(`require\\('\\./${beside[0]}/contextcore\\.cjs'\\) : import\\('\\./${beside[0]}/contextcore\\.cjs'\\)`));
    const copy = join(dirname(target), beside[0]!);
    assert.deepEqual(readdirSync(copy).sort(), readdirSync(dirname(CLI)).sort());
    for (const name of readdirSync(copy)) assert.ok(readFileSync(join(copy, name)).equals(readFileSync(join(dirname(CLI), name))), `${name} is dist/${name}`);
  });

  it("without --plugin-home it installs into kustomize's default home, where kubectl then finds it", () => {
    const fakeHome = join(dir, 'home');
    const xdg = join(dir, 'xdg');
    const cases = [
      { env: { HOME: fakeHome, XDG_CONFIG_HOME: '', KUSTOMIZE_PLUGIN_HOME: '' }, home: join(fakeHome, '.config/kustomize/plugin') },
      { env: { HOME: fakeHome, XDG_CONFIG_HOME: xdg, KUSTOMIZE_PLUGIN_HOME: '' }, home: join(xdg, 'kustomize/plugin') },
      { env: { HOME: fakeHome, XDG_CONFIG_HOME: xdg, KUSTOMIZE_PLUGIN_HOME: join(dir, 'explicit') }, home: join(dir, 'explicit') },
    ];
    for (const c of cases) {
      const r = runCli(['kustomize', 'install-plugin'], { env: c.env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${join(c.home, PLUGIN)}\n`);
      const built = kustomize(examplePath('checkout'), { ...c.env });
      assert.equal(built.code, 0, built.stderr);
      assert.ok(resourcesByKey(built.stdout).has('ServiceMonitor/commerce/checkout-api-contextcore'), JSON.stringify(c.env));
      rmSync(c.home, { recursive: true, force: true });
    }
  });

  it('the installed plugin needs neither the dist/ it came from nor node on PATH', () => {
    const moved = join(dir, 'moved');
    cpSync(dirname(CLI), moved, { recursive: true });
    const copy = join(moved, basename(CLI));
    const ownHome = join(dir, 'own-home');
    const installed = runTool(process.execPath, [copy, 'kustomize', 'install-plugin', '--plugin-home', ownHome]);
    assert.equal(installed.code, 0, installed.stderr);
    rmSync(moved, { recursive: true });
    // PATH holds kubectl alone: the plugin's #! line names node itself.
    const bin = join(dir, 'only-kubectl');
    mkdirSync(bin);
    symlinkSync(KUBECTL!, join(bin, 'kubectl'));
    const built = runTool(join(bin, 'kubectl'), ['kustomize', '--enable-alpha-plugins', examplePath('checkout')], { cwd: ROOT, env: { KUSTOMIZE_PLUGIN_HOME: ownHome, PATH: bin } });
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(render(examplePath('checkout'))));
  });

  it('--node writes the interpreter given', () => {
    const nodeHome = join(dir, 'node-home');
    const r = runCli(['kustomize', 'install-plugin', '--plugin-home', nodeHome, '--node', '/usr/bin/env node']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(nodeHome, PLUGIN), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  for (const name of examples()) {
    it(`examples/${name} builds to the resources contextcore render prints`, () => {
      const built = kustomize(join(ROOT, examplePath(name)), env);
      assert.equal(built.code, 0, built.stderr);
      assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(render(examplePath(name))));
    });
  }

  describe('apps whose Service a new user writes: the SLO is produced, or the build fails and kubectl shows why', () => {
    for (const a of SCRAPE_APPS) {
      it(`${a.name}: ${a.exit ? 'exit 1, no output, the target and the fix in what kubectl prints' : `scraped on port ${a.port}, with its rules and dashboard`}`, () => {
        const app = writeApp(join(dir, `scrape-${a.name}`), { 'app.yaml': a.resources, 'kustomization.yaml': `resources: [app.yaml]\ncomponents: [${relative(join(dir, `scrape-${a.name}`), COMPONENT)}]\n` });
        const built = kustomize(app, env);
        if (a.exit === 0) {
          assert.equal(built.code, 0, built.stderr);
          const out = resourcesByKey(built.stdout);
          assert.equal((out.get('ServiceMonitor/shop/web-contextcore')?.spec as any)?.endpoints[0].port, a.port);
          assert.ok(out.has('PrometheusRule/shop/web-slo') && out.has('ConfigMap/shop/web-dashboard'), [...out.keys()].join(', '));
          return;
        }
        assert.equal(built.code, 1, built.stderr);
        assert.equal(built.stdout, '');
        for (const says of a.says) assert.match(built.stderr, says);
      });
    }
  });

  it('the CRD base installs the ProjectContext CRD', () => {
    const built = runTool(KUBECTL!, ['kustomize', join(ROOT, 'kustomize/crd')]);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual([...resourcesByKey(built.stdout).keys()], ['CustomResourceDefinition//projectcontexts.contextcore.io']);
  });

  describe('where the namespace of the kustomization is applied', () => {
    const contextKey = (text: string) => resourcesByKey(text).get('Deployment/shop/payments')?.metadata?.annotations?.['contextcore.io/projectcontext'];
    const ruleText = (text: string) => JSON.stringify(resourcesByKey(text).get('PrometheusRule/shop/payments-slo'));

    it('listed under transformers: of the kustomization that sets namespace:, ContextCore sees the final namespace', () => {
      const app = paymentsApp(join(dir, 'transformers'), `namespace: shop\nresources: [app.yaml]\ntransformers: [contextcore.yaml]\n`);
      const built = kustomize(app, env);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(contextKey(built.stdout), 'shop/payments');
      assert.match(ruleText(built.stdout), /namespace=\\"shop\\", job=\\"payments\\"/);
    });

    it('as a component in an overlay over a base that sets namespace:, ContextCore sees the final namespace', () => {
      const base = paymentsApp(join(dir, 'overlay', 'base'), 'namespace: shop\nresources: [app.yaml]\n');
      const overlay = writeApp(join(dir, 'overlay', 'prod'), { 'kustomization.yaml': `resources: [../base]\ncomponents: [${relative(join(dir, 'overlay', 'prod'), COMPONENT)}]\n` });
      assert.ok(base);
      const built = kustomize(overlay, env);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(contextKey(built.stdout), 'shop/payments');
      assert.match(ruleText(built.stdout), /namespace=\\"shop\\", job=\\"payments\\"/);
    });

    it('as a component beside namespace: it runs first and cannot know the namespace: the build fails naming the layout and the fix; spec.defaultNamespace sets it', () => {
      const component = relative(join(dir, 'beside'), COMPONENT);
      const beside = paymentsApp(join(dir, 'beside'), `namespace: shop\nresources: [app.yaml]\ncomponents: [${component}]\n`);
      const built = kustomize(beside, env);
      assert.equal(built.code, 1);
      assert.equal(built.stdout, '', 'never selectors for a namespace the objects will not be in');
      assert.match(built.stderr, /ProjectContext payments: metadata\.namespace: no metadata\.namespace, and the kustomize plugin cannot know where it will be: .*component beside namespace:.* list the ProjectContextExpander config under transformers: of the kustomization that sets namespace:/);
      const settings = { apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', metadata: { name: 'settings', annotations: { 'config.kubernetes.io/local-config': 'true' } }, spec: { defaultNamespace: 'shop' } };
      writeFileSync(join(beside, 'settings.yaml'), stringify(settings));
      writeFileSync(join(beside, 'kustomization.yaml'), `namespace: shop\nresources: [app.yaml, settings.yaml]\ncomponents: [${component}]\n`);
      const fixed = kustomize(beside, env);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.equal(contextKey(fixed.stdout), 'shop/payments');
      assert.match(ruleText(fixed.stdout), /namespace=\\"shop\\", job=\\"payments\\"/);
      assert.ok(![...resourcesByKey(fixed.stdout).keys()].some((k) => k.startsWith('ProjectContextExpander')), 'the local-config settings stay out of the output');
    });
  });

  describe('failures', () => {
    it('an invalid ProjectContext fails the build: exit 1, nothing on stdout, the field named on stderr', () => {
      const app = exampleCopy('checkout', join(dir, 'invalid'));
      const file = join(app, 'projectcontext.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('criticality: critical', 'criticality: urgent'));
      const built = kustomize(app, env);
      assert.equal(built.code, 1);
      assert.equal(built.stdout, '');
      // Through a component kubectl wraps the message and escapes its quotes.
      assert.match(built.stderr, /ProjectContext commerce\/checkout: spec\.business\.criticality: must be one of critical, high, medium, low \(got \\*"urgent\\*"\)/);
    });

    it('without --enable-alpha-plugins kubectl refuses the transformer instead of skipping it', () => {
      const built = runTool(KUBECTL!, ['kustomize', join(ROOT, examplePath('checkout'))], { env });
      assert.equal(built.code, 1);
      assert.equal(built.stdout, '');
      assert.match(built.stderr, /external plugins disabled/);
    });

    it('kubectl apply -k cannot run plugins at all, which is why the README pipes kubectl kustomize into kubectl apply -f -', () => {
      const applied = runTool(KUBECTL!, ['apply', '-k', join(ROOT, examplePath('checkout')), '--dry-run=client', '-o', 'name'], { env });
      assert.notEqual(applied.code, 0);
      assert.equal(applied.stdout, '');
      assert.match(applied.stderr, /external plugins disabled/);
    });

    it('kubectl skips an exec KRM function without a word, which is why the Component uses the legacy plugin', () => {
      const app = copyExample('checkout', join(dir, 'exec-skipped'));
      const exec = `apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata:\n  name: contextcore\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${CLI}\n`;
      writeFileSync(join(app, 'fn.yaml'), exec);
      writeFileSync(join(app, 'kustomization.yaml'), 'resources: [contextcore.yaml, deployment.yaml, projectcontext.yaml, service.yaml]\ntransformers: [fn.yaml]\n');
      const built = kustomize(app, env);
      assert.equal(built.code, 0, built.stderr);
      assert.ok(![...resourcesByKey(built.stdout).keys()].some((k) => k.startsWith('ServiceMonitor')), 'nothing generated: the function never ran');
    });
  });

  describe('as a container function, through the KRM runtime of kubectl kustomize', () => {
    // No Docker engine here: a `docker` first on PATH runs the bundle in place of the image. What
    // this proves is the ResourceList exchange through kustomize's own function runtime (the one
    // standalone kustomize uses for exec functions too) and the docker command line kustomize
    // builds from the documented annotation; the image itself is tested by container.test.ts.
    const image = 'ghcr.io/contextcore/contextcore-gitops:0.1.0';
    const transformer = `apiVersion: fn.contextcore.io/v1alpha1\nkind: ProjectContextExpander\nmetadata:\n  name: contextcore\n  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: ${image}\n`;
    let bin = '';
    before(() => {
      bin = join(dir, 'container-runtime');
      mkdirSync(bin);
      writeFileSync(join(bin, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${join(bin, 'calls')}"\nexec "${process.execPath}" "${CLI}" fn\n`, { mode: 0o755 });
    });
    const build = (app: string) => kustomize(app, { PATH: `${bin}:${process.env.PATH}` });

    /** An example whose kustomization lists the container function under transformers: instead of the Component. */
    function withContainerFunction(name: string, dest: string): string {
      const app = copyExample(name, dest);
      const kustomization = join(app, 'kustomization.yaml');
      writeFileSync(join(app, 'fn.yaml'), transformer);
      writeFileSync(kustomization, readFileSync(kustomization, 'utf8').replace(/components:\n.*\n/, 'transformers:\n  - fn.yaml\n'));
      return app;
    }

    for (const name of examples()) {
      it(`builds examples/${name} to the resources of contextcore render, run as nobody without network`, () => {
        const built = build(withContainerFunction(name, join(dir, `container-${name}`)));
        assert.equal(built.code, 0, built.stderr);
        assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(render(examplePath(name))));
        const call = readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n').pop()!;
        assert.match(call, /^run .*--network none .*--user nobody .*ghcr\.io\/contextcore\/contextcore-gitops:0\.1\.0$/);
      });
    }

    it('an invalid ProjectContext fails the build with the field named', () => {
      const app = withContainerFunction('checkout', join(dir, 'container-invalid'));
      const file = join(app, 'projectcontext.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('owner: commerce-team', 'owner: commerce-team\n    budget: 12'));
      const built = build(app);
      assert.equal(built.code, 1);
      assert.equal(built.stdout, '');
      assert.match(built.stderr, /spec\.business\.budget/);
    });
  });
});
