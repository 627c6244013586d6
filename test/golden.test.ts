// The same golden cases through every front end: the library, `contextcore render`, and
// `contextcore fn` (KRM) must all produce the committed output, the CLI on every supported Node.
// Regenerate with npm run golden.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { goldenFiles, staleGoldenFiles } from '../scripts/golden.js';
import { exampleManifestFiles, examples, examplePath, ROOT, runCli, withoutOrchestratorAnnotations } from './helpers.js';
import { toResourceList } from './resource-list.js';
import { KUSTOMIZE_FOR_CLI, resourcesByKey, skipWithout } from './orchestrators.js';
import { nodeBinaries } from './support/node-versions.js';

const golden = (name: string, file: string) => readFileSync(join(ROOT, 'test/golden', name, file), 'utf8');
const skip = skipWithout(KUSTOMIZE_FOR_CLI, 'kustomize or kubectl', 'rendering an example directory builds its kustomization');
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe('golden outputs', () => {
  it('every committed golden file matches what npm run golden would write (run it after a deliberate change)', async () => {
    for (const [path, content] of await goldenFiles()) {
      assert.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} drifted: run npm run golden and review the diff`);
    }
  });

  it('no golden file is left that npm run golden would not write (a removed example or diff case; npm run golden deletes them)', async () => {
    assert.deepEqual(staleGoldenFiles(await goldenFiles()), []);
  });

  for (const node of nodeBinaries()) {
    describe(`on ${node.name}`, { skip: node.skip }, () => {
      for (const name of examples()) {
        describe(`example ${name}`, () => {
          it("contextcore render of the example's manifest files prints the golden YAML, byte for byte", () => {
            const r = runCli(['render', ...exampleManifestFiles(name)], { node: node.path });
            assert.equal(r.code, 0, r.stderr);
            assert.equal(r.stdout, golden(name, 'render.yaml'));
          });

          it('contextcore render of the example directory, a kustomization built as Argo CD builds it, prints the golden resources (in kustomize\'s order)', { skip }, () => {
            const r = runCli(['render', examplePath(name)], { node: node.path });
            assert.equal(r.code, 0, r.stderr);
            assert.deepEqual(resourcesByKey(r.stdout), resourcesByKey(golden(name, 'render.yaml')));
          });

          it("contextcore plan prints the golden plan, of the example's files and of its directory built by kustomize", () => {
            const r = runCli(['plan', ...exampleManifestFiles(name)], { node: node.path });
            assert.equal(r.code, 0, r.stderr);
            assert.equal(r.stdout, golden(name, 'plan.txt'));
            if (skip) return;
            const built = runCli(['plan', examplePath(name)], { node: node.path });
            assert.equal(built.code, 0, built.stderr);
            assert.equal(built.stdout, golden(name, 'plan.txt'));
          });

          it('contextcore fn returns the golden resources, with the orchestrator annotations on top', () => {
            const r = runCli(['fn'], { input: toResourceList(examplePath(name)), node: node.path });
            assert.equal(r.code, 0, r.stderr);
            const [list] = docs(r.stdout);
            assert.equal(list.kind, 'ResourceList');
            assert.deepEqual(list.items.map(withoutOrchestratorAnnotations), docs(golden(name, 'render.yaml')).map(withoutOrchestratorAnnotations));
            for (const item of list.items) assert.ok(item.metadata.annotations['internal.config.kubernetes.io/path'], `${item.kind}/${item.metadata.name} has a path`);
          });
        });
      }
    });
  }
});
