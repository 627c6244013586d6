// Templates a Helm chart app (for `argocd generate` and the CLI's render, validate, plan and
// diff): `helm template` in the chart directory, as Argo CD's repo-server runs it; when the chart
// names dependencies that are not in charts/ yet, `helm dependency build` first, in a copy of
// the chart and the charts its file:// dependencies name (functions/helm/chart-files.ts), so the
// repository is never written to; http(s) repositories the chart names are added to a copy of
// helm's repositories file for that build, as Argo CD adds them. helm reads its configuration from
// the environment (HELM_*: repositories, registry credentials, cache), which the sidecar image
// points under /tmp.

import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import type { LoadedApp } from '../../functions/app/index.js';
import { HELM_COMMAND_ENV, HELM_PLAIN_HTTP_ENV } from '../../functions/helm/conventions.js';
import { error, hasErrors, isConfig, UserError, type KubeObject, type Result } from '../../functions/core/index.js';
import { besideChart, chartWorkspace, dependencyBuildArgv, helmCommand, helmMessages, httpRepositories, isMissingDependency, noHelm, readChartOutput, repositoriesWith, repositoryConfigPath, templateArgv, type Redaction, type TemplateOptions } from '../../functions/helm/index.js';
import { MissingTool } from '../cli/command.js';
import { nodeDiscoverFs } from './discover-fs.js';
import { onPath, real, scratchDir } from './process-tools.js';

/** How the chart is templated, once the ProjectContextExpander beside it is known (it may give the namespace). */
export type TemplateFor = (besideConfig: KubeObject | undefined) => { options: Omit<TemplateOptions, 'valuesFile'>; values?: string; results: Result[] };

export interface ChartOptions {
  /** How the chart directory is named in messages and origins (default "."). */
  shownAs?: string;
  /** Paths in helm's messages to name otherwise (the repository's root as "."). */
  redactions?: readonly Redaction[];
}

interface Run {
  status: string;
  stdout: string;
  stderr: string;
}

/** The chart in dir as one app: the objects helm templated, then those beside the chart. */
export function loadChart(dir: string, env: NodeJS.ProcessEnv, templateFor: TemplateFor, options: ChartOptions = {}): LoadedApp {
  const shownAs = options.shownAs ?? '.';
  const chartDir = real(resolve(dir));
  const beside = besideChart(chartDir, nodeDiscoverFs);
  const inApp = (path: string) => posix.join(shownAs, path);
  const wanted = templateFor(beside.resources.find(isConfig));
  const problems = [...beside.results.map((r) => (r.file ? { ...r, file: { ...r.file, path: inApp(r.file.path) } } : r)), ...wanted.results];
  if (hasErrors(problems)) throw new UserError(problems);
  const stdout = templateChart(chartDir, env, wanted.options, wanted.values, shownAs, options.redactions ?? []);
  const output = readChartOutput(stdout, shownAs);
  if (hasErrors(output.results)) throw new UserError(output.results);
  const named = beside.origins.map((o) => ({ ...o, path: inApp(o.path) }));
  return {
    resources: [...output.resources, ...beside.resources],
    origins: [...output.origins, ...named],
    chart: { shownAs, namespace: wanted.options.namespace },
  };
}

/**
 * The repositories file of the dependency build when the chart names http(s) repositories helm's
 * own file lacks: a copy with them added (functions/helm/repositories.ts), written to `path`.
 */
function repositoriesFile(chartDir: string, env: NodeJS.ProcessEnv, path: string): string | undefined {
  const urls = httpRepositories(chartDir, nodeDiscoverFs);
  if (!urls.length) return undefined;
  const own = repositoryConfigPath(env, homedir());
  let text: string | undefined;
  try {
    text = readFileSync(own, 'utf8');
  } catch {
    // No repositories file yet: the copy starts empty.
  }
  let merged: string | undefined;
  try {
    merged = repositoriesWith(text, urls);
  } catch (e) {
    throw new UserError([error(`helm's repositories file is not YAML: ${(e as Error).message.split('\n')[0]}`, { origin: { path: own } })]);
  }
  if (merged === undefined) return undefined;
  writeFileSync(path, merged);
  return path;
}

function templateChart(chartDir: string, env: NodeJS.ProcessEnv, options: Omit<TemplateOptions, 'valuesFile'>, values: string | undefined, shownAs: string, redactions: readonly Redaction[]): string {
  const choice = helmCommand(env[HELM_COMMAND_ENV], (command) => onPath(command, env.PATH), 'a Helm chart');
  if ('problem' in choice) throw new MissingTool(choice.problem);
  const helm = choice.command.includes('/') ? resolve(choice.command) : choice.command;
  const scratch = scratchDir('contextcore-helm-', 'helm template');
  try {
    const valuesFile = join(scratch, 'values.yaml');
    if (values !== undefined) writeFileSync(valuesFile, values);
    const copy = join(scratch, 'chart');
    const named: Redaction[] = [{ path: valuesFile, as: '<parameter helm-values>' }, ...redactions, { path: scratch, as: '<scratch>' }];
    const run = (args: string[], cwd: string, runEnv = env): Run => {
      const r = spawnSync(helm, args, { cwd, env: runEnv, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      if (r.error) {
        const code = (r.error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES') throw new MissingTool(noHelm('a Helm chart', `${choice.command} (chosen by ${choice.chosenBy}) cannot be run (${code})`));
        throw new UserError([error(`cannot run helm ${args[0]}: ${r.error.message}`)]);
      }
      return { status: String(r.status ?? r.signal), stdout: r.stdout, stderr: r.stderr };
    };
    const failed = (what: string, r: Run) => new UserError([error(`${choice.command} ${what} ${shownAs} failed (exit ${r.status}): ${helmMessages(r.stderr, named).join('; ')}`)]);
    const argv = templateArgv({ ...options, ...(values !== undefined ? { valuesFile } : {}) });
    let templated = run(argv, chartDir);
    if (templated.status !== '0' && isMissingDependency(templated.stderr)) {
      const workspace = chartWorkspace(chartDir, nodeDiscoverFs);
      for (const d of workspace.dirs) cpSync(join(workspace.root, d), join(copy, d), { recursive: true });
      const inCopy = join(copy, workspace.app);
      const repositories = repositoriesFile(chartDir, env, join(scratch, 'repositories.yaml'));
      if (repositories) named.unshift({ path: repositories, as: '<repositories file>' });
      const built = run(dependencyBuildArgv(env[HELM_PLAIN_HTTP_ENV] === 'true'), inCopy, repositories ? { ...env, HELM_REPOSITORY_CONFIG: repositories } : env);
      if (built.status !== '0') throw failed('dependency build for', built);
      templated = run(argv, inCopy);
    }
    if (templated.status !== '0') throw failed('template', templated);
    return templated.stdout;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
