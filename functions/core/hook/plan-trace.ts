// The plan as a trace (DESIGN §7, seeds/002 §6), as pure data: one epic span, a story span per
// artifact type, a task span per artifact, with attributes, events, dependency links and
// statuses from the verification. The adapter turns these specs into SDK spans; every time in
// them comes from the adapter's clock.

import { EVENT_ATTR, EVENT_SOURCE_HOOK, GENERATOR_VERSION, HOOK_RESOURCE_ATTR, HOOK_SERVICE_NAME, HOOK_SPAN_ATTR, LINK_TYPE_DEPENDS_ON, SPAN_ATTR, SPAN_EVENT, TASK_STATUS_BY_STATE, type VerificationState } from '../conventions/index.js';
import { type PlanTask, refText, tasksInDependencyOrder, type Plan } from '../plan/plan.js';
import { clean } from '../base/numbers.js';
import { verifiedCoverage, type Verification } from './verification.js';

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;
export type SpanStatusCode = 'UNSET' | 'OK' | 'ERROR';

export interface SpanEventSpec {
  name: string;
  /** Milliseconds since the epoch. */
  time: number;
  attributes: Attributes;
}

export interface SpanSpec {
  /** The epic, story or task id; parents and links refer to it. */
  id: string;
  parentId?: string;
  name: string;
  start: number;
  end: number;
  attributes: Attributes;
  events: SpanEventSpec[];
  links: Array<{ id: string; attributes: Attributes }>;
  /** Links to spans of other traces, by their ids (the gate's span to the plan trace). */
  remoteLinks?: Array<{ traceId: string; spanId: string; attributes: Attributes }>;
  status: { code: SpanStatusCode; message?: string };
}

export interface TraceTiming {
  start: number;
  end: number;
  /** When each task's check started and ended. */
  tasks: ReadonlyMap<string, { start: number; end: number }>;
}

const STATUS_OF: Record<VerificationState, SpanStatusCode> = { verified: 'OK', missing: 'ERROR', unselected: 'ERROR', unverifiable: 'ERROR', skipped: 'UNSET', unchecked: 'UNSET' };

/** The resource of the hook's spans: who emitted them, where, and from which sync. */
export function traceResource(plan: Plan, namespace: string): Attributes {
  const a: Attributes = { [HOOK_RESOURCE_ATTR.serviceName]: HOOK_SERVICE_NAME, [HOOK_RESOURCE_ATTR.serviceVersion]: GENERATOR_VERSION, [HOOK_RESOURCE_ATTR.namespace]: namespace };
  if (plan.environment) a[HOOK_RESOURCE_ATTR.environment] = plan.environment;
  if (plan.source?.revision) a[HOOK_RESOURCE_ATTR.revision] = plan.source.revision;
  if (plan.source?.repoURL) a[HOOK_RESOURCE_ATTR.repository] = plan.source.repoURL;
  if (plan.source?.application) a[HOOK_RESOURCE_ATTR.pipeline] = plan.source.application;
  return a;
}

interface Tally {
  total: number;
  states: Record<VerificationState, number>;
}

function tally(states: readonly VerificationState[]): Tally {
  const t: Tally = { total: states.length, states: { verified: 0, missing: 0, unselected: 0, unverifiable: 0, skipped: 0, unchecked: 0 } };
  for (const s of states) t.states[s]++;
  return t;
}

/** task.status and span status of an epic or story from its tasks. */
function rollUp(t: Tally): { taskStatus: string; status: SpanSpec['status'] } {
  const failed = t.states.missing + t.states.unselected + t.states.unverifiable;
  const taskStatus = t.states.missing || t.states.unselected || t.states.unchecked ? 'todo' : t.states.unverifiable ? 'blocked' : t.states.verified ? 'done' : 'cancelled';
  if (failed) {
    const parts = [
      t.states.missing ? `${t.states.missing} missing` : '',
      t.states.unselected ? `${t.states.unselected} selected by no Prometheus` : '',
      t.states.unverifiable ? `${t.states.unverifiable} unverifiable` : '',
    ].filter(Boolean);
    return { taskStatus, status: { code: 'ERROR', message: `${parts.join(', ')} of ${t.total} planned artifact${t.total === 1 ? '' : 's'}` } };
  }
  return { taskStatus, status: { code: t.states.verified ? 'OK' : 'UNSET' } };
}

function taskSpan(storyId: string, task: PlanTask, v: Verification, when: { start: number; end: number }, emitted: ReadonlySet<string>, common: Attributes): SpanSpec {
  const attributes: Attributes = {
    ...common,
    [SPAN_ATTR.taskId]: task.id,
    [SPAN_ATTR.taskType]: 'task',
    [SPAN_ATTR.taskTitle]: task.title,
    [SPAN_ATTR.taskStatus]: TASK_STATUS_BY_STATE[v.state],
    [SPAN_ATTR.taskParentId]: storyId,
    [SPAN_ATTR.artifactId]: task.id,
    [SPAN_ATTR.artifactType]: task.type,
    [SPAN_ATTR.artifactTarget]: refText(task.target),
    [SPAN_ATTR.artifactPriority]: task.priority,
    [SPAN_ATTR.artifactStatus]: task.status,
    [SPAN_ATTR.artifactVerification]: v.state,
  };
  if (task.dependsOn.length) attributes[SPAN_ATTR.artifactDependsOn] = [...task.dependsOn];
  if (v.location) {
    attributes[SPAN_ATTR.artifactKind] = v.location.kind;
    attributes[SPAN_ATTR.artifactName] = v.location.name;
    attributes[SPAN_ATTR.artifactNamespace] = v.location.namespace;
  }
  if (v.reason) attributes[HOOK_SPAN_ATTR.artifactReason] = v.reason;
  for (const [k, value] of Object.entries(task.parameters)) attributes[`${HOOK_SPAN_ATTR.artifactParametersPrefix}${k}`] = value;

  const events: SpanEventSpec[] = [
    {
      name: SPAN_EVENT.created,
      time: when.start,
      attributes: { [EVENT_ATTR.source]: EVENT_SOURCE_HOOK, [EVENT_ATTR.artifactType]: task.type, [EVENT_ATTR.target]: refText(task.target), [EVENT_ATTR.priority]: task.priority, [EVENT_ATTR.status]: task.status },
    },
    {
      name: SPAN_EVENT.contract,
      time: when.start,
      attributes: {
        [EVENT_ATTR.derivationRules]: JSON.stringify(task.derivation),
        [EVENT_ATTR.parameters]: JSON.stringify(task.parameters),
        ...(task.artifact ? { [EVENT_ATTR.expectedOutput]: JSON.stringify(task.artifact) } : {}),
      },
    },
  ];
  if (task.dependsOn.length) {
    events.push({ name: SPAN_EVENT.dependencies, time: when.start, attributes: { [EVENT_ATTR.dependsOn]: [...task.dependsOn], [EVENT_ATTR.dependencyCount]: task.dependsOn.length } });
  }
  if (v.state !== 'unchecked') {
    events.push({
      name: SPAN_EVENT.deliverablesVerified,
      time: when.end,
      attributes: { [EVENT_ATTR.state]: v.state, [EVENT_ATTR.verified]: v.state === 'verified', ...(v.reason ? { [EVENT_ATTR.reason]: v.reason } : {}) },
    });
  }
  const code = STATUS_OF[v.state];
  return {
    id: task.id,
    parentId: storyId,
    name: task.title,
    start: when.start,
    end: when.end,
    attributes,
    events,
    links: task.dependsOn.filter((d) => emitted.has(d)).map((id) => ({ id, attributes: { [SPAN_ATTR.linkType]: LINK_TYPE_DEPENDS_ON } })),
    status: code === 'ERROR' ? { code, message: v.reason ?? v.state } : { code },
  };
}

/**
 * Every span of the plan's trace in the order to start them: the epic, its stories, then the
 * tasks with dependencies before their dependents. A link only ever points at a task span
 * emitted before it: a dependency on an unknown task, or one closing a cycle, is not linked
 * (plan/file.ts rejects cycles; this keeps the trace well-formed for any plan).
 * A task without a verification is `unchecked` (--dry-run).
 */
export function planSpans(plan: Plan, verifications: readonly Verification[], timing: TraceTiming): SpanSpec[] {
  const byTask = new Map(verifications.map((v) => [v.taskId, v]));
  const verificationOf = (t: PlanTask): Verification => byTask.get(t.id) ?? { taskId: t.id, state: t.status === 'skipped' ? 'skipped' : 'unchecked', ...(t.reason && t.status === 'skipped' ? { reason: t.reason } : {}) };
  const common: Attributes = { [SPAN_ATTR.projectId]: plan.context.projectId, [SPAN_ATTR.contextName]: plan.context.name, [SPAN_ATTR.contextNamespace]: plan.context.namespace };
  const whenOf = (t: PlanTask) => timing.tasks.get(t.id) ?? { start: timing.start, end: timing.end };
  const storyOf = new Map(plan.stories.flatMap((s) => s.tasks.map((t) => [t.id, s.id] as const)));

  const all = plan.stories.flatMap((s) => s.tasks);
  const start = Math.min(timing.start, ...all.map((t) => whenOf(t).start));
  const end = Math.max(timing.end, ...all.map((t) => whenOf(t).end));
  const coverage = verifiedCoverage(plan, all.map(verificationOf));
  const epic = rollUp(tally(all.map((t) => verificationOf(t).state)));
  const epicAttributes: Attributes = {
    ...common,
    [SPAN_ATTR.taskId]: plan.epic.id,
    [SPAN_ATTR.taskType]: 'epic',
    [SPAN_ATTR.taskTitle]: plan.epic.title,
    [SPAN_ATTR.taskStatus]: epic.taskStatus,
    [SPAN_ATTR.coverageRequired]: coverage.required,
    [SPAN_ATTR.coverageExisting]: coverage.verified,
    [SPAN_ATTR.coverageGaps]: coverage.required - coverage.verified,
    [SPAN_ATTR.coveragePercent]: clean(coverage.ratio * 100),
    [SPAN_ATTR.sourceChecksum]: plan.context.checksum,
    [HOOK_SPAN_ATTR.businessCriticality]: plan.context.criticality,
  };
  if (plan.context.epic) epicAttributes[SPAN_ATTR.projectEpic] = plan.context.epic;
  if (plan.context.owner) epicAttributes[HOOK_SPAN_ATTR.businessOwner] = plan.context.owner;
  if (plan.epic.priority) epicAttributes[SPAN_ATTR.artifactPriority] = plan.epic.priority;
  const spans: SpanSpec[] = [{ id: plan.epic.id, name: plan.epic.title, start, end, attributes: epicAttributes, events: [], links: [], status: epic.status }];

  for (const story of plan.stories) {
    const states = story.tasks.map((t) => verificationOf(t).state);
    const rolled = rollUp(tally(states));
    spans.push({
      id: story.id,
      parentId: plan.epic.id,
      name: story.title,
      // A story without tasks (plan/file.ts rejects one) spans the run rather than Infinity.
      start: story.tasks.length ? Math.min(...story.tasks.map((t) => whenOf(t).start)) : start,
      end: story.tasks.length ? Math.max(...story.tasks.map((t) => whenOf(t).end)) : end,
      attributes: {
        ...common,
        [SPAN_ATTR.taskId]: story.id,
        [SPAN_ATTR.taskType]: 'story',
        [SPAN_ATTR.taskTitle]: story.title,
        [SPAN_ATTR.taskStatus]: rolled.taskStatus,
        [SPAN_ATTR.taskParentId]: plan.epic.id,
        [SPAN_ATTR.artifactType]: story.type,
        [SPAN_ATTR.storyGapCount]: states.filter((s) => s !== 'verified' && s !== 'skipped').length,
        [HOOK_SPAN_ATTR.storyTaskCount]: story.tasks.length,
      },
      events: [],
      links: [],
      status: rolled.status,
    });
  }
  const emitted = new Set<string>();
  for (const task of tasksInDependencyOrder(plan)) {
    spans.push(taskSpan(storyOf.get(task.id)!, task, verificationOf(task), whenOf(task), emitted, common));
    emitted.add(task.id);
  }
  return spans;
}
