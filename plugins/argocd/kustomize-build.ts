// Runs the kustomize build of an Argo CD app, with a private plugin home in which the only
// plugin is the ContextCore transformer (see functions/argocd/kustomize-command.ts). When the
// app's ContextCore transformer is declared as a KRM function, the build runs on a copy of the
// kustomizations involved with that config in its plugin form (functions/argocd/plugin-form.ts).

import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { KUSTOMIZE_COMMAND_ENV, KUSTOMIZE_PLUGIN_HOME_ENV } from '../../functions/core/conventions.js';
import { error, UserError } from '../../functions/core/results.js';
import { kustomizeArgv, pluginFormWorkspace, transformerPluginScript, transformerRuns, type KustomizeBuild } from '../../functions/argocd/index.js';
import { legacyPluginPath } from '../../functions/project-context-expander/plugin-install.js';
import { nodeDiscoverFs } from './discover-fs.js';

export interface Built extends KustomizeBuild {
  /** kustomize's exit status, or the signal that ended it; "0" when the build succeeded. */
  exit: string;
  /** kustomize's YAML stream. */
  stdout: string;
  /** Transformer files (relative to the app) built in their plugin form. */
  pluginFormFiles: string[];
}

function onPath(command: string, path = ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The build's scratch directory; the sidecar's TMPDIR is the emptyDir mounted at /tmp. */
function scratchDir(): string {
  try {
    return mkdtempSync(join(tmpdir(), 'contextcore-kustomize-'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UserError([error(`cannot create a scratch directory for the kustomize build in ${tmpdir()} (${code}); TMPDIR must name a writable directory (in the contextcore-cmp sidecar, the emptyDir mounted at /tmp)`)]);
  }
}

/** Builds the kustomization in dir; the caller reports a failed build (exit other than "0"). */
export function buildKustomization(dir: string, env: NodeJS.ProcessEnv): Built {
  const argv = kustomizeArgv(env[KUSTOMIZE_COMMAND_ENV], onPath('kustomize', env.PATH));
  const scratch = scratchDir();
  try {
    const home = join(scratch, 'plugins');
    const plugin = legacyPluginPath(home);
    const resultsFile = join(scratch, 'transformer-results.jsonl');
    mkdirSync(dirname(plugin), { recursive: true });
    writeFileSync(plugin, transformerPluginScript(process.execPath, realpathSync(process.argv[1]!), resultsFile));
    chmodSync(plugin, 0o755);

    let buildDir = resolve(dir);
    const workspace = pluginFormWorkspace(buildDir, nodeDiscoverFs);
    if (workspace) {
      const copy = join(scratch, 'workspace');
      for (const d of workspace.dirs) cpSync(join(workspace.root, d), join(copy, d), { recursive: true });
      for (const r of workspace.rewrites) writeFileSync(join(copy, r.path), r.text);
      buildDir = join(copy, workspace.app);
    }

    const run = spawnSync(argv[0]!, [...argv.slice(1), '.'], {
      cwd: buildDir,
      env: { ...env, [KUSTOMIZE_PLUGIN_HOME_ENV]: home },
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const command = `${argv.join(' ')} .`;
    if (run.error) {
      const hint = (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? `; set ${KUSTOMIZE_COMMAND_ENV} to the kustomize command (e.g. "kustomize build" or "kubectl kustomize")` : '';
      throw new UserError([error(`cannot run ${command}: ${run.error.message}${hint}`)]);
    }
    const pluginFormFiles = (workspace?.rewrites ?? []).map((r) => relative(resolve(dir), join(workspace!.root, r.path)));
    return {
      command,
      exit: String(run.status ?? run.signal),
      stdout: run.stdout,
      stderr: run.stderr,
      transformerRuns: transformerRuns(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : ''),
      pluginFormFiles,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
