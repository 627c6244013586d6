// Ajv, compiling a structural schema at run time: for other projects' CRDs in tests, and as the
// reference the schema interpreter (interpreter.ts) is checked against. Not used when rendering.

import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { closeSchema, schemaValidator, type SchemaValidator } from './schema.js';

type Schema = Record<string, unknown>;

/** Vendor keywords of Kubernetes structural schemas; enforced elsewhere or by the API server. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
];

export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    // Formats Kubernetes knows; their values are checked by the API server, not by us.
    formats: { 'date-time': true, int64: true, int32: true, float: true, double: true, byte: true },
    ...extra,
  });
  for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}

/** Compiles a strict validator for a structural schema at run time (tests, other CRDs). */
export function compileSchema(schema: Schema, ajv: Ajv = createAjv()): SchemaValidator {
  const validate: ValidateFunction = ajv.compile(closeSchema(schema));
  return schemaValidator(validate, schema);
}
