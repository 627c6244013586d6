// Runs the kustomize build of an Argo CD app, with a private plugin home in which the only
// plugin is the ContextCore transformer (see functions/argocd/kustomize-command.ts). When the
// app's ContextCore transformer is declared as a KRM function, the build runs on a copy of the
// kustomizations involved with that config in its plugin form (functions/argocd/plugin-form.ts).

import { createRequire } from 'node:module';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, KUSTOMIZE_COMMAND_ENV, KUSTOMIZE_PLUGIN_HOME_ENV } from '../../functions/core/conventions.js';
import { error, UserError } from '../../functions/core/results.js';
import { kustomizeArgv, pluginFormWorkspace, transformerPluginPath, transformerPluginScript } from '../../functions/argocd/index.js';
import { nodeDiscoverFs } from './discover-fs.js';

// child_process (and the stream modules it loads) only when a kustomization is built: every
// command of the bundle would otherwise pay for it at start-up.
const lazyRequire = createRequire(import.meta.url);
const spawnSync: typeof import('node:child_process').spawnSync = ((...args: Parameters<typeof import('node:child_process').spawnSync>) =>
  lazyRequire('node:child_process').spawnSync(...args)) as never;

export interface Built {
  /** kustomize's YAML stream. */
  text: string;
  /** The ProjectContextExpander configs the build ran in place, as one YAML stream ("" for none). */
  transformerConfigs: string;
  /** Transformer files (relative to the app) built in their plugin form. */
  pluginFormFiles: string[];
  command: string;
}

export const hasKustomization = (dir: string) => KUSTOMIZATION_FILE_NAMES.some((n) => existsSync(join(dir, n)));

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

/** Builds the kustomization in dir; a failing build is the user's (UserError with kustomize's message). */
export function buildKustomization(dir: string, env: NodeJS.ProcessEnv): Built {
  const argv = kustomizeArgv(env[KUSTOMIZE_COMMAND_ENV], onPath('kustomize', env.PATH));
  const scratch = mkdtempSync(join(tmpdir(), 'contextcore-kustomize-'));
  try {
    const home = join(scratch, 'plugins');
    const plugin = transformerPluginPath(home);
    const configLog = join(scratch, 'transformer-configs.yaml');
    mkdirSync(dirname(plugin), { recursive: true });
    writeFileSync(plugin, transformerPluginScript(process.execPath, realpathSync(process.argv[1]!), configLog));
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
    if (run.status !== 0) throw new UserError([error(`${command} failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`)]);
    const pluginFormFiles = (workspace?.rewrites ?? []).map((r) => relative(resolve(dir), join(workspace!.root, r.path)));
    return { text: run.stdout, transformerConfigs: existsSync(configLog) ? readFileSync(configLog, 'utf8') : '', pluginFormFiles, command };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
