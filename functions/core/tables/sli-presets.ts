// SLI presets: which metric family measures requests, errors and latency (DESIGN §5.3).
//
// otel: OpenTelemetry HTTP semantic conventions (http.server.request.duration, a histogram in
//   seconds) as the Prometheus exporter/remote-write translation names it:
//   http_server_request_duration_seconds_{count,bucket} with label http_response_status_code.
// prometheus: the prometheus client libraries' conventional http_requests_total{code} counter
//   and http_request_duration_seconds histogram.
// custom: the ProjectContext gives errorQuery/totalQuery (and optionally latencyHistogram).

export type SliPresetName = 'otel' | 'prometheus' | 'custom';

export interface MetricPreset {
  /** Counter (or histogram _count) of all requests. */
  requests: string;
  /** Label holding the HTTP status code. */
  statusLabel: string;
  /** Histogram (base name, seconds) for latency. */
  latencyHistogram: string;
}

export const SLI_PRESETS: Readonly<Record<Exclude<SliPresetName, 'custom'>, MetricPreset>> = {
  otel: {
    requests: 'http_server_request_duration_seconds_count',
    statusLabel: 'http_response_status_code',
    latencyHistogram: 'http_server_request_duration_seconds',
  },
  prometheus: {
    requests: 'http_requests_total',
    statusLabel: 'code',
    latencyHistogram: 'http_request_duration_seconds',
  },
};

/** Status codes that count as errors for availability. */
export const ERROR_STATUS_REGEX = '5..';

export const DEFAULT_SLI_PRESET: SliPresetName = 'otel';

/** Placeholders in custom queries. */
export const PLACEHOLDER_WINDOW = '{{window}}';
export const PLACEHOLDER_SELECTOR = '{{selector}}';
