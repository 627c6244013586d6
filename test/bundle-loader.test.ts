// The bundle's loader (plugins/cli/loader.ts): the V8 code cache is an optimisation that must
// never change what a run prints, whatever state the cache is in.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'cc-loader-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const INPUT = readFileSync(join(ROOT, 'test/conformance/krm/no-function-config/input.yaml'), 'utf8');
const EXPECTED = readFileSync(join(ROOT, 'test/conformance/krm/no-function-config/expected.yaml'), 'utf8');
const fn = (env: NodeJS.ProcessEnv) => runCli(['fn'], { input: INPUT, env });

describe('bundle loader and code cache', () => {
  it('the first run writes one cache file for the command, the next runs read it, and the output never changes', () => {
    const dir = join(scratch, 'cache');
    for (let i = 0; i < 3; i++) {
      const r = fn({ CONTEXTCORE_CACHE_DIR: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, EXPECTED);
      assert.equal(r.stderr, '', 'nothing on stderr (no experimental or cache warnings)');
    }
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^[0-9a-f]{16}-fn-v\d+\.\d+\.\d+-[a-z0-9]+\.v8cache$/);
  });

  it('a corrupted cache is rejected and rewritten, and the run is unaffected', () => {
    const dir = join(scratch, 'corrupt');
    assert.equal(fn({ CONTEXTCORE_CACHE_DIR: dir }).code, 0);
    const file = join(dir, readdirSync(dir)[0]!);
    writeFileSync(file, Buffer.from('not a V8 code cache at all'), { mode: 0o600 });
    const r = fn({ CONTEXTCORE_CACHE_DIR: dir });
    assert.equal(r.stdout, EXPECTED);
    assert.ok(readFileSync(file).length > 1000, 'rewritten with a real cache');
  });

  it('a cache directory others can write to is not used', () => {
    const dir = join(scratch, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = fn({ CONTEXTCORE_CACHE_DIR: dir });
    assert.equal(r.stdout, EXPECTED);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('an unwritable place and CONTEXTCORE_CACHE=off both just run without a cache', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    assert.equal(fn({ CONTEXTCORE_CACHE_DIR: join(file, 'below-a-file') }).stdout, EXPECTED);
    const off = join(scratch, 'off');
    assert.equal(fn({ CONTEXTCORE_CACHE_DIR: off, CONTEXTCORE_CACHE: 'off' }).stdout, EXPECTED);
    assert.equal(existsSync(off), false);
  });

  it('commands loaded from the end of the bundle (diff, hook) work with and without a cache', () => {
    for (const env of [{ CONTEXTCORE_CACHE: 'off' }, { CONTEXTCORE_CACHE_DIR: join(scratch, 'lazy') }, { CONTEXTCORE_CACHE_DIR: join(scratch, 'lazy') }]) {
      const d = runCli(['diff', 'examples/checkout', 'examples/checkout'], { env });
      assert.equal(d.code, 0, d.stderr);
      assert.match(d.stdout, /\*\*No changes\*\*/);
      const planFile = join(scratch, 'plan.json');
      writeFileSync(planFile, runCli(['plan', 'examples/checkout', '--json'], { env }).stdout);
      const h = runCli(['hook', 'emit', '--plan', planFile, '--dry-run'], { env });
      assert.equal(h.code, 0, h.stderr);
      assert.ok(JSON.parse(h.stdout).resourceSpans.length > 0);
    }
  });
});
