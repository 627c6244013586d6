// What an Argo CD Application asks of the plugin, read from the environment Argo CD gives the
// generate command, in three layers of rising precedence:
//   1. the Application itself (ARGOCD_APP_*): destination namespace and provenance;
//   2. plugin env (spec.source.plugin.env → ARGOCD_ENV_CONTEXTCORE_<NAME>);
//   3. parameters (spec.source.plugin.parameters → ARGOCD_APP_PARAMETERS, or PARAM_<NAME>);
//      the Helm parameters are not config fields: helm-settings.ts reads them.
// Pure: the environment comes in as a plain object.

import { ARGOCD_APP_ENV, ARGOCD_PARAM_ENV_PREFIX, ARGOCD_SETTING_ENV_PREFIX, ARGOCD_USER_ENV_PREFIX } from './conventions.js';
import { error, type Result } from '../core/index.js';
import { convertSetting, escapeParamName, HELM_SETTINGS, SETTINGS, type Setting, type SettingValue } from './settings.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** One config field set by the Application, and where it was set (for messages). */
export interface Assignment {
  field: string;
  value: unknown;
  from: string;
}

export interface Settings {
  /** In precedence order: a later assignment of a field wins. */
  assignments: Assignment[];
  results: Result[];
}

const at = (from: string) => ({ origin: { path: from } });

function assign(setting: Setting, raw: SettingValue, from: string, into: Settings): void {
  const converted = convertSetting(setting, raw);
  if ('problem' in converted) into.results.push(error(converted.problem, { ...at(from), field: setting.field }));
  else into.assignments.push({ field: setting.field, value: converted.value, from });
}

/** Layer 1: what Argo CD knows about the Application. The full revision is preferred. */
function applicationLayer(env: Env, into: Settings): void {
  const set = (field: string, name: string | undefined) => {
    const value = name ? env[name] : undefined;
    if (name && value) into.assignments.push({ field, value, from: name });
  };
  set('spec.defaultNamespace', ARGOCD_APP_ENV.namespace);
  set('spec.source.application', ARGOCD_APP_ENV.name);
  set('spec.source.repoURL', ARGOCD_APP_ENV.repoURL);
  set('spec.source.revision', [ARGOCD_APP_ENV.revision, ARGOCD_APP_ENV.revisionShort8, ARGOCD_APP_ENV.revisionShort].find((n) => env[n]));
}

/** Layer 2: ARGOCD_ENV_CONTEXTCORE_<NAME>; an unknown CONTEXTCORE_ name is a typo, so an error. */
function pluginEnvLayer(env: Env, into: Settings): void {
  const prefix = ARGOCD_USER_ENV_PREFIX + ARGOCD_SETTING_ENV_PREFIX;
  const byEnvName = new Map(SETTINGS.map((s) => [prefix + escapeParamName(s.name), s]));
  for (const name of Object.keys(env).filter((n) => n.startsWith(prefix)).sort()) {
    const setting = byEnvName.get(name);
    const value = env[name];
    if (!setting) {
      const known = [...byEnvName.keys()].map((k) => k.slice(ARGOCD_USER_ENV_PREFIX.length)).join(', ');
      into.results.push(error(`unknown ContextCore setting ${name.slice(ARGOCD_USER_ENV_PREFIX.length)} in the Application's plugin env (known: ${known})`, at(name)));
    } else if (value) {
      assign(setting, value, name, into);
    }
  }
}

/** A parameter as Argo CD sends it: a string, a map or an array. */
export interface Parameter {
  name: string;
  value: string | Record<string, string> | string[];
}

/** How a parameter is read from PARAM_* when ARGOCD_APP_PARAMETERS is absent (map keys are not: PARAM_ upper-cases them). */
export interface ParameterShape {
  name: string;
  collectionType: 'string' | 'map' | 'array';
}

/**
 * ARGOCD_APP_PARAMETERS: a JSON array of {name, string | map | array}, or `null` for an
 * Application without parameters (Argo CD json.Marshals a nil slice).
 */
function parseParameterJson(text: string, results: Result[]): Parameter[] {
  const from = ARGOCD_APP_ENV.parameters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    results.push(error(`is not valid JSON: ${(e as Error).message}`, at(from)));
    return [];
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    results.push(error('must be a JSON array of parameters', at(from)));
    return [];
  }
  const out: Parameter[] = [];
  parsed.forEach((p: unknown, i) => {
    const entry = p as { name?: unknown; string?: unknown; map?: unknown; array?: unknown } | null;
    if (!entry || typeof entry !== 'object' || typeof entry.name !== 'string') {
      results.push(error(`item ${i} has no name`, at(from)));
    } else if (Array.isArray(entry.array) && entry.array.every((v) => typeof v === 'string')) {
      out.push({ name: entry.name, value: entry.array as string[] });
    } else if (typeof entry.string === 'string') {
      out.push({ name: entry.name, value: entry.string });
    } else if (entry.map && typeof entry.map === 'object' && Object.values(entry.map).every((v) => typeof v === 'string')) {
      out.push({ name: entry.name, value: entry.map as Record<string, string> });
    } else {
      results.push(error('has no string, map or array value', at(`parameter ${entry.name}`)));
    }
  });
  return out;
}

/**
 * The Application's parameters. ARGOCD_APP_PARAMETERS is authoritative (it keeps names and map
 * keys as written); without it, string parameters are read from PARAM_<NAME> and array ones from
 * PARAM_<NAME>_<i>. `results` are the problems of ARGOCD_APP_PARAMETERS itself.
 */
export function applicationParameters(env: Env, shapes: readonly ParameterShape[]): { params: Parameter[]; fromJson: boolean; results: Result[] } {
  const results: Result[] = [];
  const json = env[ARGOCD_APP_ENV.parameters];
  if (json) return { params: parseParameterJson(json, results), fromJson: true, results };
  const params = shapes.flatMap((s): Parameter[] => {
    const base = ARGOCD_PARAM_ENV_PREFIX + escapeParamName(s.name);
    if (s.collectionType === 'string') return env[base] ? [{ name: s.name, value: env[base]! }] : [];
    if (s.collectionType !== 'array') return [];
    const items: string[] = [];
    for (let i = 0; env[`${base}_${i}`] !== undefined; i++) items.push(env[`${base}_${i}`]!);
    return items.length ? [{ name: s.name, value: items }] : [];
  });
  return { params, fromJson: false, results };
}

/** A parameter's value of the wrong collection type: the problem, else undefined. */
export function collectionProblem(expected: ParameterShape['collectionType'], value: Parameter['value']): string | undefined {
  const actual = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'map';
  return actual === expected ? undefined : `must be a${expected === 'array' ? 'n array' : ` ${expected}`} parameter, not a${actual === 'array' ? 'n array' : ` ${actual}`}`;
}

/** Whether a parameter value counts as set (an empty string, map or array does not). */
export const isSet = (value: Parameter['value']) => (typeof value === 'string' ? value !== '' : Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);

/**
 * Layer 3: parameters (the Helm ones are read by helm-settings.ts). An empty value means "not
 * set". When ARGOCD_APP_PARAMETERS and PARAM_* are both present they must agree.
 */
function parameterLayer(env: Env, into: Settings): void {
  const byName = new Map(SETTINGS.map((s) => [s.name, s]));
  const helm = new Set(HELM_SETTINGS.map((s) => s.name));
  const { params, fromJson, results } = applicationParameters(env, SETTINGS.filter((s) => s.collectionType === 'string'));
  into.results.push(...results);
  const seen = new Set<string>();
  for (const p of params) {
    const from = `parameter ${p.name}`;
    if (helm.has(p.name)) continue;
    const setting = byName.get(p.name);
    if (!setting) {
      into.results.push(error(`unknown parameter (known: ${[...SETTINGS, ...HELM_SETTINGS].map((s) => s.name).join(', ')})`, at(from)));
      continue;
    }
    if (seen.has(p.name)) {
      into.results.push(error('is given more than once', at(from)));
      continue;
    }
    seen.add(p.name);
    const envName = ARGOCD_PARAM_ENV_PREFIX + escapeParamName(p.name);
    if (fromJson && typeof p.value === 'string' && env[envName] && env[envName] !== p.value) {
      into.results.push(error(`${envName}=${JSON.stringify(env[envName])} disagrees with ${ARGOCD_APP_ENV.parameters} (${JSON.stringify(p.value)})`, at(from)));
      continue;
    }
    const problem = collectionProblem(setting.collectionType, p.value);
    if (problem) into.results.push(error(problem, { ...at(from), field: setting.field }));
    else if (isSet(p.value)) assign(setting, p.value as SettingValue, from, into);
  }
}

/** Everything the Application sets, in precedence order, and the problems found reading it. */
export function readSettings(env: Env): Settings {
  const settings: Settings = { assignments: [], results: [] };
  applicationLayer(env, settings);
  pluginEnvLayer(env, settings);
  parameterLayer(env, settings);
  return settings;
}
