// Shared test helpers: paths, running the bundled CLI, loading examples.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProjectContext, type ExpandOutput, type KubeObject } from '../functions/core/index.js';
import { expand } from './support/expand.js';
import { KRM_ANNOTATION_PREFIXES } from '../functions/project-context-expander/conventions.js';
import { isManifestFileName, loadPaths } from '../plugins/cli/io.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist/contextcore.cjs');
export const SHARED = join(ROOT, '..', 'shared');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bundled CLI, on this Node or the `node` binary given. With `limitMs`, a run still going
 * after that long is killed (code null): a generous limit that tells a hang from a slow machine,
 * not a speed test.
 */
export function runCli(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; limitMs?: number; node?: string } = {}): Run {
  const r = spawnSync(opts.node ?? process.execPath, [CLI, ...args], {
    input: opts.input,
    env: { ...process.env, ...(opts.env ?? {}) },
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(opts.limitMs === undefined ? {} : { timeout: opts.limitMs, killSignal: 'SIGKILL' as const }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export const EXAMPLES_DIR = join(ROOT, 'examples');
/** The example apps: directories of examples/ with a ProjectContext (examples/ci holds CI files). */
export const examples = (): string[] =>
  readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && loadPaths([join(EXAMPLES_DIR, e.name)]).resources.some(isProjectContext))
    .map((e) => e.name)
    .sort();

export function expandPaths(paths: string[]): ExpandOutput {
  const loaded = loadPaths(paths);
  if (loaded.results.length) throw new Error(loaded.results.map((r) => r.message).join('\n'));
  return expand({ resources: loaded.resources, origins: loaded.origins });
}

/** Paths relative to the repository root, as the golden files were made. */
export const examplePath = (name: string) => join('examples', name);

/**
 * The manifest files of an example, in name order: what the goldens are made of (the example's
 * directory is a kustomization, which render builds with kustomize, in kustomize's order).
 */
export const exampleManifestFiles = (name: string) =>
  readdirSync(join(EXAMPLES_DIR, name))
    .filter(isManifestFileName)
    .sort()
    .map((f) => join(examplePath(name), f));

export function withoutOrchestratorAnnotations<T extends KubeObject>(obj: T): T {
  const copy = JSON.parse(JSON.stringify(obj)) as T;
  const a = copy.metadata?.annotations;
  if (a) {
    for (const k of Object.keys(a)) if (KRM_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))) delete a[k];
    if (!Object.keys(a).length) delete copy.metadata!.annotations;
  }
  return copy;
}

export const generatedOfKind = (out: ExpandOutput, kind: string) =>
  out.generated.map((g) => out.resources[g.index]!).filter((o) => o.kind === kind);

export { existsSync };

/**
 * Runs the bundled CLI without blocking the event loop (servers started by the test keep
 * answering). With `limitMs`, a run still going after that long is killed and reported as
 * `killed`: a generous limit that tells a hang from a slow machine, not a speed test.
 */
export async function runCliAsync(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; limitMs?: number } = {}): Promise<Run & { killed: boolean }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...(opts.env ?? {}) }, cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killed = false;
  const limit = opts.limitMs === undefined ? undefined : setTimeout(() => ((killed = true), child.kill('SIGKILL')), opts.limitMs);
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(opts.input ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(limit);
  return { code, stdout, stderr, killed };
}
