// Validation of one ProjectContext: its metadata as the API server checks it, the CRD schema
// (strict), the CRD's CEL rules, and checks a schema cannot express (URLs, secrets, custom
// PromQL). Cross-resource checks live in pipeline/targets.ts.

import { PLACEHOLDER_SELECTOR, PLACEHOLDER_WINDOW } from '../tables/sli-presets.js';
import { promqlErrors, requirePromql, type PromqlParser } from '../promql/syntax.js';
import { error, warning, type Result } from '../base/results.js';
import { projectContextSchema } from '../types/schemas.gen.js';
import type { ProjectContext } from '../types/projectcontext.gen.js';
import type { KubeObject, Origin } from '../types/kube.js';
import { checkCelMirrors } from './cel-mirror.js';
import { interpret } from './interpreter.js';
import { objectMetaProblems } from './object-meta.js';
import { closeSchema, schemaValidator, type SchemaValidator } from './schema.js';
import { findSecrets } from './secrets.js';
import { urlProblem } from './urls.js';

let validator: SchemaValidator | undefined;

/** Substitutes sample values for the placeholders so the query can be parsed. */
export function expandPlaceholders(query: string, window: string, selectorText: string): string {
  return query.split(PLACEHOLDER_WINDOW).join(window).split(PLACEHOLDER_SELECTOR).join(selectorText);
}

export function validateProjectContext(obj: KubeObject, origin?: Origin, promql?: PromqlParser): Result[] {
  const schema = projectContextSchema as unknown as Record<string, unknown>;
  validator ??= schemaValidator(interpret(closeSchema(schema)), schema);
  const at = (field: string) => ({ resource: obj, origin, field });
  const results: Result[] = [];

  const schemaProblems = [...objectMetaProblems(obj.metadata), ...validator(obj)];
  for (const p of schemaProblems) results.push(error(p.message, at(p.path)));

  // CEL rules run on values that are well-formed, as in the API server after schema checks.
  const broken = schemaProblems.map((p) => p.path);
  for (const p of checkCelMirrors(obj, broken)) results.push(error(p.message, at(p.path)));

  const spec = (obj as unknown as ProjectContext).spec;
  if (spec && typeof spec === 'object') {
    for (const [field, value, required] of [
      ['spec.design.doc', spec.design?.doc, false],
      ['spec.design.adr', spec.design?.adr, false],
      ['spec.design.apiContract', spec.design?.apiContract, false],
      ['spec.observability.runbook', spec.observability?.runbook, true],
    ] as const) {
      if (typeof value !== 'string' || broken.includes(field)) continue;
      const problem = urlProblem(value, { required });
      if (problem) results.push(error(problem, at(field)));
    }
    const sli = spec.observability?.sli;
    for (const key of ['errorQuery', 'totalQuery'] as const) {
      const q = sli?.[key];
      if (typeof q !== 'string') continue;
      const field = `spec.observability.sli.${key}`;
      if (promqlErrors(requirePromql(promql), expandPlaceholders(q, '5m', 'namespace="ns", job="svc"')).length) {
        results.push(error('is not valid PromQL (after replacing {{window}} with 5m and {{selector}} with namespace="ns", job="svc")', at(field)));
      }
      if (!q.includes(PLACEHOLDER_WINDOW)) results.push(error('must use {{window}} as the range of its rate(), so each alert window gets its own query', at(field)));
      if (!q.includes(PLACEHOLDER_SELECTOR)) results.push(warning('does not use {{selector}}; the query is not scoped to the namespace and job of the service', at(field)));
    }
    if (spec.business && typeof spec.business === 'object') {
      if (spec.business.criticality === undefined)
        results.push(warning('not set; derived observability uses the defaults of criticality medium', at('spec.business.criticality')));
      if (spec.business.owner === undefined) results.push(warning('not set; alerts will carry no team label or owner', at('spec.business.owner')));
    } else if (!broken.includes('spec.business')) {
      results.push(warning('not set; derived observability uses the defaults of criticality medium and alerts carry no owner', at('spec.business')));
    }
  }

  for (const f of findSecrets(obj, ['metadata.annotations', 'metadata.labels'])) results.push(error(f.message, at(f.path)));
  return results;
}
