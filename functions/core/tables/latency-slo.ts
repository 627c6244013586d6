// Latency SLO (DESIGN §5.4): `requirements.latencyP99: T` means 99% of requests over the SLO
// period complete within T. The SLI counts requests slower than T from the histogram's bucket
// whose upper bound (`le`) is T; a classic histogram only knows its own boundaries, so the bucket
// used is the first boundary at or above T.
//
// Bucket boundaries the presets' histograms have unless the service changed them, in seconds:
// - otel: OpenTelemetry semantic conventions, docs/http/http-metrics.md, metric
//   `http.server.request.duration`: "This metric SHOULD be specified with ExplicitBucketBoundaries
//   of [ 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10 ]".
// - prometheus: prometheus/client_golang, prometheus/histogram.go, `DefBuckets = []float64{.005,
//   .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}` ("tailored to broadly measure the response time
//   (in seconds) of a network service"); the Java, Python and Ruby clients use the same defaults.
// - custom: the user's histogram; its boundaries are unknown, T is taken as one (or
//   observability.sli.latencyBucket when given).

import type { SliPresetName } from './sli-presets.js';

/** Share of requests that must complete within the target: the "99" of latencyP99. */
export const LATENCY_OBJECTIVE_RATIO = 0.99;

export const KNOWN_BUCKET_BOUNDARIES: Readonly<Record<Exclude<SliPresetName, 'custom'>, readonly number[]>> = {
  otel: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  prometheus: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

/** Where the bucket boundaries of each preset come from, for messages and the plan. */
export const BUCKET_SOURCE: Readonly<Record<Exclude<SliPresetName, 'custom'>, string>> = {
  otel: "OpenTelemetry's advice for http.server.request.duration",
  prometheus: "the Prometheus clients' default buckets",
};

/** Window of the rate() under the latency quantiles (the P99 record and the dashboards' panels). */
export const LATENCY_RATE_WINDOW = '5m';

/**
 * The bucket-missing ticket: requests are counted but no bucket has the bound the SLI selects, so
 * the latency SLO measures nothing (a histogram with other boundaries, in milliseconds, or
 * renamed). A histogram exports every bucket on every scrape, so a missing bound is never a
 * matter of traffic; 30m rides out a rollout that changes the buckets. Our tuning.
 */
export const BUCKET_MISSING = { window: LATENCY_RATE_WINDOW, for: '30m' } as const;
