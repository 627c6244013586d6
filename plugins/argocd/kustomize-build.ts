// Runs the kustomize build of an app (for `argocd generate` and the CLI's render, validate, plan
// and diff), with a private plugin home in which the only plugin is the ContextCore transformer
// (see functions/argocd/kustomize-command.ts). Before it runs, the layout is read
// (functions/app/kustomize-layout.ts): a ContextCore run that a later step would rename objects
// after fails the build, and each run is told where the later steps put the objects
// (functions/app/placement.ts). When the app's ContextCore transformer is declared as a KRM
// function, the build runs on a copy of the kustomizations involved with that config in its
// plugin form (functions/argocd/plugin-form.ts). A kustomization that inflates charts
// (helmCharts:) is built with kustomize's helm support and the helm of every chart
// (functions/helm/kustomize-helm.ts).

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { kustomizeLayout, laterStepsText, placementTable, type PlacementTable } from '../../functions/app/index.js';
import { HELM_COMMAND_ENV } from '../../functions/helm/conventions.js';
import { KUSTOMIZE_COMMAND_ENV } from '../../functions/argocd/conventions.js';
import { KUSTOMIZE_PLUGIN_HOME_ENV } from '../../functions/project-context-expander/conventions.js';
import { destinationCapabilities, helmChartsIn, helmCommand, kustomizeHelmFlags } from '../../functions/helm/index.js';
import { error, UserError } from '../../functions/core/index.js';
import { kustomizeArgv, noKustomize, pluginFormWorkspace, transformerPluginScript, transformerRuns, type KustomizeBuild } from '../../functions/argocd/index.js';
import { legacyPluginPath } from '../../functions/project-context-expander/plugin-install.js';
import { MissingTool } from '../cli/command.js';
import { nodeDiscoverFs } from './discover-fs.js';
import { onPath, real, scratchDir } from './process-tools.js';

export interface Built extends KustomizeBuild {
  /** kustomize's exit status, or the signal that ended it; "0" when the build succeeded. */
  exit: string;
  /** kustomize's YAML stream. */
  stdout: string;
  /** Transformer files (relative to the app) built in their plugin form. */
  pluginFormFiles: string[];
  /** The steps after ContextCore runs that the layout analysis found, in words. */
  laterSteps?: string;
}

export interface BuildOptions {
  /** A ProjectContextExpander file every in-place run uses instead of the one it would choose (the CLI's --config). */
  config?: string;
  /** How the app directory is named in the command line of messages (default "."). */
  shownAs?: string;
}

/** A file as messages name it: relative to the working directory, or absolute where that is shorter. */
function shortName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && rel.length <= path.length ? rel : path;
}

/** The table with roots as kustomize names them: links resolved, and inside the copy when the build runs on one. */
function rootsAsBuilt(table: PlacementTable, moved: (root: string) => string): PlacementTable {
  return { ...table, byRoot: Object.fromEntries(Object.entries(table.byRoot).map(([root, p]) => [real(moved(root)), p])) };
}

/** kustomize's helm flags when the build inflates charts (helmCharts:), with the helm every chart is templated with. */
function helmFlags(appDir: string, env: NodeJS.ProcessEnv): string[] {
  if (!helmChartsIn(appDir, nodeDiscoverFs).length) return [];
  const choice = helmCommand(env[HELM_COMMAND_ENV], (command) => onPath(command, env.PATH), 'a kustomization with helmCharts:');
  if ('problem' in choice) throw new MissingTool(choice.problem);
  // kustomize runs it from its own directory: a relative path is made absolute.
  const helm = choice.command.includes('/') ? resolve(choice.command) : choice.command;
  const destination = destinationCapabilities(env);
  return kustomizeHelmFlags(helm, destination.kubeVersion, destination.apiVersions);
}

/** Builds the kustomization in dir; the caller reports a failed build (exit other than "0"). */
export function buildKustomization(dir: string, env: NodeJS.ProcessEnv, options: BuildOptions = {}): Built {
  const choice = kustomizeArgv(env[KUSTOMIZE_COMMAND_ENV], (command) => onPath(command, env.PATH));
  if ('problem' in choice) throw new MissingTool(choice.problem);
  const appDir = real(resolve(dir));
  const helm = helmFlags(appDir, env);
  const argv = [...choice.argv, ...helm];
  const layout = kustomizeLayout(appDir, nodeDiscoverFs, shortName);
  const placements = placementTable(layout);
  if (placements.results.length) throw new UserError(placements.results);

  const scratch = scratchDir('contextcore-kustomize-', 'the kustomize build');
  try {
    const home = join(scratch, 'plugins');
    const plugin = legacyPluginPath(home);
    const resultsFile = join(scratch, 'transformer-results.jsonl');
    const placementFile = join(scratch, 'placement.json');

    let buildDir = appDir;
    let moved = (root: string) => root;
    const workspace = pluginFormWorkspace(appDir, nodeDiscoverFs);
    if (workspace) {
      const copy = join(scratch, 'workspace');
      for (const d of workspace.dirs) cpSync(join(workspace.root, d), join(copy, d), { recursive: true });
      for (const r of workspace.rewrites) writeFileSync(join(copy, r.path), r.text);
      buildDir = join(copy, workspace.app);
      moved = (root) => (relative(workspace.root, root).startsWith('..') ? root : join(copy, relative(workspace.root, root)));
    }
    writeFileSync(placementFile, JSON.stringify(rootsAsBuilt(placements.table, moved)));
    mkdirSync(dirname(plugin), { recursive: true });
    const transformOptions = ['--placement', placementFile, ...(options.config !== undefined ? ['--config', resolve(options.config)] : [])];
    writeFileSync(plugin, transformerPluginScript(process.execPath, realpathSync(process.argv[1]!), resultsFile, transformOptions));
    chmodSync(plugin, 0o755);

    const run = spawnSync(argv[0]!, [...argv.slice(1), '.'], {
      cwd: buildDir,
      env: { ...env, [KUSTOMIZE_PLUGIN_HOME_ENV]: home },
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    // The helm flags shown as --enable-helm: the API versions Argo CD gives run to a hundred entries.
    const command = `${[...choice.argv, ...helm.slice(0, 1)].join(' ')} ${options.shownAs ?? '.'}`;
    if (run.error) {
      const code = (run.error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') throw new MissingTool(noKustomize(`${argv[0]} (chosen by ${choice.chosenBy}) cannot be run (${code})`));
      throw new UserError([error(`cannot run ${command}: ${run.error.message}`)]);
    }
    const pluginFormFiles = (workspace?.rewrites ?? []).map((r) => relative(appDir, join(workspace!.root, r.path)));
    const laterSteps = laterStepsText(layout);
    return {
      command,
      exit: String(run.status ?? run.signal),
      stdout: run.stdout,
      stderr: run.stderr,
      transformerRuns: transformerRuns(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : ''),
      pluginFormFiles,
      ...(laterSteps ? { laterSteps } : {}),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
