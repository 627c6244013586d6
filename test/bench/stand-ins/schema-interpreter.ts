// Stands in for functions/core/validate/interpreter.ts in the bench's build without it: Ajv
// compiling each schema when the run starts, as the library is ordinarily used.
import type { CompiledValidate } from '../../../functions/core/validate/schema.js';
import { createAjv } from '../../../functions/core/validate/ajv.js';

export function interpret(schema: Record<string, unknown>): CompiledValidate {
  return createAjv().compile(schema);
}
