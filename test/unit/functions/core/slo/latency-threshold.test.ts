import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latencyThreshold, thresholdReason } from '../../../../../functions/core/slo/latency-threshold.js';
import type { SliPresetName } from '../../../../../functions/core/tables/sli-presets.js';

describe('latency threshold: the bucket bound that measures a latency target', () => {
  const cases: Array<[string, number, SliPresetName, number | undefined, ReturnType<typeof latencyThreshold>]> = [
    ['a target on an OpenTelemetry boundary is measured there', 0.25, 'otel', undefined, { seconds: 0.25, text: '250ms', source: 'boundary' }],
    ['a target between OpenTelemetry boundaries is measured at the next larger one', 0.35, 'otel', undefined, { seconds: 0.5, text: '500ms', source: 'next-boundary' }],
    ['75ms is an OpenTelemetry boundary', 0.075, 'otel', undefined, { seconds: 0.075, text: '75ms', source: 'boundary' }],
    ['75ms is not a Prometheus client boundary: 100ms measures it', 0.075, 'prometheus', undefined, { seconds: 0.1, text: '100ms', source: 'next-boundary' }],
    ['200ms on the prometheus preset is measured at 250ms', 0.2, 'prometheus', undefined, { seconds: 0.25, text: '250ms', source: 'next-boundary' }],
    ['a target below the smallest boundary is measured at the smallest', 0.001, 'otel', undefined, { seconds: 0.005, text: '5ms', source: 'next-boundary' }],
    ['the largest boundary measures itself', 10, 'prometheus', undefined, { seconds: 10, text: '10s', source: 'boundary' }],
    ['a target above every boundary cannot be measured', 30, 'otel', undefined, { source: 'beyond-buckets', largest: 10 }],
    ['a declared boundary wins over the preset', 0.35, 'otel', 0.35, { seconds: 0.35, text: '350ms', source: 'declared' }],
    ['a declared boundary also measures a target above every known boundary', 30, 'prometheus', 30, { seconds: 30, text: '30s', source: 'declared' }],
    ['a custom histogram is taken to have the target as a boundary', 0.3, 'custom', undefined, { seconds: 0.3, text: '300ms', source: 'assumed' }],
  ];
  for (const [name, target, preset, declared, expected] of cases) it(name, () => assert.deepEqual(latencyThreshold(target, preset, declared), expected));

  const reasons: Array<[string, number, SliPresetName, number | undefined, string, RegExp]> = [
    ['the reason for another bound names the target, the bound and where the buckets come from', 0.35, 'otel', undefined, '350ms', /^350ms is not a bucket boundary of the otel preset \(OpenTelemetry's advice for http\.server\.request\.duration\): slow requests are those above the next boundary, 500ms; requests between 350ms and 500ms count as fast$/],
    ['the reason for no bound says what to declare', 30, 'prometheus', undefined, '30s', /above the largest bucket boundary of the prometheus preset \(10s, the Prometheus clients' default buckets\): no latency SLO; declare .*observability\.sli\.latencyBucket/],
    ['the reason for a custom histogram says the bound is assumed', 0.3, 'custom', undefined, '300ms', /boundaries are not known: slow requests are those above 300ms/],
    ['the reason for a declared bound names the field', 0.3, 'otel', 0.4, '300ms', /^observability\.sli\.latencyBucket=400ms \(explicit\)/],
  ];
  for (const [name, target, preset, declared, text, reason] of reasons) it(name, () => assert.match(thresholdReason(text, preset, latencyThreshold(target, preset, declared)), reason));
});
