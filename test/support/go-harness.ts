// Small Go programs of ours that run a piece of our output in the runtime its consumer uses
// (test/lua: Argo CD's Lua health checks in gopher-lua; test/expr: Argo Rollouts' conditions in
// expr). Each is a Go module with its own go.mod and go.sum (pinned versions); built once per
// test file into a temporary directory, from Go's module and build caches after the first time.
// Without Go, or when its modules cannot be fetched (offline, no writable cache), the suite
// skips with one loud line; a harness that does not compile fails the test.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, which } from '../helpers.js';

export interface GoHarness {
  /** The built program, or undefined when the suite skips. */
  path?: string;
  /** False when built, else the reason the suite skips (already announced). */
  skip: string | false;
  /** Runs the program; stdout parsed as JSON. Throws with stderr on a non-zero exit. */
  run<T = unknown>(args: string[], input?: string): T;
  /** Removes the temporary directory. */
  cleanup(): void;
}

/** Failures that say the environment cannot give Go its modules or cache, not that our code is wrong. */
const UNAVAILABLE = /dial tcp|lookup .* on|no such host|connection refused|i\/o timeout|proxy\.golang\.org|GOPROXY|module lookup disabled|GOFLAGS=-mod=mod|cannot find module providing|GOCACHE|GOMODCACHE|mkdir .*: permission denied|read-only file system/;

function skipLoudly(reason: string): string {
  console.error(`\n*** SKIPPING ${reason} ***\n`);
  return reason;
}

/** Builds test/<module> (a Go module of ours) as one binary. `why` names what the suite checks. */
export function goHarness(module: string, why: string): GoHarness {
  const none = (skip: string): GoHarness => ({
    skip,
    run: () => {
      throw new Error(`${module} harness not built: ${skip}`);
    },
    cleanup: () => {},
  });
  if (!which('go')) return none(skipLoudly(`${why}: Go is not installed (the harness in test/${module} is a Go program)`));
  const dir = mkdtempSync(join(tmpdir(), `cc-go-${module.replace(/\W+/g, '-')}-`));
  const path = join(dir, 'harness');
  const built = spawnSync('go', ['build', '-mod=readonly', '-o', path, '.'], {
    cwd: join(ROOT, 'test', module),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
    timeout: 600_000,
  });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const text = `${built.stderr ?? ''}${built.error ? String(built.error) : ''}`;
    if (UNAVAILABLE.test(text)) return none(skipLoudly(`${why}: the Go modules of test/${module} cannot be fetched here (${text.trim().split('\n')[0]})`));
    throw new Error(`go build of test/${module} failed:\n${text}`);
  }
  return {
    path,
    skip: false,
    run<T>(args: string[], input?: string): T {
      const r = spawnSync(path, args, { encoding: 'utf8', input: input ?? '', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`test/${module} harness ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
