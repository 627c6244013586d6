// The hook's spans with the OpenTelemetry SDK: span specs (functions/core/hook/plan-trace.ts) become SDK spans with
// explicit parents (no global context or provider), an AlwaysOn sampler (the pod's
// OTEL_TRACES_SAMPLER must not drop the plan) and the timestamps the specs carry. Exported over
// OTLP/HTTP (JSON) with a batch processor sized to send the whole trace in one request, or
// serialized as OTLP JSON for --dry-run.

import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GENERATOR_VERSION, HOOK_SERVICE_NAME, OTEL_SERVICE_NAME } from '../../functions/core/index.js';
import type { Attributes, SpanSpec } from '../../functions/core/in-cluster.js';

const STATUS = { UNSET: SpanStatusCode.UNSET, OK: SpanStatusCode.OK, ERROR: SpanStatusCode.ERROR } as const;

/** Creates and ends the spans; returns the trace id and the span id of the first (the epic). */
function record(specs: readonly SpanSpec[], resource: Attributes, processor: SpanProcessor): { provider: BasicTracerProvider; traceId: string; spanId: string } {
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
  const tracer = provider.getTracer(String(resource[OTEL_SERVICE_NAME] ?? HOOK_SERVICE_NAME), GENERATOR_VERSION);
  const started = new Map<string, Span>();
  for (const spec of specs) {
    if (started.has(spec.id)) throw new Error(`two spans have the id ${spec.id}`); // the core's plan/file.ts rejects such plans
    const parent = spec.parentId === undefined ? undefined : started.get(spec.parentId);
    if (spec.parentId !== undefined && !parent) throw new Error(`span ${spec.id} comes before its parent ${spec.parentId}`);
    const links = spec.links.map((l) => {
      const target = started.get(l.id);
      if (!target) throw new Error(`span ${spec.id} links to ${l.id}, which was not started before it`);
      return { context: target.spanContext(), attributes: l.attributes };
    });
    for (const l of spec.remoteLinks ?? []) links.push({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }, attributes: l.attributes });
    const span = tracer.startSpan(
      spec.name,
      { kind: SpanKind.INTERNAL, startTime: spec.start, attributes: spec.attributes, links, root: parent === undefined },
      parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    for (const e of spec.events) span.addEvent(e.name, e.attributes, e.time);
    span.setStatus(spec.status.message === undefined ? { code: STATUS[spec.status.code] } : { code: STATUS[spec.status.code], message: spec.status.message });
    started.set(spec.id, span);
  }
  for (const spec of [...specs].reverse()) started.get(spec.id)!.end(spec.end);
  const first = specs[0] && started.get(specs[0].id)!.spanContext();
  return { provider, traceId: first?.traceId ?? '', spanId: first?.spanId ?? '' };
}

/** The trace as an OTLP/JSON ExportTraceServiceRequest (what the exporter would send). */
export async function otlpJson(specs: readonly SpanSpec[], resource: Attributes): Promise<{ json: string; traceId: string }> {
  const memory = new InMemorySpanExporter();
  const { provider, traceId } = record(specs, resource, new SimpleSpanProcessor(memory));
  await provider.forceFlush();
  const bytes = JsonTraceSerializer.serializeRequest(memory.getFinishedSpans());
  await provider.shutdown();
  return { json: JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 2), traceId };
}

export interface Export {
  traceId: string;
  /** The first span's (the epic's) id. */
  spanId: string;
  /** Resolves with an error message, or undefined once the collector accepted the trace. */
  done: Promise<string | undefined>;
}

/**
 * Records the spans and sends them to `url`, giving up after `timeoutMs`. The batch holds the
 * whole plan: the queue and batch size exceed the span count so that nothing is sent before
 * forceFlush (whose outcome we then see), and the timed flush never fires first.
 */
export function exportSpans(specs: readonly SpanSpec[], resource: Attributes, url: string, timeoutMs: number): Export {
  const exporter = new OTLPTraceExporter({ url, timeoutMillis: Math.max(1, Math.floor(timeoutMs)) });
  const size = specs.length + 1;
  const processor = new BatchSpanProcessor(exporter, { maxQueueSize: size, maxExportBatchSize: size, scheduledDelayMillis: 2 ** 31 - 1, exportTimeoutMillis: Math.max(1, Math.floor(timeoutMs)) });
  const { provider, traceId, spanId } = record(specs, resource, processor);
  const flushed = processor.forceFlush().then(
    () => undefined,
    (e: unknown) => errorText(e),
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${Math.round(timeoutMs)}ms`), timeoutMs);
  });
  const done = Promise.race([flushed, timedOut]).finally(() => {
    clearTimeout(timer);
    void provider.shutdown().catch(() => undefined);
  });
  return { traceId, spanId, done };
}

function errorText(e: unknown): string {
  if (e === undefined || e === null) return 'export failed';
  const err = e as { message?: string; code?: number; data?: string };
  const code = typeof err.code === 'number' ? `HTTP ${err.code}` : '';
  const message = err.message && err.message !== 'undefined' ? err.message : '';
  return [code, message].filter(Boolean).join(': ') || String(e);
}
