// Runs the kustomize build of an Argo CD app, with a private plugin home in which the only
// plugin is the ContextCore transformer (see functions/argocd/kustomize-command.ts).

import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { KUSTOMIZATION_FILE_NAMES, KUSTOMIZE_COMMAND_ENV, KUSTOMIZE_PLUGIN_HOME_ENV } from '../../functions/core/conventions.js';
import { UserError } from '../../functions/core/results.js';
import { error } from '../../functions/core/results.js';
import { kustomizeArgv, transformerPluginPath, transformerPluginScript } from '../../functions/argocd/index.js';

export interface Built {
  /** kustomize's YAML stream. */
  text: string;
  /** The ProjectContextExpander configs the build ran in place, as one YAML stream ("" for none). */
  transformerConfigs: string;
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
  const home = mkdtempSync(join(tmpdir(), 'contextcore-kustomize-'));
  try {
    const plugin = transformerPluginPath(home);
    const configLog = join(home, 'transformer-configs.yaml');
    mkdirSync(dirname(plugin), { recursive: true });
    writeFileSync(plugin, transformerPluginScript(process.execPath, realpathSync(process.argv[1]!), configLog));
    chmodSync(plugin, 0o755);
    const run = spawnSync(argv[0]!, [...argv.slice(1), '.'], {
      cwd: dir,
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
    return { text: run.stdout, transformerConfigs: existsSync(configLog) ? readFileSync(configLog, 'utf8') : '', command };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
