// Which histogram bucket measures a latency target: the bound the latency SLO counts as fast.
// A classic histogram only counts requests up to each of its boundaries, so a target between two
// boundaries is measured at the next larger one (requests between the target and that bound
// count as fast), and the user is told.

import { formatLatency } from '../base/numbers.js';
import { BUCKET_SOURCE, KNOWN_BUCKET_BOUNDARIES } from '../tables/latency-slo.js';
import type { SliPresetName } from '../tables/sli-presets.js';

export type ThresholdSource =
  /** The target is a boundary of the preset's known buckets. */
  | 'boundary'
  /** The target lies between boundaries: the next larger one is used. */
  | 'next-boundary'
  /** The ProjectContext declares the service's own boundary (observability.sli.latencyBucket). */
  | 'declared'
  /** A custom histogram: its boundaries are unknown, the target is taken as one. */
  | 'assumed';

export interface LatencyThreshold {
  /** Bucket bound in seconds: requests above it are slow. */
  seconds: number;
  /** The bound as a latency ("500ms"). */
  text: string;
  source: ThresholdSource;
}

/** No known boundary is at or above the target: the latency SLO cannot be measured. */
export interface NoThreshold {
  source: 'beyond-buckets';
  /** Largest known boundary, in seconds. */
  largest: number;
}

const bucketSource = (preset: SliPresetName) => BUCKET_SOURCE[preset as keyof typeof BUCKET_SOURCE];
const threshold = (seconds: number, source: ThresholdSource): LatencyThreshold => ({ seconds, text: formatLatency(seconds), source });

/**
 * The bucket bound that measures a target of `target` seconds on a preset, or on the declared
 * boundary (seconds) when the ProjectContext gives one.
 */
export function latencyThreshold(target: number, preset: SliPresetName, declared?: number): LatencyThreshold | NoThreshold {
  if (declared !== undefined) return threshold(declared, 'declared');
  if (preset === 'custom') return threshold(target, 'assumed');
  const bounds = KNOWN_BUCKET_BOUNDARIES[preset];
  const next = bounds.find((b) => b >= target);
  if (next === undefined) return { source: 'beyond-buckets', largest: bounds[bounds.length - 1]! };
  return threshold(next, next === target ? 'boundary' : 'next-boundary');
}

/** Why this bound, in words (the plan's derivation and the render warning). */
export function thresholdReason(targetText: string, preset: SliPresetName, t: LatencyThreshold | NoThreshold): string {
  switch (t.source) {
    case 'boundary':
      return `${targetText} is a bucket boundary of the ${preset} preset (${bucketSource(preset)}): slow requests are those above ${t.text}`;
    case 'next-boundary':
      return `${targetText} is not a bucket boundary of the ${preset} preset (${bucketSource(preset)}): slow requests are those above the next boundary, ${t.text}; requests between ${targetText} and ${t.text} count as fast`;
    case 'declared':
      return `observability.sli.latencyBucket=${t.text} (explicit): slow requests are those above the service's own bucket boundary, ${t.text}`;
    case 'assumed':
      return `a custom histogram's boundaries are not known: slow requests are those above ${t.text}, taken as one of its boundaries (declare observability.sli.latencyBucket if it is not)`;
    case 'beyond-buckets':
      return `${targetText} is above the largest bucket boundary of the ${preset} preset (${formatLatency(t.largest)}, ${bucketSource(preset)}): no latency SLO; declare the service's own boundary in observability.sli.latencyBucket`;
  }
}
