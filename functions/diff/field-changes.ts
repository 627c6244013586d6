// Field-level differences of two normalised resources: JSON Patch operations (fast-json-patch,
// RFC 6902) turned into readable paths with old and new values. A list of plain values (tags,
// alert channels) changes as one value; bookkeeping (checksums, generator version, the
// managed-otel record) is set apart so that it can be summarised in one line.

import jsonpatch from 'fast-json-patch';
import { DIFF_BOOKKEEPING_ANNOTATIONS, DIFF_BOOKKEEPING_PLAN_FIELDS } from './conventions.js';
import { compareText, PLAN_DATA_KEY } from '../core/index.js';
import type { FieldChange } from './model.js';
import type { Normalized } from './normalize.js';

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => !!v && typeof v === 'object';

function at(tree: unknown, segments: readonly string[]): unknown {
  let cur = tree;
  for (const s of segments) {
    if (!isContainer(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

const isPlainList = (v: unknown) => Array.isArray(v) && v.every((i) => !isContainer(i));

/** The path cut at the first list of plain values on either side: such a list is one value. */
function atomicPath(base: unknown, head: unknown, segments: readonly string[]): string[] {
  for (let i = 0; i < segments.length; i++) {
    const prefix = segments.slice(0, i);
    if (isPlainList(at(base, prefix)) || isPlainList(at(head, prefix))) return prefix;
  }
  return [...segments];
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `spec.groups[contextcore-slo-availability].rules[ContextCoreErrorBudgetBurn{page}].for` */
export function displayPath(tree: unknown, keyed: WeakSet<object>, segments: readonly string[], labels?: WeakMap<object, Record<string, string>>): string {
  let out = '';
  let cur = tree;
  for (const s of segments) {
    if (Array.isArray(cur) || (isContainer(cur) && keyed.has(cur))) out += `[${(isContainer(cur) && labels?.get(cur)?.[s]) || s}]`;
    else if (SIMPLE_KEY.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
    cur = isContainer(cur) ? (cur as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

const startsWith = (segments: readonly string[], prefix: readonly string[]) => prefix.every((p, i) => segments[i] === p);

/** Checksums, the generator version and the managed-otel record: they change with the source, not the output's meaning. */
export function isBookkeeping(segments: readonly string[]): boolean {
  const i = segments.lastIndexOf('annotations');
  if (i > 0 && segments[i - 1] === 'metadata' && segments.length > i + 1 && DIFF_BOOKKEEPING_ANNOTATIONS.includes(segments[i + 1]!)) return true;
  return segments[0] === 'data' && segments[1] === PLAN_DATA_KEY && DIFF_BOOKKEEPING_PLAN_FIELDS.some((f) => startsWith(segments.slice(2), f));
}

/** A whole annotations map added or removed that holds only bookkeeping (the plan stamp on a ProjectContext). */
function onlyBookkeepingAnnotations(segments: readonly string[], value: unknown): boolean {
  const n = segments.length;
  return n >= 2 && segments[n - 2] === 'metadata' && segments[n - 1] === 'annotations' && isContainer(value) && !Array.isArray(value) && Object.keys(value).every((k) => DIFF_BOOKKEEPING_ANNOTATIONS.includes(k));
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const [x, y] = [Number(a[i]), Number(b[i])];
    if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
    return compareText(a[i]!, b[i]!);
  }
  return a.length - b.length;
}

/** A value as it is written: keyed lists back to lists (parsed JSON and attribute lists stay parsed). */
function written(value: unknown, keyed: WeakSet<object>): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => written(v, keyed));
  const entries = Object.entries(value).map(([k, v]) => [k, written(v, keyed)] as const);
  return keyed.has(value) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

export interface FieldChanges {
  fields: FieldChange[];
  bookkeeping: FieldChange[];
}

export function fieldChanges(base: Normalized, head: Normalized): FieldChanges {
  const paths = new Map<string, string[]>();
  for (const op of jsonpatch.compare(base.tree, head.tree)) {
    const segments = atomicPath(base.tree, head.tree, op.path.split('/').slice(1).map(jsonpatch.unescapePathComponent));
    paths.set(JSON.stringify(segments), segments);
  }
  const out: FieldChanges = { fields: [], bookkeeping: [] };
  for (const segments of [...paths.values()].sort(compareSegments)) {
    const old = written(at(base.tree, segments), base.keyed);
    const now = written(at(head.tree, segments), head.keyed);
    const change: FieldChange =
      old === undefined
        ? { op: 'add', path: displayPath(head.tree, head.keyed, segments, head.labels), new: now }
        : now === undefined
          ? { op: 'remove', path: displayPath(base.tree, base.keyed, segments, base.labels), old }
          : { op: 'replace', path: displayPath(head.tree, head.keyed, segments, head.labels), old, new: now };
    (isBookkeeping(segments) || onlyBookkeepingAnnotations(segments, old ?? now) ? out.bookkeeping : out.fields).push(change);
  }
  return out;
}
