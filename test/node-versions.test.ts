// What we say about Node.js is what we test and ship: package.json's engines and the README name
// exactly the majors of scripts/node-versions.mjs (on each of which the golden, conformance and
// install tests run the CLI), and the images and the docs' snippets run its pinned release of
// the images' major.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IMAGE_NODE_MAJOR, NODE_VERSIONS } from '../scripts/node-versions.mjs';
import { ROOT } from './helpers.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const majors = Object.keys(NODE_VERSIONS).map(Number);
const image = NODE_VERSIONS[IMAGE_NODE_MAJOR];

describe('Node.js versions', () => {
  it('every pinned version is a release of its major', () => {
    for (const [major, version] of Object.entries(NODE_VERSIONS)) assert.match(version, new RegExp(`^${major}\\.\\d+\\.\\d+$`));
    assert.ok(majors.includes(IMAGE_NODE_MAJOR));
  });

  it('package.json’s engines allow exactly the supported majors', () => {
    const ranges = (JSON.parse(read('package.json')).engines.node as string).split('||').map((r) => r.trim());
    assert.deepEqual(ranges.map((r) => Number(/^\^(\d+)\./.exec(r)?.[1])), majors);
  });

  it('the README’s supported versions name the same majors, from the minimum engines allows', () => {
    const row = read('README.md').split('\n').find((l) => l.startsWith('| Node.js'))!;
    assert.match(row, new RegExp(`\\| ${majors.join(', ')} \\(`));
    // ^20.6.0 is "20 (20.6 or later)"; ^22.0.0 is "22".
    const said = (JSON.parse(read('package.json')).engines.node as string).split('||').map((r) => {
      const [, major, minor] = /^\^(\d+)\.(\d+)\./.exec(r.trim())!;
      return minor === '0' ? major : `${major} (${major}.${minor} or later)`;
    });
    assert.ok(read('README.md').includes(`Node.js ${said.slice(0, -1).join(', ')} or ${said.at(-1)}.`), `the README says Node.js ${said.join(', ')}`);
  });

  it(`the Argo CD sidecar image runs Node ${image}, pinned to the release (functions/Dockerfile: container.test.ts)`, () => {
    assert.match(read('argocd/Dockerfile'), new RegExp(`^ARG NODE_IMAGE=node:${image.replace(/\./g, '\\.')}-bookworm-slim$`, 'm'));
  });

  it(`the docs and the CI example name Node ${image} where they name an image or a runtime`, () => {
    assert.ok(read('docs/argocd.md').includes(`\`node:${image}-bookworm-slim\``));
    assert.ok(read('docs/kustomize-kpt.md').includes(`\`node:${image}-alpine\``));
    assert.match(read('examples/ci/.github/workflows/contextcore-diff.yaml'), new RegExp(`node-version: ${image.replace(/\./g, '\\.')} `));
    for (const doc of ['docs/argocd.md', 'docs/kustomize-kpt.md', 'examples/ci/.github/workflows/contextcore-diff.yaml']) {
      assert.doesNotMatch(read(doc), /node:(1\d|20|21|22|23)\b|node-version: (1\d|2[0-3])\b/, doc);
    }
  });
});
