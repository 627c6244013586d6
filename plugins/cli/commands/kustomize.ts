// `contextcore kustomize …`: installs the legacy exec plugin that `kubectl kustomize
// --enable-alpha-plugins` runs, and is that plugin (the installed file runs a copy of this CLI;
// called by its plugin name, the CLI runs `kustomize plugin <config>`).

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeUtf8, error, hasErrors, NO_OUTPUT, type ExpandOutput, type Result } from '../../../functions/core/index.js';
import { CLI_ENTRY_FILE, PLUGIN_CLI_DIR_PREFIX } from '../../../functions/project-context-expander/conventions.js';
import { NAMESPACE_UNKNOWN_IN_KUSTOMIZE } from '../../../functions/app/placement.js';
import { runLegacyPlugin, type LegacyPluginOptions } from '../../../functions/project-context-expander/legacy-plugin.js';
import { defaultPluginHome, legacyPluginPath, pluginCliDirName, pluginLauncher } from '../../../functions/project-context-expander/plugin-install.js';
import { EXIT, report, UsageError, type Io, type Output } from '../command.js';
import { errnoCode, readStdin } from '../stdin.js';

/** dist/, where this module lies once built: the CLI's entry and its chunks, one directory. */
function builtCli(): Array<{ name: string; bytes: Buffer }> {
  const dist = dirname(fileURLToPath(import.meta.url));
  if (!existsSync(join(dist, CLI_ENTRY_FILE))) throw new UsageError(`install-plugin runs from the built CLI (npm run build, then dist/${CLI_ENTRY_FILE})`);
  return readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, bytes: readFileSync(join(dist, e.name)) }));
}

/**
 * Copies the CLI into the plugin's directory and writes the plugin file that runs it. Each step
 * is written beside its target and renamed, so a kustomize run sees the old plugin or the new
 * one, never half of one; copies of earlier builds are removed afterwards.
 */
function writePlugin(target: string, files: ReadonlyArray<{ name: string; bytes: Buffer }>, interpreter: string): void {
  const dir = dirname(target);
  const cliDir = pluginCliDirName(files);
  const launcher = pluginLauncher(interpreter, cliDir);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, cliDir))) {
    const staging = join(dir, `.${cliDir}.${process.pid}.tmp`);
    rmSync(staging, { recursive: true, force: true });
    try {
      mkdirSync(staging);
      for (const f of files) writeFileSync(join(staging, f.name), f.bytes, { mode: 0o644 });
      renameSync(staging, join(dir, cliDir));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, launcher, { mode: 0o755 });
    chmodSync(temporary, 0o755);
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
  for (const e of readdirSync(dir)) if (e.startsWith(PLUGIN_CLI_DIR_PREFIX) && e !== cliDir) rmSync(join(dir, e), { recursive: true, force: true });
}

function installPlugin(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { 'plugin-home': { type: 'string' }, node: { type: 'string' } } });
  if (positionals.length) throw new UsageError('install-plugin takes no positional arguments');
  const home = resolve(values['plugin-home'] ?? defaultPluginHome(process.env, homedir()));
  const target = legacyPluginPath(home);
  const interpreter = values.node ?? process.execPath;
  const files = builtCli();
  try {
    writePlugin(target, files, interpreter);
  } catch (e) {
    // A plugin home that is a file, or not writable: the user's to fix.
    report([error(`cannot write the plugin: ${errnoCode(e)}`, { origin: { path: target } })], io);
    return EXIT.userError;
  }
  io.stderr(`installed the ProjectContextExpander plugin (node: ${interpreter}); run kubectl kustomize --enable-alpha-plugins${values['plugin-home'] ? ` with KUSTOMIZE_PLUGIN_HOME=${home}` : ''}\n`);
  io.stdout(`${target}\n`);
  return EXIT.ok;
}

/**
 * The legacy exec plugin on what kustomize passes it: the transformer config file named in
 * argv[1] and the resources on stdin. Also `argocd transform`, with the Application's settings.
 */
export async function runPluginOnInput(configPath: string, options?: LegacyPluginOptions): Promise<{ stdout: Output; results: Result[]; expansion?: ExpandOutput }> {
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

async function plugin(args: string[], io: Io): Promise<number> {
  if (args.length !== 1) throw new UsageError('kustomize plugin takes one argument: the transformer config file kustomize passes');
  // Run by kustomize itself, the plugin cannot see the steps after it: a namespace-less context fails.
  const run = await runPluginOnInput(args[0]!, { namespaceUnknown: NAMESPACE_UNKNOWN_IN_KUSTOMIZE });
  // kubectl shows the plugin's stderr only when it fails; standalone kustomize passes it through.
  report(run.results, io);
  io.stdout(run.stdout);
  return hasErrors(run.results) ? EXIT.userError : EXIT.ok;
}

export async function run(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'install-plugin') return installPlugin(rest, io);
  if (sub === 'plugin') return plugin(rest, io);
  throw new UsageError(`kustomize: unknown subcommand "${sub ?? ''}" (install-plugin or plugin)`);
}
