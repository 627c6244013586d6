// The container image (functions/Dockerfile): its contract read from the file, and, where a Docker
// engine runs, the image built and run as a KRM function by docker and by kpt --image.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FUNCTION_IMAGE } from '../functions/project-context-expander/conventions.js';
import { GENERATOR_VERSION } from '../functions/core/conventions/index.js';
import { IMAGE_NODE_MAJOR, NODE_VERSIONS } from '../scripts/node-versions.mjs';
import { examplePath, ROOT, which } from './helpers.js';
import { KPT, render, resourcesByKey, runTool } from './orchestrators.js';
import { toResourceList } from './resource-list.js';

const dockerfile = readFileSync(join(ROOT, 'functions/Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.trim().split(/\s+/));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('the container image', () => {
  it('is named ghcr.io/contextcore/contextcore-gitops:<package version>, as the conventions say', () => {
    assert.equal(GENERATOR_VERSION, pkg.version);
    assert.equal(FUNCTION_IMAGE, `ghcr.io/contextcore/contextcore-gitops:${pkg.version}`);
    assert.ok(dockerfile.includes(`-t ${FUNCTION_IMAGE} .`), 'the build command in the Dockerfile names the image');
  });

  it('builds on the official Node image of the images’ Node release (scripts/node-versions.mjs)', () => {
    const bases = instructions.filter(([op]) => op === 'FROM').map(([, image]) => image);
    assert.ok(bases.length > 0);
    for (const image of bases) assert.equal(image, `node:${NODE_VERSIONS[IMAGE_NODE_MAJOR]}-alpine`);
  });

  it('runs the bundled CLI as a numeric non-root user, with fn as the default command', () => {
    const last = (op: string) => instructions.filter(([o]) => o === op).pop()?.slice(1).join(' ');
    assert.match(last('USER')!, /^[1-9]\d*:[1-9]\d*$/);
    assert.equal(last('ENTRYPOINT'), '["/usr/local/bin/contextcore"]');
    assert.equal(last('CMD'), '["fn"]');
    // dist/ whole (the entry and its chunks), the entry linked onto PATH.
    assert.ok(instructions.some(([op, ...rest]) => op === 'COPY' && rest.join(' ') === '--from=build /src/dist/ /usr/local/lib/contextcore/'));
    assert.ok(instructions.some(([op, ...rest]) => op === 'RUN' && rest.join(' ') === 'ln -s /usr/local/lib/contextcore/contextcore.cjs /usr/local/bin/contextcore'));
  });
});

const dockerUp = which('docker') && spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
const skip = dockerUp ? false : 'no Docker engine: the image is built and run where one is (a developer laptop, CI with Docker)';
if (!dockerUp) console.error(`\n*** SKIPPING container image build and run: ${skip} ***\n`);

describe('the container image, built and run', { skip }, () => {
  it('builds, and as a KRM function gives the resources of contextcore render', { timeout: 900_000 }, () => {
    const build = runTool('docker', ['build', '-f', 'functions/Dockerfile', '-t', FUNCTION_IMAGE, '.'], { cwd: ROOT });
    assert.equal(build.code, 0, build.stderr);
    const run = runTool('docker', ['run', '--rm', '-i', '--network', 'none', FUNCTION_IMAGE], { input: toResourceList(examplePath('checkout')) });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(resourcesByKey(run.stdout), resourcesByKey(render(examplePath('checkout'))));
    if (KPT) {
      const kpt = runTool(KPT, ['fn', 'eval', '-', '--image', FUNCTION_IMAGE, '--image-pull-policy', 'never'], { input: toResourceList(examplePath('checkout')) });
      assert.equal(kpt.code, 0, kpt.stderr);
      assert.deepEqual(resourcesByKey(kpt.stdout), resourcesByKey(render(examplePath('checkout'))));
    }
  });
});
