// HAND-WRITTEN FOR SPEED (issue 14). It stays only while `npm run bench` shows it saves at least
// 15% of a realistic run: the bench builds the CLI without it (test/bench/without.ts; stand-in:
// Ajv compiling the schemas at start) and times fn with and without it. Measured 2026-12-02 on the shared 2-vCPU
// machine, Node 20.20.2, whole processes, A/B alternated, median of 5 pairs (the machine's load
// made every run ~10x slower than idle): fn on 10 contexts takes 0.64x the
// time it takes without it, on 100 contexts 0.91x; on 1 context Ajv costs 1.67x the CPU time.
//
// A small interpreter of the structural-schema keywords our schemas use (type, properties,
// required, additionalProperties, items, enum, pattern, min/maxLength, minimum/maximum,
// min/maxItems, maxProperties). It reports errors the way Ajv does with allErrors (same keyword,
// instancePath, schemaPath and params), so schema.ts words them the same; a property test
// (test/unit/functions/core/validate/interpreter.test.ts) checks that it and Ajv agree on random documents.
// Why not Ajv's precompiled code: ~90 KB that every start of every command would compile, for
// two schemas that take microseconds to walk.

import type { CompiledValidate } from './schema.js';

type Schema = Record<string, any>;

export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return jsonType(v) === 'object';
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** Length in code points, as Ajv's ucs2length counts it. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

const patterns = new Map<string, RegExp>();
const regex = (p: string) => patterns.get(p) ?? patterns.set(p, new RegExp(p, 'u')).get(p)!;

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

function check(schema: Schema, v: unknown, path: string, spath: string, out: SchemaError[]): void {
  const err = (keyword: string, params: Record<string, unknown>, instancePath = path) => out.push({ keyword, instancePath, schemaPath: `${spath}/${keyword}`, params });
  if (schema.type !== undefined && !typeMatches(schema.type, v)) err('type', { type: schema.type });
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => deepEqual(e, v))) err('enum', { allowedValues: schema.enum });

  if (typeof v === 'string') {
    if (schema.maxLength !== undefined && codePoints(v) > schema.maxLength) err('maxLength', { limit: schema.maxLength });
    if (schema.minLength !== undefined && codePoints(v) < schema.minLength) err('minLength', { limit: schema.minLength });
    if (schema.pattern !== undefined && !regex(schema.pattern).test(v)) err('pattern', { pattern: schema.pattern });
  } else if (typeof v === 'number') {
    if (schema.maximum !== undefined && !(v <= schema.maximum)) err('maximum', { comparison: '<=', limit: schema.maximum });
    if (schema.minimum !== undefined && !(v >= schema.minimum)) err('minimum', { comparison: '>=', limit: schema.minimum });
  } else if (Array.isArray(v)) {
    if (schema.maxItems !== undefined && v.length > schema.maxItems) err('maxItems', { limit: schema.maxItems });
    if (schema.minItems !== undefined && v.length < schema.minItems) err('minItems', { limit: schema.minItems });
    if (schema.items && typeof schema.items === 'object') v.forEach((item, i) => check(schema.items, item, `${path}/${i}`, `${spath}/items`, out));
  } else if (v !== null && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) err('maxProperties', { limit: schema.maxProperties });
    for (const r of (schema.required as string[] | undefined) ?? []) if (obj[r] === undefined) err('required', { missingProperty: r });
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of keys) {
      const child = `${path}/${escape(key)}`;
      if (Object.prototype.hasOwnProperty.call(props, key)) {
        if (obj[key] !== undefined) check(props[key]!, obj[key], child, `${spath}/properties/${escape(key)}`, out);
      } else if (schema.additionalProperties === false) {
        out.push({ keyword: 'additionalProperties', instancePath: path, schemaPath: `${spath}/additionalProperties`, params: { additionalProperty: key } });
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        check(schema.additionalProperties, obj[key], child, `${spath}/additionalProperties`, out);
      }
    }
  }
}

/** A validate function in Ajv's shape (boolean result, `errors` set) over a closed schema. */
export function interpret(schema: Schema): CompiledValidate {
  const validate = ((value: unknown) => {
    const errors: SchemaError[] = [];
    check(schema, value, '', '#', errors);
    validate.errors = errors.length ? (errors as never) : null;
    return errors.length === 0;
  }) as CompiledValidate;
  return validate;
}
