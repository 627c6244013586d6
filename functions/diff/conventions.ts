// Pull-request diffs (`contextcore diff`): the report's identity, and what is bookkeeping (changes
// with the source or the generator, not with what a reviewer needs to read).

import { ANNOTATION_GENERATOR, ANNOTATION_MANAGED_OTEL, ANNOTATION_PLAN_CHECKSUM, ANNOTATION_SOURCE_CHECKSUM } from '../core/index.js';

export const DIFF_REPORT_KIND = 'ManifestDiff';
/** Version of the JSON report (functions/diff/diff-report.schema.json); bumped only on breaking changes. */
export const DIFF_REPORT_VERSION = 1;
/** Annotations that record where a resource came from and what we added, not what it does. */
export const DIFF_BOOKKEEPING_ANNOTATIONS: readonly string[] = [ANNOTATION_SOURCE_CHECKSUM, ANNOTATION_GENERATOR, ANNOTATION_MANAGED_OTEL, ANNOTATION_PLAN_CHECKSUM];
/** Fields of the plan JSON (under PLAN_DATA_KEY) that are bookkeeping. */
export const DIFF_BOOKKEEPING_PLAN_FIELDS: readonly (readonly string[])[] = [['context', 'checksum'], ['generator']];
