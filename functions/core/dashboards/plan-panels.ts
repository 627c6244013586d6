// Tables of plan spans shared by the context dashboard (one context) and the plan dashboard (the
// contexts its variables select): the hook's plan runs, and the artifacts it did not find.

import { PLAN_SPAN_VALUES, SPAN_ATTR } from '../conventions/index.js';
import { table, TEMPO, tempoQuery, type Draft } from './panels.js';
import type { TablePanel } from './schema.js';
import { hookSpans, select, type Condition } from './traceql.js';

type SpanAttr = Condition['attr'];

const NOT_FOUND = `${PLAN_SPAN_VALUES.verification.missing}|${PLAN_SPAN_VALUES.verification.unselected}|${PLAN_SPAN_VALUES.verification.unverifiable}`;
const ARTIFACT_COLUMNS: readonly SpanAttr[] = [SPAN_ATTR.artifactVerification, SPAN_ATTR.artifactType, SPAN_ATTR.artifactKind, SPAN_ATTR.artifactNamespace, SPAN_ATTR.artifactName];

/** One trace per hook run (its epic span), newest first, with the given epic attributes. */
export function planTracesTable(title: string, description: string, contexts: readonly Condition[], columns: readonly SpanAttr[], limit = 20): Draft<TablePanel> {
  return table({
    title,
    description,
    datasource: TEMPO,
    targets: [tempoQuery(select(hookSpans(PLAN_SPAN_VALUES.taskType.epic, contexts), columns), 0, { table: 'traces', limit })],
  });
}

/** Task spans of planned artifacts the hook found missing, selected by no Prometheus, or could not check, one row each. */
export function missingArtifactsTable(contexts: readonly Condition[], leadingColumns: readonly SpanAttr[] = [], limit = 20): Draft<TablePanel> {
  const spans = hookSpans(PLAN_SPAN_VALUES.taskType.task, [...contexts, { attr: SPAN_ATTR.artifactVerification, op: '=~', value: NOT_FOUND }]);
  return table({
    title: 'Missing or unverifiable artifacts',
    description: 'Task spans of planned artifacts the hook did not find in the cluster (missing), found but selected by no Prometheus (unselected), or could not check (unverifiable).',
    datasource: TEMPO,
    targets: [tempoQuery(select(spans, [...leadingColumns, ...ARTIFACT_COLUMNS, SPAN_ATTR.taskTitle]), 0, { table: 'spans', limit })],
  });
}
