// `contextcore kustomize …`: installs the legacy exec plugin that `kubectl kustomize
// --enable-alpha-plugins` runs, and is that plugin (the installed file is this bundle; called by
// its plugin name it runs `kustomize plugin <config>`).

import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeUtf8, hasErrors, type Result } from '../../../functions/core/index.js';
import { NO_OUTPUT } from '../../../functions/core/yaml-io.js';
import { error } from '../../../functions/core/results.js';
import { runLegacyPlugin, type LegacyPluginOptions } from '../../../functions/project-context-expander/legacy-plugin.js';
import { defaultPluginHome, legacyPluginPath, withInterpreter } from '../../../functions/project-context-expander/plugin-install.js';
import { EXIT, report, UsageError, type Command, type Io, type Output } from '../command.js';
import { errnoCode, readStdin } from '../io.js';

function installPlugin(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { 'plugin-home': { type: 'string' }, node: { type: 'string' } } });
  if (positionals.length) throw new UsageError('install-plugin takes no positional arguments');
  const home = resolve(values['plugin-home'] ?? defaultPluginHome(process.env, homedir()));
  const target = legacyPluginPath(home);
  // After bundling, this module is dist/contextcore.cjs: the file to install.
  const bundle = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  if (!bundle.startsWith('#!')) throw new UsageError('install-plugin runs from the built CLI (npm run build, then dist/contextcore.cjs)');
  const content = withInterpreter(bundle, values.node ?? process.execPath);
  // Written beside the target and renamed, so a kustomize run never sees half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, content, { mode: 0o755 });
    chmodSync(temporary, 0o755);
    renameSync(temporary, target);
  } catch (e) {
    // A plugin home that is a file, or not writable: the user's to fix.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Never written (the directory could not be made): nothing to clean up.
    }
    report([error(`cannot write the plugin: ${errnoCode(e)}`, { origin: { path: target } })], io);
    return EXIT.userError;
  }
  io.stderr(`installed the ProjectContextExpander plugin (node: ${values.node ?? process.execPath}); run kubectl kustomize --enable-alpha-plugins${values['plugin-home'] ? ` with KUSTOMIZE_PLUGIN_HOME=${home}` : ''}\n`);
  io.stdout(`${target}\n`);
  return EXIT.ok;
}

/**
 * The legacy exec plugin on what kustomize passes it: the transformer config file named in
 * argv[1] and the resources on stdin. Also `argocd transform`, with the Application's settings.
 */
export function runPluginOnInput(configPath: string, options?: LegacyPluginOptions): { stdout: Output; results: Result[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(configPath);
  } catch (e) {
    return { stdout: NO_OUTPUT, results: [error(`cannot read the transformer config: ${errnoCode(e)}`, { origin: { path: configPath } })] };
  }
  const config = decodeUtf8(bytes, configPath);
  const stdin = decodeUtf8(readStdin(), '<stdin>');
  if (config.text === undefined || stdin.text === undefined) return { stdout: NO_OUTPUT, results: [...config.results, ...stdin.results] };
  return runLegacyPlugin(config.text, stdin.text, options);
}

function plugin(args: string[], io: Io): number {
  if (args.length !== 1) throw new UsageError('kustomize plugin takes one argument: the transformer config file kustomize passes');
  const run = runPluginOnInput(args[0]!);
  // kubectl shows the plugin's stderr only when it fails; standalone kustomize passes it through.
  report(run.results, io);
  io.stdout(run.stdout);
  return hasErrors(run.results) ? EXIT.userError : EXIT.ok;
}

export const kustomize: Command = {
  name: 'kustomize',
  usage: [
    'kustomize install-plugin [--plugin-home DIR] install the kustomize plugin (--node PATH)',
    'kustomize plugin CONFIG                      legacy exec plugin: YAML stream on stdin → stdout',
  ],
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'install-plugin') return installPlugin(rest, io);
    if (sub === 'plugin') return plugin(rest, io);
    throw new UsageError(`kustomize: unknown subcommand "${sub ?? ''}" (install-plugin or plugin)`);
  },
};
