// Where the kustomize legacy plugin goes and what the installed file is. Pure: the CLI does the
// file system work with what these return.

import { basename, join } from 'node:path';
import {
  CLI_ENTRY_FILE,
  EXEC_FUNCTION_PROGRAM,
  KUSTOMIZE_PLUGIN_HOME_ENV,
  KUSTOMIZE_PLUGIN_SUBDIR,
  LEGACY_PLUGIN_GROUP,
  LEGACY_PLUGIN_PROGRAM,
  LEGACY_PLUGIN_VERSION,
  PLUGIN_CLI_DIR_PREFIX,
  XDG_CONFIG_HOME_DEFAULT,
  XDG_CONFIG_HOME_ENV,
} from './conventions.js';
import { compareText, CONFIG_KIND, sha256 } from '../core/index.js';

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
 * The installed plugin's copy of the CLI: a directory beside the plugin file named after what it
 * holds (`contextcore-<id>`), so that a new build is written beside the old one and the plugin
 * file switches over to it in one rename.
 */
export function pluginCliDirName(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): string {
  const sorted = [...files].sort((a, b) => compareText(a.name, b.name));
  return `${PLUGIN_CLI_DIR_PREFIX}${sha256(...sorted.flatMap((f) => [`${f.name}\0${f.bytes.length}\0`, f.bytes])).slice(0, 16)}`;
}

/**
 * The installed plugin file: its `#!` line names the node to run (kustomize's PATH may have none),
 * and it loads the CLI's entry from the copy beside it. Its own name, which kustomize requires,
 * makes the CLI run `kustomize plugin` (argsForProgram). Valid as CommonJS and as an ES module, as
 * node may take an extension-less file for either: require() where there is one (CommonJS, which
 * starts sooner), else import().
 */
export function pluginLauncher(interpreter: string, cliDir: string): string {
  if (/[\r\n]/.test(interpreter) || !interpreter.trim()) throw new Error(`invalid interpreter "${interpreter}"`);
  if (!/^[A-Za-z0-9._-]+$/.test(cliDir)) throw new Error(`invalid directory name "${cliDir}"`);
  return [
    `#!${interpreter}`,
    `// kustomize's ${LEGACY_PLUGIN_PROGRAM} plugin, written by \`contextcore kustomize install-plugin\`: runs the ContextCore CLI in ./${cliDir}.`,
    `typeof require === 'function' ? require('./${cliDir}/${CLI_ENTRY_FILE}') : import('./${cliDir}/${CLI_ENTRY_FILE}');`,
    '',
  ].join('\n');
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
