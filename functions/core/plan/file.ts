// Reading a plan back (the hook's input): the `<context>-plan` ConfigMap's plan.json, or the
// output of `contextcore plan --json` for one context. Every problem names the file and field.
// Fields the hook does not use are tolerated, so a plan from a newer renderer still verifies.

import { ARTIFACT_TYPES, PROJECT_CONTEXT_API_VERSION } from '../conventions/index.js';
import { type PlanTask, PLAN_KIND, type Plan } from './plan.js';
import { error, type Result } from '../base/results.js';
import { interpret } from '../validate/interpreter.js';
import { closeSchema, schemaValidator, type SchemaValidator } from '../validate/schema.js';

const str = { type: 'string', minLength: 1 };
const open = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required, additionalProperties: true });
const ref = open({ apiVersion: str, kind: str, namespace: str, name: str }, ['apiVersion', 'kind', 'namespace', 'name']);

export const PLAN_SCHEMA = open(
  {
    apiVersion: { type: 'string', enum: [PROJECT_CONTEXT_API_VERSION] },
    kind: { type: 'string', enum: [PLAN_KIND] },
    context: open({ name: str, namespace: str, checksum: str, projectId: str, epic: str, criticality: str, owner: str }, ['name', 'namespace', 'checksum', 'projectId']),
    environment: str,
    source: open({ application: str, repoURL: str, revision: str }, []),
    epic: open({ id: str, title: str, priority: str }, ['id', 'title']),
    stories: {
      type: 'array',
      items: open(
        {
          id: str,
          type: { type: 'string', enum: [...ARTIFACT_TYPES] },
          title: str,
          tasks: {
            type: 'array',
            items: open(
              {
                id: str,
                type: { type: 'string', enum: [...ARTIFACT_TYPES] },
                title: str,
                target: open({ kind: str, namespace: str, name: str }, ['kind', 'namespace', 'name']),
                artifact: ref,
                status: { type: 'string', enum: ['generated', 'exists', 'skipped'] },
                reason: { type: 'string' },
                priority: str,
                dependsOn: { type: 'array', items: str },
                derivation: { type: 'array', items: { type: 'string' } },
                parameters: { type: 'object', additionalProperties: { type: 'string' } },
              },
              ['id', 'type', 'title', 'target', 'status', 'priority', 'dependsOn', 'derivation', 'parameters'],
            ),
          },
        },
        ['id', 'type', 'title', 'tasks'],
      ),
    },
    warnings: { type: 'array', items: { type: 'string' } },
    coverage: open(
      { required: { type: 'integer', minimum: 0 }, existing: { type: 'integer', minimum: 0 }, generated: { type: 'integer', minimum: 0 }, skipped: { type: 'integer', minimum: 0 }, ratio: { type: 'number', minimum: 0, maximum: 1 } },
      ['required', 'existing', 'generated', 'skipped', 'ratio'],
    ),
  },
  ['apiVersion', 'kind', 'context', 'epic', 'stories', 'coverage'],
);

let validator: SchemaValidator | undefined;

/** Parses a plan file's text; `results` holds every problem (errors), `plan` is set only when there are none. */
export function parsePlanFile(text: string, path: string): { plan?: Plan; results: Result[] } {
  const at = (field?: string) => ({ origin: { path }, ...(field ? { field } : {}) });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { results: [error(`not a plan: invalid JSON (${(e as Error).message})`, at())] };
  }
  let prefix = '';
  if (Array.isArray(value)) {
    if (value.length !== 1) return { results: [error(`holds ${value.length} plans; the hook and the gate take the plan of one context (pass one plan)`, at())] };
    value = value[0];
    prefix = '[0]';
  }
  validator ??= schemaValidator(interpret(closeSchema(PLAN_SCHEMA)), PLAN_SCHEMA);
  const problems = validator(value);
  if (problems.length) return { results: problems.map((p) => error(`not a valid plan: ${p.message}`, at(`${prefix}${prefix && p.path && !p.path.startsWith('[') ? '.' : ''}${p.path}`))) };
  const plan = value as Plan;
  const results = planProblems(plan).map((p) => error(p.message, at(`${prefix}${p.field}`)));
  return results.length ? { results } : { plan, results: [] };
}

/**
 * What the schema cannot say: ids unique across the epic, stories and tasks (spans, links and
 * the status refer to them), no task depending on itself or on a cycle (dependencies start
 * first), no empty story (its span has no time), and an artifact for every task to check.
 */
function planProblems(plan: Plan): Array<{ message: string; field: string }> {
  const problems: Array<{ message: string; field: string }> = [];
  const firstAt = new Map<string, string>();
  const claim = (id: string, field: string) => {
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, field);
    else problems.push({ message: `id "${id}" appears twice (also at ${first}); the epic, story and task ids must be unique`, field });
  };
  claim(plan.epic.id, 'epic.id');
  const tasks = new Map<string, { task: PlanTask; field: string }>();
  plan.stories.forEach((s, i) => {
    claim(s.id, `stories[${i}].id`);
    if (!s.tasks.length) problems.push({ message: `story "${s.id}" has no tasks`, field: `stories[${i}].tasks` });
    s.tasks.forEach((t, j) => {
      const field = `stories[${i}].tasks[${j}]`;
      claim(t.id, `${field}.id`);
      if (!tasks.has(t.id)) tasks.set(t.id, { task: t, field });
      if (t.status !== 'skipped' && !t.artifact) problems.push({ message: `a ${t.status} task must name its artifact`, field: `${field}.artifact` });
    });
  });
  problems.push(...dependencyCycles(tasks));
  return problems;
}

/** Every dependency that closes a cycle (a task depending on itself included), found once each. */
function dependencyCycles(tasks: ReadonlyMap<string, { task: PlanTask; field: string }>): Array<{ message: string; field: string }> {
  const problems: Array<{ message: string; field: string }> = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string) => {
    const { task, field } = tasks.get(id)!;
    path.push(id);
    task.dependsOn.forEach((dep, k) => {
      if (!tasks.has(dep) || done.has(dep)) return; // unknown dependencies are not linked (hook/plan-trace.ts)
      const at = path.indexOf(dep);
      if (at === -1) return visit(dep);
      const message = dep === id ? `task "${id}" depends on itself` : `dependency cycle: ${[...path.slice(at), dep].map((x) => `"${x}"`).join(' → ')}`;
      problems.push({ message, field: `${field}.dependsOn[${k}]` });
    });
    path.pop();
    done.add(id);
  };
  for (const id of tasks.keys()) if (!done.has(id)) visit(id);
  return problems;
}
