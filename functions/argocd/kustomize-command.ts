// How generate builds a kustomization: which kustomize command, the private kustomize plugin
// home whose only plugin is the ContextCore transformer (so a kustomization that includes our
// transformer expands in place, with the Application's settings, and no other plugin can run),
// what each run of that transformer reports back, and kustomize's own messages without kubectl's
// log prefix. Pure: the caller runs the command and writes the files.

import type { Result } from '../core/results.js';

/**
 * argv of the kustomize build, without the directory: CONTEXTCORE_KUSTOMIZE split on blanks
 * ("kustomize build", "kubectl kustomize"), else a standalone kustomize when there is one (the
 * sidecar image pins it), else kubectl's built-in kustomize.
 */
export function kustomizeArgv(configured: string | undefined, standaloneOnPath: boolean): string[] {
  const words = (configured ?? '').trim().split(/\s+/).filter(Boolean);
  const base = words.length ? words : standaloneOnPath ? ['kustomize', 'build'] : ['kubectl', 'kustomize'];
  // Legacy exec plugins only (our private plugin home); never --enable-exec or --enable-helm.
  return [...base, '--enable-alpha-plugins'];
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The plugin kustomize runs for each ProjectContextExpander transformer: `contextcore argocd
 * transform`, which appends what it reports to the results file (kustomize would drop it, or
 * fold it into one error line).
 */
export function transformerPluginScript(node: string, bundle: string, resultsFile: string): string {
  return [
    '#!/bin/sh',
    '# Written by contextcore argocd generate for one kustomize build; removed after it.',
    `exec ${shellQuote(node)} ${shellQuote(bundle)} argocd transform --results ${shellQuote(resultsFile)} "$1"`,
    '',
  ].join('\n');
}

/** One line of the results file: what one run of the transformer reported. */
export const transformerRunLine = (results: readonly Result[]): string => `${JSON.stringify(results)}\n`;

/** The runs of the transformer during a build, in order, each with what it reported. */
export function transformerRuns(resultsFile: string): Result[][] {
  return resultsFile
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Result[]);
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
