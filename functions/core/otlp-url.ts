// Where the hook sends its spans, resolved as the OpenTelemetry exporter specification says
// (opentelemetry-specification, protocol/exporter.md): a base endpoint (--endpoint, or
// OTEL_EXPORTER_OTLP_ENDPOINT) gets `v1/traces` appended; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
// the full URL and used as is.

import { ENV_OTLP_ENDPOINT, ENV_OTLP_TRACES_ENDPOINT, OTLP_TRACES_PATH } from './conventions.js';

export type TracesUrl = { url: string } | { problem: string };

const appendPath = (base: string) => (base.replace(/\/+$/, '').endsWith(`/${OTLP_TRACES_PATH}`) ? base : `${base.replace(/\/+$/, '')}/${OTLP_TRACES_PATH}`);

function checked(url: string, from: string): TracesUrl {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: `${from} must be an http(s) URL (got ${JSON.stringify(url)})` };
  } catch {
    return { problem: `${from} is not a URL (got ${JSON.stringify(url)})` };
  }
  return { url };
}

function baseEndpoint(value: string, from: string): TracesUrl {
  const c = checked(value, from);
  return 'url' in c ? { url: appendPath(value) } : c;
}

export function tracesUrl(endpoint: string | undefined, env: Readonly<Record<string, string | undefined>>): TracesUrl {
  if (endpoint !== undefined) return baseEndpoint(endpoint, '--endpoint');
  const full = env[ENV_OTLP_TRACES_ENDPOINT];
  if (full) return checked(full, ENV_OTLP_TRACES_ENDPOINT);
  const base = env[ENV_OTLP_ENDPOINT];
  if (base) return baseEndpoint(base, ENV_OTLP_ENDPOINT);
  return { problem: `no OTLP endpoint: give --endpoint or set ${ENV_OTLP_ENDPOINT}` };
}
