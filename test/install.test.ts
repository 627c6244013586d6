// The package as a user installs it: `npm pack` of the project (dist/ as `npm test` built it),
// `npm install -g` of the tarball into a temporary prefix, and every front end run from the
// installed binaries, on every supported Node. The bundle is the install: no runtime dependency,
// a few MB.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { exampleManifestFiles, examplePath, ROOT, which } from './helpers.js';
import { KUBECTL, resourcesByKey, runTool, scratch, skipWithout } from './orchestrators.js';
import { nodeBinaries } from './support/node-versions.js';

const NPM = which('npm');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; dependencies?: object };
/** The most an installation may weigh (issue 14: under 3 MB; it was 106 MB with the dependencies). */
const MAX_INSTALLED_BYTES = 3 * 1024 * 1024;
const golden = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function npm(args: string[], cwd: string): string {
  const r = spawnSync(NPM!, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 300_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Bytes of every file under a directory (links not followed). */
function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

describe('the package installed from its tarball', { skip: NPM ? false : 'npm not found on PATH' }, () => {
  const dir = scratch('install');
  const prefix = join(dir, 'prefix');
  const bin = (name: string) => join(prefix, 'bin', name);

  before(() => {
    // --ignore-scripts: the dist/ this run built (prepack would rebuild it under the other tests' feet).
    const tarball = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT).trim().split('\n').pop()!;
    npm(['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, tarball)], dir);
  });

  it(`weighs under ${MAX_INSTALLED_BYTES / 1024 / 1024} MB and brings no dependency: the bundle is the install`, () => {
    assert.equal(PACKAGE.dependencies, undefined, 'package.json has no runtime dependencies');
    const modules = join(prefix, 'lib', 'node_modules');
    assert.deepEqual(readdirSync(modules), [PACKAGE.name]);
    assert.equal(existsSync(join(modules, PACKAGE.name, 'node_modules')), false);
    const size = bytesUnder(prefix);
    assert.ok(size < MAX_INSTALLED_BYTES, `${size} bytes installed`);
  });

  for (const node of nodeBinaries()) {
    describe(`run by ${node.name}`, { skip: node.skip }, () => {
      // The installed binaries, with this node first on PATH (their #! line is /usr/bin/env node) and nothing of the repository.
      const env = { PATH: [dirname(node.path ?? process.execPath), '/usr/bin', '/bin'].join(delimiter) };
      const installed = (name: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
        runTool(bin(name), args, { cwd: opts.cwd ?? ROOT, input: opts.input, env: { ...env, ...opts.env } });

      it('the installed binaries’ #!/usr/bin/env node finds this Node', () => {
        assert.equal(runTool('/usr/bin/env', ['node', '--version'], { env }).stdout.trim(), `v${node.version}`);
        const r = installed('contextcore', ['--version']);
        assert.equal(r.code, 0, r.stderr);
      });

      it('render, plan and fn print the golden files', () => {
        const cases = [
          { args: ['render', ...exampleManifestFiles('checkout')], expect: 'test/golden/checkout/render.yaml' },
          { args: ['plan', ...exampleManifestFiles('inventory')], expect: 'test/golden/inventory/plan.txt' },
        ];
        for (const c of cases) {
          const r = installed('contextcore', c.args);
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, golden(c.expect), c.args.join(' '));
        }
        const fn = installed('contextcore-fn', [], { input: golden('test/conformance/krm/example-checkout/input.yaml') });
        assert.equal(fn.code, 0, fn.stderr);
        assert.equal(fn.stdout, golden('test/conformance/krm/example-checkout/expected.yaml'));
      });

      it('diff and hook emit --dry-run load their chunks', () => {
        const d = installed('contextcore', ['diff', 'test/diff/base', 'test/diff/base']);
        assert.equal(d.code, 0, d.stderr);
        assert.match(d.stdout, /\*\*No changes\*\*/);
        const planFile = join(dir, 'plan.json');
        const plan = installed('contextcore', ['plan', ...exampleManifestFiles('checkout'), '--json']);
        writeFileSync(planFile, plan.stdout);
        const h = installed('contextcore', ['hook', 'emit', '--plan', planFile, '--dry-run']);
        assert.equal(h.code, 0, h.stderr);
        assert.ok(JSON.parse(h.stdout).resourceSpans[0].scopeSpans[0].spans.length > 0);
      });

      it('kustomize install-plugin installs a plugin that kubectl kustomize runs', { skip: skipWithout(KUBECTL, 'kubectl', 'the installed plugin is run by kubectl kustomize') }, () => {
        const home = join(dir, `plugin-home-${node.major}`);
        const r = installed('contextcore', ['kustomize', 'install-plugin', '--plugin-home', home]);
        assert.equal(r.code, 0, r.stderr);
        const built = runTool(KUBECTL!, ['kustomize', '--enable-alpha-plugins', examplePath('checkout')], { cwd: ROOT, env: { KUSTOMIZE_PLUGIN_HOME: home } });
        assert.equal(built.code, 0, built.stderr);
        assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(golden('test/golden/checkout/render.yaml')));
      });

      it('argocd generate builds the app with its kustomization and the installed transformer', { skip: skipWithout(KUBECTL, 'kubectl', 'argocd generate builds the kustomization with kubectl kustomize here') }, () => {
        const r = installed('contextcore', ['argocd', 'generate'], { cwd: join(ROOT, examplePath('checkout')), env: { CONTEXTCORE_KUSTOMIZE: `${KUBECTL} kustomize`, TMPDIR: dir } });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual([...resourcesByKey(r.stdout).keys()].sort(), [...resourcesByKey(golden('test/golden/checkout/render.yaml')).keys()].sort());
      });
    });
  }
});
