// Strict schema validation with the CRD's own openAPIV3Schema. The API server prunes unknown
// fields silently; we close every object that lists its properties and report them instead.

import type { ErrorObject } from 'ajv';
import { truncate } from '../base/truncate.js';
import { closest } from './near-miss.js';

type Schema = Record<string, unknown>;

/** What RE2 (Go's regexp, which checks patterns in the API server) calls a space: ASCII only. */
const RE2_SPACE = '\\t\\n\\f\\r ';

/**
 * Kubernetes patterns are Go RE2, read here by JavaScript's RegExp (with the u flag). Two
 * differences matter for schemas: JavaScript has no inline `(?i)` flag, so a case-insensitive
 * pattern is spelled out with both cases of every letter; and JavaScript's `\s` also matches
 * Unicode spaces (a no-break space) and `\v`, RE2's only `[\t\n\f\r ]`, so `\s` and `\S`
 * are written out as RE2 means them.
 */
export function re2ToJs(pattern: string): string {
  const m = /^(\^?)\(\?i\)/.exec(pattern);
  const caseless = !!m;
  let out = m ? m[1]! : '';
  let inClass = false;
  const body = m ? pattern.slice(m[0].length) : pattern;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[++i] ?? '';
      if (next === 's') out += inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${RE2_SPACE}]`;
      else out += c + next;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (caseless && /[a-z]/i.test(c)) {
      const pair = c.toLowerCase() + c.toUpperCase();
      out += inClass ? pair : `[${pair}]`;
    } else {
      out += c;
    }
  }
  return out;
}

/** Copy of a structural schema where every object with properties rejects unknown fields. */
export function closeSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'pattern' && typeof value === 'string') {
      out.pattern = re2ToJs(value);
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeSchema(v as Schema)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = closeSchema(value as Schema);
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

export interface SchemaProblem {
  path: string;
  message: string;
}

/** `/spec/targets/0/kind` → `spec.targets[0].kind` */
export function toFieldPath(pointer: string, child?: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let path = '';
  for (const s of segments) {
    if (/^\d+$/.test(s)) path += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) path += path ? `.${s}` : s;
    else path += `[${JSON.stringify(s)}]`;
  }
  return path;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return truncate(text, 80, '...');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function describe(schema: unknown): string {
  const d = schema && typeof schema === 'object' ? (schema as Schema).description : undefined;
  return typeof d === 'string' ? d : '';
}

/** RFC 6901 pointer lookup (`#/a/b` or `/a/b`). */
function at(root: unknown, pointer: string): unknown {
  let cur: any = root;
  for (const raw of pointer.replace(/^#/, '').split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** "an object", "a string", "null". */
const withArticle = (type: string) => (type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** The error with the data and schema it is about, found from its paths (no verbose mode needed). */
function messageFor(e: ErrorObject, schema: Schema, value: unknown): SchemaProblem {
  const path = toFieldPath(e.instancePath);
  const p = e.params as Record<string, any>;
  const parentSchema = at(schema, e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))) as Schema | undefined;
  e = { ...e, data: at(value, e.instancePath), parentSchema };
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as Schema)?.properties ?? {});
      const meant = closest(String(p.additionalProperty), known);
      return {
        path: toFieldPath(e.instancePath, p.additionalProperty),
        message: `unknown field "${p.additionalProperty}"${meant ? `; did you mean "${meant}"?` : ''}${known.length ? ` (known fields: ${known.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return { path: toFieldPath(e.instancePath, p.missingProperty), message: 'required field is missing' };
    case 'type': {
      // "Quote it" only when the quoted text is valid; a period of 30 wants its unit too ("30d").
      const pattern = (e.parentSchema as Schema | undefined)?.pattern;
      const quotedValid = typeof pattern !== 'string' || new RegExp(pattern, 'u').test(String(e.data));
      const hint = p.type === 'string' && typeof e.data === 'number' ? (quotedValid ? `; quote it: "${e.data}"` : `; ${describe(e.parentSchema) || `a string matching ${pattern}`}`) : '';
      return { path, message: `must be ${withArticle(p.type === 'array' ? 'list' : String(p.type))}, not ${withArticle(typeName(e.data))} (${show(e.data)})${hint}` };
    }
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).join(', ')} (got ${show(e.data)})` };
    case 'pattern':
    case 'format': {
      const d = describe(e.parentSchema);
      return { path, message: `${show(e.data)} is not valid${d ? `: ${d}` : ` (must match ${p.pattern})`}` };
    }
    case 'minLength':
      return { path, message: p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long` };
    case 'maxLength':
      return { path, message: `is longer than ${p.limit} characters` };
    case 'minimum':
    case 'maximum': {
      const s = e.parentSchema as Schema;
      return { path, message: `must be between ${s.minimum ?? '-∞'} and ${s.maximum ?? '∞'} (got ${show(e.data)})` };
    }
    case 'minItems':
      return { path, message: `needs at least ${p.limit} item${p.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, message: `has more than ${p.limit} items` };
    case 'maxProperties':
      return { path, message: `has more than ${p.limit} entries` };
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` };
  }
}

export interface SchemaValidator {
  (value: unknown): SchemaProblem[];
}

/** An Ajv validate function (compiled now or ahead of time) with our messages. */
export interface CompiledValidate {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Wraps a validate function compiled from `closeSchema(schema)`. */
export function schemaValidator(validate: CompiledValidate, schema: Schema): SchemaValidator {
  let closed: Schema | undefined;
  return (value: unknown) => {
    if (validate(value)) return [];
    closed ??= closeSchema(schema);
    const seen = new Set<string>();
    const problems: SchemaProblem[] = [];
    for (const e of validate.errors ?? []) {
      const p = messageFor(e, closed, value);
      const key = `${p.path}\u0000${p.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(p);
      }
    }
    return problems;
  };
}
