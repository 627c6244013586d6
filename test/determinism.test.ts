// Same input → byte-identical output; rendering the output again → the same output.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleManifestFiles, examples, examplePath, runCli } from './helpers.js';
import { KUSTOMIZE_FOR_CLI, resourcesByKey, skipWithout } from './orchestrators.js';

const skip = skipWithout(KUSTOMIZE_FOR_CLI, 'kustomize or kubectl', 'rendering an example directory builds its kustomization');

describe('determinism and idempotency', () => {
  for (const name of examples()) {
    it(`example ${name} renders to the same bytes twice, and its output renders to itself`, () => {
      // The configuration is not part of the output; give it again for the second pass.
      const config = name === 'checkout' ? ['--config', `${examplePath(name)}/contextcore.yaml`] : [];
      const files = exampleManifestFiles(name);
      const a = runCli(['render', ...files]);
      const b = runCli(['render', ...files]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      const again = runCli(['render', '-', ...config], { input: a.stdout });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, a.stdout);
    });

    it(`example ${name} built by kustomize renders to the same bytes twice, and its output renders to the same resources (kustomize orders them its own way)`, { skip }, () => {
      const config = name === 'checkout' ? ['--config', `${examplePath(name)}/contextcore.yaml`] : [];
      const a = runCli(['render', examplePath(name)]);
      const b = runCli(['render', examplePath(name)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      const again = runCli(['render', '-', ...config], { input: a.stdout });
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(resourcesByKey(again.stdout), resourcesByKey(a.stdout));
    });
  }
});
