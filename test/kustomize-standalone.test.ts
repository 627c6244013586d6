// Standalone `kustomize build` (runs where a kustomize binary is on PATH, as in CI images that
// have one): the KRM exec function, `contextcore-fn` named in the config.kubernetes.io/function
// annotation of the transformer config, with --enable-alpha-plugins --enable-exec; and the legacy
// plugin through the Component, as kubectl runs it.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { examples, examplePath, ROOT, runCli } from './helpers.js';
import { copyExample, execFunctionDir, KUSTOMIZE, render, resourcesByKey, runTool, scratch, skipWithout } from './orchestrators.js';

const skip = skipWithout(KUSTOMIZE, 'kustomize', 'the standalone kustomize tests need a kustomize v5 binary on PATH or built by `node scripts/go-tools.mjs install kustomize` (kubectl kustomize is tested in kustomize.test.ts)');

/** The transformer config of the exec KRM function, as the README documents it. */
const EXEC_TRANSFORMER = `apiVersion: fn.contextcore.io/v1alpha1
kind: ProjectContextExpander
metadata:
  name: contextcore
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: contextcore-fn
`;

describe('standalone kustomize build', { skip }, () => {
  const dir = scratch('kustomize-standalone');
  const home = join(dir, 'plugin-home');
  let env: NodeJS.ProcessEnv = {};
  before(() => {
    const installed = runCli(['kustomize', 'install-plugin', '--plugin-home', home]);
    assert.equal(installed.code, 0, installed.stderr);
    env = { KUSTOMIZE_PLUGIN_HOME: home, PATH: `${execFunctionDir(dir)}:${process.env.PATH}` };
  });
  const build = (app: string, flags: string[]) => runTool(KUSTOMIZE!, ['build', ...flags, app], { env });

  /** An example whose kustomization lists the exec function under transformers: instead of the Component. */
  function withExecFunction(name: string): string {
    const app = copyExample(name, join(dir, `exec-${name}`));
    const kustomization = join(app, 'kustomization.yaml');
    writeFileSync(join(app, 'contextcore-fn.yaml'), EXEC_TRANSFORMER);
    writeFileSync(kustomization, readFileSync(kustomization, 'utf8').replace(/components:\n.*\n/, 'transformers:\n  - contextcore-fn.yaml\n'));
    return app;
  }

  for (const name of examples()) {
    it(`examples/${name} with the exec KRM function builds to the resources of contextcore render`, () => {
      const built = build(withExecFunction(name), ['--enable-alpha-plugins', '--enable-exec']);
      assert.equal(built.code, 0, built.stderr);
      assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(render(examplePath(name))));
    });

    it(`examples/${name} with the Component (legacy plugin) builds to the same`, () => {
      const built = build(join(ROOT, examplePath(name)), ['--enable-alpha-plugins']);
      assert.equal(built.code, 0, built.stderr);
      assert.deepEqual(resourcesByKey(built.stdout), resourcesByKey(render(examplePath(name))));
    });
  }

  it('an invalid ProjectContext fails the build with exit 1, nothing on stdout and the field named on stderr', () => {
    const app = withExecFunction('checkout');
    const file = join(app, 'projectcontext.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('criticality: critical', 'criticality: urgent'));
    const built = build(app, ['--enable-alpha-plugins', '--enable-exec']);
    assert.equal(built.code, 1);
    assert.equal(built.stdout, '');
    assert.match(built.stderr, /spec\.business\.criticality: must be one of critical, high, medium, low/);
  });
});
