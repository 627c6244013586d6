// The KRM function: ResourceList in, ResourceList out (KRM Functions Specification v1). Pure:
// text in, text and an exit code out. Items keep their orchestrator annotations; generated items
// get path annotations next to their ProjectContext so kpt writes them to stable files. Which
// configuration applies (functionConfig, kpt's key=value ConfigMap, one among the items) is
// decided by function-config.ts.

import { error, hasErrors, isMarkedCanonical, markCanonical, NO_OUTPUT, readYamlStream, sortResults, yamlDocument, type ExpandOutput, type KubeObject, type Origin, type Result, type YamlOutput } from '../core/index.js';
import { KRM_INDEX_ANNOTATIONS, KRM_PATH_ANNOTATIONS, KUSTOMIZATION_FILE_NAMES } from './conventions.js';
import { kptPipelineProblems } from '../app/kpt-pipeline.js';
import { expandChosen } from './expand-chosen.js';
import { selectFunctionConfig } from './function-config.js';

const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1'];

export interface FunctionRun {
  /** The output ResourceList as YAML (UTF-8, written on demand), or nothing when the input was not a ResourceList at all. */
  output: YamlOutput;
  results: Result[];
  exitCode: 0 | 1;
  expansion?: ExpandOutput;
}

/** Where an item came from: kpt and kustomize record it in (internal.)config.kubernetes.io annotations. */
export function originOf(item: KubeObject): Origin | undefined {
  const a = item?.metadata?.annotations;
  if (!a) return undefined;
  const path = a[KRM_PATH_ANNOTATIONS[0]] ?? a[KRM_PATH_ANNOTATIONS[1]];
  if (typeof path !== 'string') return undefined;
  const index = Number(a[KRM_INDEX_ANNOTATIONS[0]] ?? a[KRM_INDEX_ANNOTATIONS[1]] ?? '0');
  return Number.isInteger(index) ? { path, index } : { path };
}

/** An item read from a kustomization file (kustomization.yaml, kustomization.yml, Kustomization). */
export function isKustomizationFile(item: KubeObject): boolean {
  const path = originOf(item)?.path;
  return path !== undefined && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.slice(path.lastIndexOf('/') + 1));
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/** `<dir of the ProjectContext>/<kind>_<name>.yaml`, kpt's naming for new resources. */
export function generatedPath(obj: KubeObject, contextOrigin: Origin | undefined): string {
  return `${contextOrigin ? dirOf(contextOrigin.path) : ''}${String(obj.kind).toLowerCase()}_${obj.metadata?.name}.yaml`;
}

function withPath(obj: KubeObject, path: string): KubeObject {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  for (const key of KRM_PATH_ANNOTATIONS) annotations[key] = path;
  for (const key of KRM_INDEX_ANNOTATIONS) annotations[key] = '0';
  const copy = { ...obj, metadata: { ...obj.metadata, annotations } };
  return isMarkedCanonical(obj) ? markCanonical(copy) : copy;
}

export async function runFunction(input: string): Promise<FunctionRun> {
  const parsed = await readYamlStream(input, '<stdin>');
  if (parsed.results.length) return { output: NO_OUTPUT, results: parsed.results, exitCode: 1 };
  const [list, ...rest] = parsed.objects;
  if (!list || rest.length || list.kind !== 'ResourceList' || !RESOURCE_LIST_VERSIONS.includes(String(list.apiVersion))) {
    const got = list ? `${String(list.apiVersion)} ${String(list.kind)}` : 'nothing';
    return { output: NO_OUTPUT, results: [error(`input must be one config.kubernetes.io/v1 ResourceList (got ${rest.length ? `${parsed.objects.length} documents` : got})`)], exitCode: 1 };
  }
  const rawItems = (list as Record<string, unknown>).items ?? [];
  if (!Array.isArray(rawItems)) {
    return { output: NO_OUTPUT, results: [error('ResourceList items must be a list', { field: 'items' })], exitCode: 1 };
  }
  const allItems = rawItems as KubeObject[];
  const functionConfig = (list as Record<string, unknown>).functionConfig as KubeObject | undefined;
  const hasConfig = functionConfig !== undefined && functionConfig !== null;
  // kpt hands over kustomization files too (often without apiVersion and kind): left as they are.
  const kustomizations = allItems.filter(isKustomizationFile);
  const items = allItems.filter((item) => !isKustomizationFile(item));
  const origins = items.map(originOf);
  const choice = selectFunctionConfig(functionConfig, items);
  // A Kptfile pipeline that moves objects after ContextCore: its selectors would be wrong.
  choice.results.push(...kptPipelineProblems(items));
  const chosen = choice.config ? { object: choice.config, origin: originOf(choice.config) } : undefined;
  const expansion = hasErrors(choice.results) ? undefined : await expandChosen({ resources: items, origins }, chosen);

  let outItems: KubeObject[] = allItems;
  if (expansion?.ok) {
    const paths = new Map(expansion.generated.map((g) => [g.index, g.contextOrigin]));
    outItems = [...kustomizations, ...expansion.resources.map((obj, i) => (paths.has(i) ? withPath(obj, generatedPath(obj, paths.get(i))) : obj))];
  }
  const results = sortResults([...choice.results, ...(expansion?.results ?? [])]);
  const out: Record<string, unknown> = { apiVersion: list.apiVersion, kind: 'ResourceList', items: outItems };
  if (hasConfig) out.functionConfig = functionConfig;
  if (results.length) out.results = results;
  return { output: yamlDocument(out), results, exitCode: hasErrors(results) ? 1 : 0, ...(expansion ? { expansion } : {}) };
}
