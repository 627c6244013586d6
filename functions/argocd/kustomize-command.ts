// How generate builds a kustomization: which kustomize command, and the private kustomize plugin
// home whose only plugin is the ContextCore transformer (so a kustomization that includes our
// transformer expands in place, with the Application's settings, and no other plugin can run).
// Pure: the caller runs the command and writes the files.

import { posix } from 'node:path';
import { CONFIG_API_VERSION, CONFIG_KIND } from '../core/conventions.js';

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

/** Where kustomize looks for the legacy exec plugin of our transformer config below a plugin home. */
export function transformerPluginPath(home: string): string {
  const [group, version] = CONFIG_API_VERSION.split('/') as [string, string];
  return posix.join(home, group, version, CONFIG_KIND.toLowerCase(), CONFIG_KIND);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The plugin kustomize runs for each ProjectContextExpander transformer: it keeps a copy of the
 * transformer config (generate reports on it) and hands over to `contextcore argocd transform`.
 */
export function transformerPluginScript(node: string, bundle: string, configLog: string): string {
  return [
    '#!/bin/sh',
    '# Written by contextcore argocd generate for one kustomize build; removed after it.',
    `{ cat "$1" && printf '\\n---\\n'; } >> ${shellQuote(configLog)} || exit 70`,
    `exec ${shellQuote(node)} ${shellQuote(bundle)} argocd transform "$1"`,
    '',
  ].join('\n');
}
