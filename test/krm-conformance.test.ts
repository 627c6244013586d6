// KRM conformance cases (test/conformance/krm/<case>/): input.yaml → expected.yaml and exitcode,
// through the bundled executable on every supported Node. Each case runs twice: the output, fed
// back in, must come out unchanged (idempotency).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from './helpers.js';
import { nodeBinaries } from './support/node-versions.js';

const CASES = join(ROOT, 'test/conformance/krm');

describe('KRM conformance', () => {
  for (const node of nodeBinaries()) {
    describe(`on ${node.name}`, { skip: node.skip }, () => {
      for (const name of readdirSync(CASES).sort()) {
        it(`case ${name}`, () => {
          const dir = join(CASES, name);
          const input = readFileSync(join(dir, 'input.yaml'), 'utf8');
          const expected = readFileSync(join(dir, 'expected.yaml'), 'utf8');
          const exitCode = Number(readFileSync(join(dir, 'exitcode'), 'utf8'));
          const first = runCli(['fn'], { input, node: node.path });
          assert.equal(first.code, exitCode, first.stderr);
          assert.equal(first.stdout, expected);
          if (exitCode !== 0) {
            assert.ok(first.stderr.trim().length > 0, 'a failure is explained on stderr, where kustomize shows it');
            assert.doesNotMatch(first.stderr, /\n\s+at /, 'no stack trace for a user error');
            if (first.stdout) assert.equal(parse(first.stdout).kind, 'ResourceList', 'on failure stdout is a valid ResourceList or empty');
            return;
          }
          const again = parse(first.stdout);
          delete again.results;
          const second = runCli(['fn'], { input: stringify(again), node: node.path });
          assert.equal(second.code, 0, second.stderr);
          assert.deepEqual(parse(second.stdout).items, parse(first.stdout).items, 'a second run changes nothing');
        });
      }
    });
  }
});
