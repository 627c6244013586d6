// What an Argo CD Application asks of the plugin, read from the environment Argo CD gives the
// generate command, in three layers of rising precedence:
//   1. the Application itself (ARGOCD_APP_*): destination namespace and provenance;
//   2. plugin env (spec.source.plugin.env → ARGOCD_ENV_CONTEXTCORE_<NAME>);
//   3. parameters (spec.source.plugin.parameters → ARGOCD_APP_PARAMETERS, or PARAM_<NAME>).
// Pure: the environment comes in as a plain object.

import { ARGOCD_APP_ENV, ARGOCD_PARAM_ENV_PREFIX, ARGOCD_SETTING_ENV_PREFIX, ARGOCD_USER_ENV_PREFIX } from '../core/conventions.js';
import { error, type Result } from '../core/results.js';
import { convertSetting, escapeParamName, SETTINGS, type Setting, type SettingValue } from './settings.js';

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

interface Parameter {
  name: string;
  value: SettingValue;
}

/**
 * ARGOCD_APP_PARAMETERS: a JSON array of {name, string | map | array}, or `null` for an
 * Application without parameters (Argo CD json.Marshals a nil slice).
 */
function parseParameterJson(text: string, into: Settings): Parameter[] {
  const from = ARGOCD_APP_ENV.parameters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    into.results.push(error(`is not valid JSON: ${(e as Error).message}`, at(from)));
    return [];
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    into.results.push(error('must be a JSON array of parameters', at(from)));
    return [];
  }
  const out: Parameter[] = [];
  parsed.forEach((p: unknown, i) => {
    const entry = p as { name?: unknown; string?: unknown; map?: unknown; array?: unknown } | null;
    if (!entry || typeof entry !== 'object' || typeof entry.name !== 'string') {
      into.results.push(error(`item ${i} has no name`, at(from)));
    } else if (entry.array !== undefined) {
      into.results.push(error('array parameters are not supported', at(`parameter ${entry.name}`)));
    } else if (typeof entry.string === 'string') {
      out.push({ name: entry.name, value: entry.string });
    } else if (entry.map && typeof entry.map === 'object' && Object.values(entry.map).every((v) => typeof v === 'string')) {
      out.push({ name: entry.name, value: entry.map as Record<string, string> });
    } else {
      into.results.push(error('has no string or map value', at(`parameter ${entry.name}`)));
    }
  });
  return out;
}

/**
 * Layer 3: parameters. ARGOCD_APP_PARAMETERS is authoritative (it keeps names and map keys as
 * written); without it, string parameters are read from PARAM_<NAME>. An empty string means "not
 * set". When both are present they must agree.
 */
function parameterLayer(env: Env, into: Settings): void {
  const byName = new Map(SETTINGS.map((s) => [s.name, s]));
  const json = env[ARGOCD_APP_ENV.parameters];
  const params: Parameter[] = json
    ? parseParameterJson(json, into)
    : SETTINGS.flatMap((s) => {
        const value = s.collectionType === 'string' ? env[ARGOCD_PARAM_ENV_PREFIX + escapeParamName(s.name)] : undefined;
        return value ? [{ name: s.name, value }] : [];
      });
  const seen = new Set<string>();
  for (const p of params) {
    const from = `parameter ${p.name}`;
    const setting = byName.get(p.name);
    if (!setting) {
      into.results.push(error(`unknown parameter (known: ${SETTINGS.map((s) => s.name).join(', ')})`, at(from)));
      continue;
    }
    if (seen.has(p.name)) {
      into.results.push(error('is given more than once', at(from)));
      continue;
    }
    seen.add(p.name);
    const envName = ARGOCD_PARAM_ENV_PREFIX + escapeParamName(p.name);
    if (json && typeof p.value === 'string' && env[envName] && env[envName] !== p.value) {
      into.results.push(error(`${envName}=${JSON.stringify(env[envName])} disagrees with ${ARGOCD_APP_ENV.parameters} (${JSON.stringify(p.value)})`, at(from)));
      continue;
    }
    if (setting.collectionType === 'string' && typeof p.value !== 'string') {
      into.results.push(error('must be a string parameter, not a map', { ...at(from), field: setting.field }));
    } else if (setting.collectionType === 'map' && typeof p.value === 'string') {
      into.results.push(error('must be a map parameter', { ...at(from), field: setting.field }));
    } else if (p.value !== '') {
      assign(setting, p.value, from, into);
    }
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
