// Reading YAML as Go does, for the tests that hold our YAML to it (test/yaml-go-readers.test.ts,
// test/hostile-strings.test.ts): kubectl with no cluster, and input that owes nothing to our writer.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTL, runTool } from '../orchestrators.js';

type Obj = Record<string, any>;

/**
 * kubectl's JSON of every object in a YAML stream: sigs.k8s.io/yaml over go-yaml v2, as client-go
 * and Argo CD read manifests (`annotate --local`: no cluster; its probe annotation taken out again).
 * A ResourceList is read as a list: its items, one after another.
 */
export function readByKubectl(dir: string, text: string): { objects?: Obj[]; stderr: string } {
  const file = join(dir, `kubectl-read-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const r = runTool(KUBECTL!, ['annotate', '--local', '-f', file, '-o', 'json', 'contextcore.io/probe=1']);
  if (r.code !== 0) return { stderr: r.stderr };
  // One pretty-printed object after another: each starts with `{` at the start of a line.
  const objects = r.stdout.split(/\n(?=\{)/).map((o) => JSON.parse(o) as Obj);
  for (const o of objects) {
    delete o.metadata?.annotations?.['contextcore.io/probe'];
    if (o.metadata?.annotations && !Object.keys(o.metadata.annotations).length) delete o.metadata.annotations;
  }
  return { objects, stderr: r.stderr };
}

/** JSON with every character go-yaml refuses raw, or reads as a line break, written as an escape. */
export const jsonForGo = (o: unknown) => `${JSON.stringify(o, null, 1).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

/** Where two values differ, each difference as `path: want → got` (at most `limit`). */
export function differences(want: unknown, got: unknown, limit = 20, path = '', out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (want && got && typeof want === 'object' && typeof got === 'object' && Array.isArray(want) === Array.isArray(got)) {
    for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) differences((want as Obj)[k], (got as Obj)[k], limit, `${path}/${JSON.stringify(k)}`, out);
  } else if (!Object.is(want, got)) {
    out.push(`${path}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
  }
  return out;
}
