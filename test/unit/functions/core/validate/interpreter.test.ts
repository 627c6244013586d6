// The schema interpreter the core validates with must report exactly what Ajv (the reference
// implementation, compiled from the same closed schema) reports: same keywords, paths and params.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PLAN_SCHEMA } from '../../../../../functions/core/plan/file.js';
import { functionConfigSchema, projectContextSchema } from '../../../../../functions/core/types/schemas.gen.js';
import { createAjv } from '../../../../../functions/core/validate/ajv.js';
import { interpret } from '../../../../../functions/core/validate/interpreter.js';
import { closeSchema } from '../../../../../functions/core/validate/schema.js';

type Schema = Record<string, any>;

/** Documents shaped by the schema, with random breakage: wrong types, unknown keys, bad values. */
function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
  let good: fc.Arbitrary<unknown>;
  if (Array.isArray(schema.enum)) good = fc.oneof(fc.constantFrom(...schema.enum), fc.string({ maxLength: 5 }));
  else if (schema.type === 'string') good = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom('99.9', '200ms', 'https://x.example', 'a-b', '0s', '', 'x'.repeat(70), '😀'.repeat(3)));
  else if (schema.type === 'number' || schema.type === 'integer') good = fc.oneof(fc.integer({ min: -3, max: 1200 }), fc.double({ min: -2, max: 2, noNaN: true }));
  else if (schema.type === 'boolean') good = fc.boolean();
  else if (schema.type === 'array') good = fc.array(schema.items && depth < 6 ? arbitraryFor(schema.items, depth + 1) : junk, { maxLength: 3 });
  else if (schema.type === 'object' && depth < 6) {
    const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
    const known = props.length ? fc.dictionary(fc.constantFrom(...props.map(([k]) => k)), junk, { maxKeys: 0 }) : fc.constant({});
    good = fc
      .tuple(
        fc.subarray(props, { minLength: 0 }).chain((chosen) => (chosen.length ? fc.tuple(...chosen.map(([k, s]) => arbitraryFor(s, depth + 1).map((v) => [k, v] as const))) : fc.constant([] as Array<readonly [string, unknown]>))),
        fc.dictionary(fc.constantFrom('extra', 'tier', 'x-y'), junk, { maxKeys: 2, noNullPrototype: true }),
        known,
      )
      .map(([entries, extra]) => ({ ...Object.fromEntries(entries), ...extra }));
  } else good = junk;
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: junk });
}

const key = (e: { keyword: string; instancePath: string; schemaPath: string; params: unknown }) => JSON.stringify([e.keyword, e.instancePath, e.schemaPath, e.params]);

const cases: Array<[string, Schema]> = [
  ['the ProjectContext schema', projectContextSchema as unknown as Schema],
  ['the function config schema', functionConfigSchema as unknown as Schema],
  ['the plan schema', PLAN_SCHEMA as Schema],
];

describe('schema interpreter', () => {
  for (const [name, raw] of cases) {
    it(`reports what Ajv reports for ${name}`, () => {
      const closed = closeSchema(raw);
      const ours = interpret(closed);
      const ajv = createAjv().compile(closed);
      const seen = new Set<string>();
      let invalid = 0;
      fc.assert(
        fc.property(arbitraryFor(closed), (doc) => {
          const a = ajv(doc);
          const b = ours(doc);
          if (!a) invalid++;
          for (const e of ajv.errors ?? []) seen.add(e.keyword);
          assert.equal(b, a);
          assert.deepEqual((ours.errors ?? []).map(key).sort(), (ajv.errors ?? []).map(key).sort());
        }),
        { numRuns: 1500, seed: 5 },
      );
      // The comparison means something only if documents fail in many ways.
      assert.ok(invalid > 300, `${invalid} invalid documents`);
      assert.ok(seen.size >= 4, `error keywords seen: ${[...seen].join(', ')}`);
    });
  }
});
