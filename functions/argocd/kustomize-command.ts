// How generate builds a kustomization: which kustomize command, the private kustomize plugin
// home whose only plugin is the ContextCore transformer (so a kustomization that includes our
// transformer expands in place, with the Application's settings, and no other plugin can run),
// what each run of that transformer reports back, and kustomize's own messages without kubectl's
// log prefix. Pure: the caller runs the command and writes the files.

import { KUSTOMIZE_COMMAND_ENV } from './conventions.js';
import type { Plan, Result } from '../core/index.js';

/** How the kustomize of a build was chosen, for messages. */
export type KustomizeChoice = { argv: string[]; chosenBy: string } | { problem: string };

/**
 * argv of the kustomize build, without the directory: CONTEXTCORE_KUSTOMIZE split on blanks
 * ("kustomize build", "kubectl kustomize"), else a standalone `kustomize` on PATH (the sidecar
 * image pins one), else kubectl's built-in kustomize when `kubectl` is on PATH. With none of
 * them, the problem to report (a usage error: the machine lacks a tool, the input is fine).
 */
export function kustomizeArgv(configured: string | undefined, onPath: (command: string) => boolean): KustomizeChoice {
  const words = (configured ?? '').trim().split(/\s+/).filter(Boolean);
  // Legacy exec plugins only (our private plugin home); never --enable-exec or --enable-helm.
  const withPlugins = (base: string[]) => [...base, '--enable-alpha-plugins'];
  if (words.length) return { argv: withPlugins(words), chosenBy: `${KUSTOMIZE_COMMAND_ENV}="${configured!.trim()}"` };
  if (onPath('kustomize')) return { argv: withPlugins(['kustomize', 'build']), chosenBy: '`kustomize` on PATH' };
  if (onPath('kubectl')) return { argv: withPlugins(['kubectl', 'kustomize']), chosenBy: '`kubectl` on PATH (no `kustomize`)' };
  return { problem: noKustomize('neither `kustomize` nor `kubectl` is on PATH') };
}

/** The message when no kustomize can be run; `why` says what was tried. */
export const noKustomize = (why: string) =>
  `a kustomization is built with kustomize, and ${why}: install kustomize v5 or kubectl (which has it built in), or set ${KUSTOMIZE_COMMAND_ENV} to the command (e.g. "kustomize build" or "kubectl kustomize")`;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The plugin kustomize runs for each ProjectContextExpander transformer: `contextcore argocd
 * transform`, which appends what it reports to the results file (kustomize would drop it, or
 * fold it into one error line). `options` are more arguments of the transform command
 * (`--config FILE`, `--placement FILE`).
 */
export function transformerPluginScript(node: string, bundle: string, resultsFile: string, options: readonly string[] = []): string {
  const args = [node, bundle, 'argocd', 'transform', '--results', resultsFile, ...options].map(shellQuote).join(' ');
  return ['#!/bin/sh', '# Written by contextcore for one kustomize build; removed after it.', `exec ${args} "$1"`, ''].join('\n');
}

/** What one run of the in-place transformer reports back to the build. */
export interface TransformerRun {
  results: Result[];
  /** The plans of the run's ProjectContexts; none when it failed. */
  plans: Plan[];
  /** The namespace the run gave namespace-less resources. */
  defaultNamespace?: string;
}

/** One line of the results file: what one run of the transformer reported. */
export const transformerRunLine = (run: TransformerRun): string => `${JSON.stringify(run)}\n`;

/** The runs of the transformer during a build, in order, each with what it reported. */
export function transformerRuns(resultsFile: string): TransformerRun[] {
  return resultsFile
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TransformerRun);
}

/** kubectl logs through klog: `E1121 07:58:01.274272   25294 run.go:72] ` (time and PID change every run). */
const KLOG_PREFIX = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\s\]]+\] /;
const KLOG_COMMAND_FAILED = /^"command failed" err=("(?:[^"\\]|\\.)*")$/;
const LEVEL_PREFIX = /^(#\s*)?(Error|error|Warning|warning):\s*/;

function unquote(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    // Go quoting JSON does not read (\x escapes): the text as it is.
    return quoted.slice(1, -1);
  }
}

/** kustomize's stderr as messages: one per line, without log prefixes, quoting or "Error:". */
export function kustomizeMessages(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => {
      const bare = line.trim().replace(KLOG_PREFIX, '');
      const failed = KLOG_COMMAND_FAILED.exec(bare);
      return (failed ? unquote(failed[1]!) : bare).replace(LEVEL_PREFIX, '').replace(/\s*\n\s*/g, ' ').trim();
    })
    .filter(Boolean);
}
