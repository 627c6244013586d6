// Where the kustomize legacy plugin goes and what the installed file is. Pure: the CLI does the
// file system work with what these return.

import { basename, join } from 'node:path';
import {
  CONFIG_KIND,
  EXEC_FUNCTION_PROGRAM,
  KUSTOMIZE_PLUGIN_HOME_ENV,
  KUSTOMIZE_PLUGIN_SUBDIR,
  LEGACY_PLUGIN_GROUP,
  LEGACY_PLUGIN_PROGRAM,
  LEGACY_PLUGIN_VERSION,
  XDG_CONFIG_HOME_ENV,
  XDG_CONFIG_HOME_DEFAULT,
} from '../core/conventions.js';

/**
 * The plugin home kustomize reads (api/konfig DefaultAbsPluginHome): $KUSTOMIZE_PLUGIN_HOME, else
 * $XDG_CONFIG_HOME/kustomize/plugin, else ~/.config/kustomize/plugin. (Kustomize takes the first
 * of these that exists; installing creates the one named here, which then comes first.)
 */
export function defaultPluginHome(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const explicit = env[KUSTOMIZE_PLUGIN_HOME_ENV];
  if (explicit) return explicit;
  const xdg = env[XDG_CONFIG_HOME_ENV];
  return join(xdg || join(homeDir, XDG_CONFIG_HOME_DEFAULT), ...KUSTOMIZE_PLUGIN_SUBDIR);
}

/** `<home>/fn.contextcore.io/v1alpha1/projectcontextexpander/ProjectContextExpander`. */
export function legacyPluginPath(home: string): string {
  return join(home, LEGACY_PLUGIN_GROUP, LEGACY_PLUGIN_VERSION, CONFIG_KIND.toLowerCase(), LEGACY_PLUGIN_PROGRAM);
}

/**
 * The installed plugin: the bundle itself, its `#!` line pointing at the given node, so it needs
 * neither the repository nor node on kustomize's PATH.
 */
export function withInterpreter(bundle: string, interpreter: string): string {
  if (!bundle.startsWith('#!')) throw new Error('the contextcore bundle must start with a #! line');
  if (/[\r\n]/.test(interpreter) || !interpreter.trim()) throw new Error(`invalid interpreter "${interpreter}"`);
  const firstLineEnd = bundle.indexOf('\n');
  return `#!${interpreter}\n${firstLineEnd < 0 ? '' : bundle.slice(firstLineEnd + 1)}`;
}

/**
 * The command line a program name stands for: the installed legacy plugin runs
 * `kustomize plugin <config>`, `contextcore-fn` runs `fn`, anything else is the CLI itself.
 */
export function argsForProgram(programPath: string | undefined, args: readonly string[]): string[] {
  const name = programPath ? basename(programPath) : '';
  if (name === LEGACY_PLUGIN_PROGRAM) return ['kustomize', 'plugin', ...args];
  if (name === EXEC_FUNCTION_PROGRAM) return ['fn', ...args];
  return [...args];
}
