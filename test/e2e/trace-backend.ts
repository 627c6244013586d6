// Where the end-to-end hook runs send their trace when the collector is meant to accept it:
// Jaeger (support/jaeger.ts), one process for the whole file, started by the first run that
// needs it and stopped when the file ends; the spans the tests check are then the ones Jaeger
// stored and answers for. Where Jaeger is not built (a clone without Go), one loud line, and the
// runs go to the OTLP sink instead: the same checks then hold the exporter's output, which is
// still the product, but no backend has stored it. Faults (refused, hanging, 503) always use the sink.

import { after } from 'node:test';
import { jaegerTool, startJaeger, type Jaeger } from '../support/jaeger.js';

let started: Promise<Jaeger> | undefined;
let announced = false;

/** Jaeger, started once; undefined where it is not built. */
export function traceBackend(): Promise<Jaeger> | undefined {
  if (started) return started;
  const tool = jaegerTool();
  if (!tool.path) {
    if (!announced) console.error('note: the end-to-end hook runs export to an OTLP sink instead of Jaeger: their spans are checked as sent, not as stored');
    announced = true;
    return undefined;
  }
  started = startJaeger();
  return started;
}

after(async () => {
  await (await started?.catch(() => undefined))?.stop();
});
