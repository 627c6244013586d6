// Same input → byte-identical output; rendering the output again → the same output.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examples, examplePath, runCli } from './helpers.js';

describe('determinism and idempotency', () => {
  for (const name of examples()) {
    it(`example ${name} renders to the same bytes twice, and its output renders to itself`, () => {
      const a = runCli(['render', examplePath(name)]);
      const b = runCli(['render', examplePath(name)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(a.stdout, b.stdout);
      // The configuration is not part of the output; give it again for the second pass.
      const again = runCli(['render', '-', ...(name === 'checkout' ? ['--config', `${examplePath(name)}/contextcore.yaml`] : [])], { input: a.stdout });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, a.stdout);
    });
  }
});
