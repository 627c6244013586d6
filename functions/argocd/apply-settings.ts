// Layers the Application's settings over the ProjectContextExpander the run chose (the app's own,
// or a transformer config with settings): defaults < that config < ARGOCD_APP_*
// < plugin env < parameters. Every assignment is validated on its own, so a message names the
// parameter or variable at fault; every value that replaces a different one is reported, so the
// configuration of an app never changes silently.

import { canonicalJson, CONFIG_API_VERSION, CONFIG_KIND, error, info, validateConfig, type ExpandOptions, type KubeObject, type Origin, type Result } from '../core/index.js';
import { setAtPath } from '../project-context-expander/function-config.js';
import { readSettings, type Assignment, type Env } from './read-settings.js';

export interface Layered {
  config: KubeObject;
  results: Result[];
}

type Obj = Record<string, unknown>;

function getPath(obj: Obj, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = cur && typeof cur === 'object' ? (cur as Obj)[key] : undefined;
  return cur;
}

const emptyConfig = (): KubeObject => ({ apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND, metadata: { name: 'contextcore' } });

/** A config holding only this assignment, validated with the same schema as a whole config. */
function validateAssignment(a: Assignment): Result[] {
  const partial = emptyConfig() as Obj;
  setAtPath(partial, a.field.split('.'), a.value);
  return validateConfig(partial as KubeObject).map((r) => error(r.message, { origin: { path: a.from }, field: r.field?.path ?? a.field }));
}

const describe = (from: string | undefined, origin: Origin | undefined) => from ?? (origin ? `the ProjectContextExpander in ${origin.path}` : 'the ProjectContextExpander');

/** The config to expand with; errors when an assignment is invalid. */
export function applySettings(base: KubeObject | undefined, baseOrigin: Origin | undefined, assignments: readonly Assignment[]): Layered {
  const results = assignments.flatMap(validateAssignment);
  const config = JSON.parse(JSON.stringify(base ?? emptyConfig())) as Obj;
  const setBy = new Map<string, string>();
  for (const a of assignments) {
    const path = a.field.split('.');
    const before = getPath(config, path);
    if (before !== undefined && canonicalJson(before) !== canonicalJson(a.value)) {
      results.push(info(`${JSON.stringify(before)} from ${describe(setBy.get(a.field), baseOrigin)} is replaced by ${JSON.stringify(a.value)} from ${a.from}`, { field: a.field }));
    }
    setAtPath(config, path, a.value);
    setBy.set(a.field, a.from);
  }
  return { config: config as KubeObject, results };
}

/**
 * The Application's settings (read from env) as expand()'s configure hook: layered over whatever
 * configuration the run chose, with the problems of reading them.
 */
export function applicationSettings(env: Env): NonNullable<ExpandOptions['configure']> {
  const settings = readSettings(env);
  return (config, origin) => {
    const layered = applySettings(config, origin, settings.assignments);
    return { config: layered.config, results: [...settings.results, ...layered.results] };
  };
}

/** The errors in the Application's settings on their own, to report before anything is built. */
export function settingsErrors(env: Env): Result[] {
  return applicationSettings(env)(undefined, undefined).results.filter((r) => r.severity === 'error');
}
