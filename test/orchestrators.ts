// Helpers for the tests that run the real orchestrators (kubectl kustomize, kustomize, kpt):
// finding them, scratch directories, and comparing their output with `contextcore render`.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../functions/core/index.js';
import { goToolPath } from '../scripts/go-tools.mjs';
import { CLI, EXAMPLES_DIR, runCli, which, withoutOrchestratorAnnotations } from './helpers.js';

export const KUBECTL = which('kubectl');
export const KPT = which('kpt');
/** A standalone kustomize: the one on PATH, else the pinned build of scripts/go-tools.mjs. */
export const KUSTOMIZE = which('kustomize') ?? goToolPath('kustomize');
/** What contextcore itself builds a kustomization with (CONTEXTCORE_KUSTOMIZE unset): a kustomize on PATH, else kubectl. */
export const KUSTOMIZE_FOR_CLI = which('kustomize') ?? KUBECTL;

/** The skip reason when a tool is missing, announced loudly once; false when it is there. */
export function skipWithout(tool: string | undefined, name: string, why: string): string | false {
  if (tool) return false;
  const reason = `${name} not found: ${why}`;
  console.error(`\n*** SKIPPING ${reason} ***\n`);
  return reason;
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an orchestrator with a TMPDIR of its own, removed when the test file ends: kustomize
 * leaves the config file of a legacy plugin behind when the plugin fails.
 */
export function runTool(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): ToolRun {
  const env = { ...process.env, TMPDIR: toolTmp, ...(opts.env ?? {}) };
  const r = spawnSync(command, args, { cwd: opts.cwd, env, input: opts.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch directory removed when the test file ends. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cc-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The orchestrators' TMPDIR (see runTool), made when a test file loads this module. */
const toolTmp = scratch('tool-tmp');

export function copyExample(name: string, dest: string): string {
  cpSync(join(EXAMPLES_DIR, name), dest, { recursive: true });
  return dest;
}

/** Writes files (path → objects or text) under a directory. */
export function writeApp(dir: string, files: Record<string, KubeObject[] | string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : content.map((o) => stringify(o)).join('---\n'));
  }
  return dir;
}

/** `contextcore render` of a directory, as the reference every orchestrator must match. */
export function render(dir: string): string {
  const r = runCli(['render', dir]);
  if (r.code !== 0) throw new Error(`contextcore render ${dir} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Kinds that orchestrators read from a package but that are not resources of the app. */
const ORCHESTRATOR_KINDS = new Set(['Kptfile', 'Kustomization', 'ProjectContextExpander']);

/**
 * The resources of a YAML stream by kind/namespace/name, orchestrator annotations removed, the
 * orchestrators' own files left out: outputs compare equal whatever their order.
 */
export function resourcesByKey(text: string): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  const objects = parseAllDocuments(text).flatMap((doc) => {
    const o = doc.toJS() as KubeObject | null;
    // kpt answers a ResourceList on stdin with a ResourceList.
    return o?.kind === 'ResourceList' ? ((o as { items?: KubeObject[] }).items ?? []) : [o];
  });
  for (const o of objects) {
    if (!o || ORCHESTRATOR_KINDS.has(String(o.kind)) || !o.kind) continue;
    out.set(`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, withoutOrchestratorAnnotations(o));
  }
  return out;
}

/** Every file under a directory with its content: what a second run must leave unchanged. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** All YAML files of a package (what kpt wrote) as one stream. */
export function packageStream(dir: string): string {
  return [...snapshot(dir)]
    .filter(([path]) => /\.ya?ml$/.test(path) || path.endsWith('Kptfile'))
    .map(([, text]) => text)
    .join('\n---\n');
}

/** A directory holding `contextcore-fn`, a link to the bundle, for a PATH. */
export function execFunctionDir(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(CLI, join(bin, 'contextcore-fn'));
  return bin;
}

/** The KRM function as kpt runs it with --exec or a Kptfile exec: node, the bundle, fn. */
export const FN_COMMAND = `${process.execPath} ${CLI} fn`;
