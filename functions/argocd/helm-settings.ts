// How an Argo CD Application templates a chart app, from the environment Argo CD gives the
// plugin: the Helm parameters (settings.ts HELM_SETTINGS), the Application's name and destination
// namespace, and the destination's KUBE_VERSION and KUBE_API_VERSIONS (reposerver getPluginEnvs),
// as Argo CD's own helmTemplate uses them. Value files are resolved within the repository
// (functions/helm/value-files.ts). Pure: the environment comes in as a plain object.

import { chartNamespace, destinationCapabilities, releaseName, repositoryRoot, resolveValueFile, substitute, type TemplateOptions, type ValueFileFs } from '../helm/index.js';
import { ARGOCD_APP_ENV } from './conventions.js';
import { error, type KubeObject, type Result } from '../core/index.js';
import { applicationParameters, collectionProblem, isSet, type Env, type Parameter } from './read-settings.js';
import { HELM_SETTINGS } from './settings.js';
import { parseAllDocuments } from 'yaml';

/** The Helm parameters an Application gives, as written. */
export interface HelmParameters {
  releaseName?: string;
  valueFiles: string[];
  values?: string;
  set: Record<string, string>;
  /** The names of the parameters that are set (not empty). */
  given: string[];
}

const at = (name: string) => ({ origin: { path: `parameter ${name}` } });

/** The Helm parameters of the Application, and the problems of their types (ARGOCD_APP_PARAMETERS' own are readSettings'). */
export function readHelmParameters(env: Env): { parameters: HelmParameters; results: Result[] } {
  const results: Result[] = [];
  const parameters: HelmParameters = { valueFiles: [], set: {}, given: [] };
  const shapes = new Map(HELM_SETTINGS.map((s) => [s.name, s]));
  const seen = new Set<string>();
  for (const p of applicationParameters(env, HELM_SETTINGS).params) {
    const shape = shapes.get(p.name);
    if (!shape) continue;
    if (seen.has(p.name)) {
      results.push(error('is given more than once', at(p.name)));
      continue;
    }
    seen.add(p.name);
    const problem = collectionProblem(shape.collectionType, p.value);
    if (problem) results.push(error(problem, at(p.name)));
    else if (isSet(p.value)) take(p, parameters);
  }
  return { parameters, results };
}

function take(p: Parameter, into: HelmParameters): void {
  into.given.push(p.name);
  if (p.name === 'helm-release-name') into.releaseName = p.value as string;
  else if (p.name === 'helm-value-files') into.valueFiles = [...(p.value as string[])];
  else if (p.name === 'helm-values') into.values = p.value as string;
  else if (p.name === 'helm-parameters') into.set = { ...(p.value as Record<string, string>) };
}

/** Helm parameters given to an app that is not a chart: errors, so that a misplaced setting never goes unnoticed. */
export function helmParametersUnused(env: Env, kind: string): Result[] {
  return readHelmParameters(env).parameters.given.map((name) =>
    error(`applies to a Helm chart app (a directory with Chart.yaml), and this app is ${kind === 'kustomization' ? 'a kustomization (its helmCharts: entries carry their own values)' : 'a directory of manifests'}; remove it`, at(name)),
  );
}

/** helm-values must be one YAML map (helm would name its temporary file in its own message). */
function valuesProblems(text: string): Result[] {
  const docs = parseAllDocuments(text);
  const broken = docs.flatMap((d) => d.errors)[0];
  if (broken) return [error(`is not valid YAML: ${broken.message.split('\n')[0]}`, at('helm-values'))];
  const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
  if (values.length > 1 || values.some((v) => typeof v !== 'object' || Array.isArray(v))) return [error('must be YAML of one map of values', at('helm-values'))];
  return [];
}

/** Options of `helm template` without the values file the caller writes for `values`. */
export interface ChartTemplate {
  options: Omit<TemplateOptions, 'valuesFile'>;
  /** The helm-values parameter, to be written to a file. */
  values?: string;
}

/**
 * How the Application templates the chart in chartDir (the working directory of generate):
 * release name, destination namespace (else the config's, see chartNamespace), the destination's
 * Kubernetes version and API versions, value files inside the repository, values and --set
 * values with Argo CD's substitutions. `config` is the ProjectContextExpander beside the chart.
 */
export function chartTemplate(env: Env, chartDir: string, fs: ValueFileFs, config?: KubeObject): { template: ChartTemplate; results: Result[] } {
  const { parameters, results } = readHelmParameters(env);
  const root = repositoryRoot(chartDir, env[ARGOCD_APP_ENV.sourcePath]);
  const valueFiles: string[] = [];
  for (const given of parameters.valueFiles) {
    const file = substitute(given, env);
    const resolved = resolveValueFile(file, chartDir, root, fs);
    if ('problem' in resolved) results.push(error(`value file ${JSON.stringify(file)} ${resolved.problem}`, at('helm-value-files')));
    else valueFiles.push(resolved.path);
  }
  if (parameters.values !== undefined) results.push(...valuesProblems(parameters.values));
  const { kubeVersion, apiVersions } = destinationCapabilities(env);
  const options: ChartTemplate['options'] = {
    releaseName: releaseName(parameters.releaseName, env[ARGOCD_APP_ENV.name], chartDir),
    namespace: chartNamespace(env[ARGOCD_APP_ENV.namespace], config),
    ...(kubeVersion ? { kubeVersion } : {}),
    ...(apiVersions.length ? { apiVersions } : {}),
    ...(Object.keys(parameters.set).length ? { set: Object.fromEntries(Object.entries(parameters.set).map(([k, v]) => [k, substitute(v, env)])) } : {}),
    ...(valueFiles.length ? { valueFiles } : {}),
  };
  return { template: { options, ...(parameters.values !== undefined ? { values: parameters.values } : {}) }, results };
}
