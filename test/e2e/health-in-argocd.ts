// What Argo CD shows as a live ProjectContext's health: the health check of argocd-cm run in
// Argo CD's Lua runtime (gopher-lua, test/lua), built once per test run for whichever suite asks
// first. Without Go the harness skips with its loud line, and so do the checks that ask.

import { after } from 'node:test';
import { goHarness, type GoHarness } from '../support/go-harness.js';

type Obj = Record<string, any>;

let lua: GoHarness | undefined;
// The built harness's temporary directory goes with the test file.
after(() => lua?.cleanup());

/** The health Argo CD gives `live` with the script at `script`, or undefined when the harness cannot be built. */
export function argocdHealth(script: string, live: Obj): { status: string; message: string } | undefined {
  lua ??= goHarness('lua', "the ProjectContext health check in Argo CD's Lua runtime");
  if (lua.skip) return undefined;
  return lua.run<Array<{ actual?: { status: string; message: string }; error?: string }>>(['-mode', 'argocd-cm', '-script', script], JSON.stringify([live]))[0]!.actual;
}
