// Step 1 of an SLO's rules: its SLI, the share of bad requests, recorded over every window an
// alert or a metadata record reads.

import { RECORD } from '../conventions/index.js';
import type { RecordingRule, SloDefinition } from './model.js';

export const sliRecords = (slo: SloDefinition, windows: readonly string[], labels: Record<string, string>): RecordingRule[] =>
  windows.map((w) => ({ record: RECORD.errorRatio(w), expr: slo.ratio(w), labels }));
