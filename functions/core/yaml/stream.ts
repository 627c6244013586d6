// The documents of a YAML stream as Kubernetes objects, whichever reader parsed them (the fast
// reader in io.ts, the yaml library in parse.ts): the limits both readers enforce, what makes a
// document unfit, `kind: List` flattened, every problem a result naming the file.

import { error, type Result } from '../base/results.js';
import { isMapping } from '../base/mapping.js';
import type { KubeObject, Origin } from '../types/kube.js';

/** Alias expansion budget per document; Kubernetes manifests need few or none. */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting accepted; real manifests stay far below. */
export const MAX_DEPTH = 200;

export interface ParsedStream {
  objects: KubeObject[];
  origins: Origin[];
  results: Result[];
}

/**
 * What makes a parsed document unfit for Kubernetes: nesting beyond `limit`, a number JSON
 * cannot hold (`.inf`, `.nan`), or a string or key holding a lone surrogate, with its field path.
 * Iterative, so a hostile document cannot overflow the stack here; paths are only built once a
 * bad value is known to be there.
 */
function documentProblem(value: unknown, limit: number): { field?: string; message: string } | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let bad = false;
  while (stack.length && !bad) {
    const [v, d] = stack.pop()!;
    if (d > limit) return { message: `document nesting is deeper than ${limit} levels` };
    if (!v || typeof v !== 'object') continue;
    if (!Array.isArray(v)) for (const k in v) if (!k.isWellFormed()) bad = true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child && typeof child === 'object') stack.push([child, d + 1]);
      else if (scalarProblem(child)) bad = true;
    }
  }
  if (!bad) return undefined;
  const paths: Array<[unknown, string]> = [[value, '']];
  while (paths.length) {
    const [v, path] = paths.pop()!;
    const problem = scalarProblem(v);
    if (problem) return { field: path, message: problem };
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) v.forEach((c, i) => paths.push([c, `${path}[${i}]`]));
      else {
        for (const k of Object.keys(v)) if (!k.isWellFormed()) return { field: path, message: `the key ${loneSurrogateProblem(k)}` };
        for (const [k, c] of Object.entries(v)) paths.push([c, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`]);
      }
    }
  }
  return undefined;
}

function scalarProblem(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${v} is not a number JSON can hold, and Kubernetes objects are JSON (quote it if it is text)`;
  if (typeof v === 'string' && !v.isWellFormed()) return loneSurrogateProblem(v);
  return undefined;
}

/**
 * Only an escape (`"\ud800"` in YAML or JSON) makes half a UTF-16 surrogate pair: it is no
 * character and has no UTF-8 form, go-yaml refuses the escape and Go's JSON reads it as U+FFFD,
 * so no output a Kubernetes tool reads could carry it. Refused rather than changed.
 */
function loneSurrogateProblem(s: string): string {
  const at = s.search(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  const code = s.charCodeAt(at).toString(16).toUpperCase();
  const shown = JSON.stringify(s.length > 60 ? `${s.slice(Math.max(0, at - 20), at + 20)}` : s);
  return `${shown} holds U+${code}, half of a UTF-16 surrogate pair without the other half (the escape "\\u${code.toLowerCase()}"): it is no character and has no UTF-8 form, Go's YAML readers (kubectl, kustomize, Argo CD) refuse it and Go's JSON makes it U+FFFD; write the character meant`;
}

/** Stands for a document the yaml library could not read (its errors are in the results). */
export const FAILED = Symbol('failed');

/**
 * The stream from the documents' values (FAILED for one that did not read): empty documents
 * skipped, `kind: List` flattened into its items, every problem an error result naming the file
 * and, where known, the line.
 */
export function streamOf(values: readonly unknown[], path: string, results: Result[]): ParsedStream {
  const out: ParsedStream = { objects: [], origins: [], results };
  values.forEach((value, index) => {
    const origin: Origin = { path, index };
    if (value === FAILED) return;
    if (value === null || value === undefined) return;
    if (!isMapping(value)) {
      out.results.push(error(`document is a ${Array.isArray(value) ? 'list' : typeof value}, not a Kubernetes object`, { origin }));
      return;
    }
    const problem = documentProblem(value, MAX_DEPTH);
    if (problem) {
      out.results.push(error(problem.message, { origin, ...(problem.field ? { field: problem.field } : {}) }));
      return;
    }
    const items: unknown[] = isList(value) ? (value.items as unknown[]) : [value];
    for (const item of items) {
      if (!isMapping(item)) {
        out.results.push(error('list item is not a Kubernetes object', { origin }));
        continue;
      }
      out.objects.push(item as KubeObject);
      out.origins.push(origin);
    }
  });
  return out;
}

function isList(v: Record<string, unknown>): boolean {
  return v.apiVersion === 'v1' && typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items);
}
