// Where the hook sends its spans, resolved as the OpenTelemetry exporter specification says
// (opentelemetry-specification, protocol/exporter.md, "Endpoint URLs for OTLP/HTTP"):
// OTEL_EXPORTER_OTLP_ENDPOINT is a base URL and always gets `v1/traces` appended (as the JS SDK
// does), OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the full URL and used as is. --endpoint is a base
// URL too, except that one already ending in `/v1/traces` is taken as the full URL: a
// convenience for a flag typed by hand, which the variables do not get.

import { ENV_OTLP_ENDPOINT, ENV_OTLP_TRACES_ENDPOINT, OTLP_TRACES_PATH } from '../conventions/index.js';

export type TracesUrl = { url: string } | { problem: string };

const appendPath = (base: string) => `${base.replace(/\/+$/, '')}/${OTLP_TRACES_PATH}`;
const endsWithPath = (url: string) => url.replace(/\/+$/, '').endsWith(`/${OTLP_TRACES_PATH}`);

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
  if (endpoint !== undefined) return endsWithPath(endpoint) ? checked(endpoint, '--endpoint') : baseEndpoint(endpoint, '--endpoint');
  const full = env[ENV_OTLP_TRACES_ENDPOINT];
  if (full) return checked(full, ENV_OTLP_TRACES_ENDPOINT);
  const base = env[ENV_OTLP_ENDPOINT];
  if (base) return baseEndpoint(base, ENV_OTLP_ENDPOINT);
  return { problem: `no OTLP endpoint: give --endpoint or set ${ENV_OTLP_ENDPOINT}` };
}
