// Random ProjectContexts and workloads, valid and not: expand never throws, what it renders is
// valid against our CRD and prometheus-operator's, and it is deterministic and idempotent.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { type KubeObject } from '../functions/core/index.js';
import { expand } from './support/expand.js';
import { compileSchema } from '../functions/core/validate/ajv.js';
import { validateProjectContext } from '../functions/core/validate/project-context.js';
import { promqlErrors } from '../functions/core/promql/syntax.js';
import { yamlStreamBytes } from '../functions/core/yaml/io.js';
import { SHARED } from './helpers.js';

const UPSTREAM = join(SHARED, 'crds/upstream');
const upstream = (file: string) =>
  existsSync(join(UPSTREAM, file)) ? compileSchema(parse(readFileSync(join(UPSTREAM, file), 'utf8')).spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema) : undefined;
const validators: Record<string, ReturnType<typeof compileSchema> | undefined> = {
  ServiceMonitor: upstream('monitoring.coreos.com_servicemonitors.yaml'),
  PrometheusRule: upstream('monitoring.coreos.com_prometheusrules.yaml'),
};
// A clone without the shared folder beside it still runs the rest of the property test.
if (!validators.ServiceMonitor || !validators.PrometheusRule) console.error(`\n*** SKIPPING the check against prometheus-operator's CRDs in the property test: ${UPSTREAM} not found (the shared folder beside the checkout) ***\n`);

const name = fc.constantFrom('api', 'web', 'worker', 'db', 'a', 'checkout-api', 'x'.repeat(63));
const ns = fc.constantFrom('shop', 'ops', undefined);
const kind = fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Rollout', 'Service');
const percent = fc.oneof(fc.constantFrom('99.9', '99.95', '99', '50', '0', '100', '99.999999', 'abc'), fc.double({ min: 0, max: 100, noNaN: true }).map((d) => d.toFixed(3)));

const workload = fc.record({ kind, name, namespace: ns, labels: fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('api', 'web', 'x'), { maxKeys: 2, noNullPrototype: true }), port: fc.constantFrom('metrics', 'http-metrics', 'http', undefined), userEnv: fc.constantFrom(undefined, 'service.name=a', 'business.owner=me,x=1') });

function toResources(w: { kind: string; name: string; namespace?: string; labels: Record<string, string>; port?: string; userEnv?: string }): KubeObject[] {
  const metadata = { name: w.name, ...(w.namespace ? { namespace: w.namespace } : {}) };
  if (w.kind === 'Service') return [{ apiVersion: 'v1', kind: 'Service', metadata: { ...metadata, labels: w.labels }, spec: { selector: w.labels, ports: w.port ? [{ name: w.port, port: 9090 }] : [] } }];
  const template = { metadata: { labels: w.labels }, spec: { containers: [{ name: 'app', image: 'x', ...(w.userEnv ? { env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: w.userEnv }] } : {}) }] } };
  const spec = w.kind === 'CronJob' ? { schedule: '* * * * *', jobTemplate: { spec: { template } } } : { selector: { matchLabels: w.labels }, template };
  return [{ apiVersion: 'apps/v1', kind: w.kind, metadata, spec }];
}

const context = fc.record(
  {
    name: fc.constantFrom('ctx-a', 'ctx-b', 'ctx-c'),
    namespace: ns,
    criticality: fc.constantFrom('critical', 'high', 'medium', 'low', 'urgent', undefined),
    availability: fc.option(percent, { nil: undefined }),
    errorBudget: fc.option(percent, { nil: undefined }),
    latency: fc.constantFrom(undefined, '200ms', '1.5s', '0ms', 'fast'),
    risks: fc.array(fc.record({ type: fc.constantFrom('security', 'availability', 'data-integrity', 'financial'), description: fc.string({ maxLength: 30 }), priority: fc.constantFrom('P1', 'P2', undefined) }), { maxLength: 3 }),
    targets: fc.array(fc.record({ kind, name }), { minLength: 0, maxLength: 3 }),
    preset: fc.constantFrom(undefined, 'otel', 'prometheus', 'custom'),
    sampling: fc.constantFrom(undefined, 0, 0.25, 1, 2),
  },
  { requiredKeys: ['name', 'targets'] },
);

function toContext(c: any): KubeObject {
  const spec: any = { project: { id: 'p' }, targets: c.targets, business: { owner: 'team' } };
  if (c.criticality) spec.business.criticality = c.criticality;
  const req: any = {};
  if (c.availability) req.availability = c.availability;
  if (c.errorBudget) req.errorBudget = c.errorBudget;
  if (c.latency) req.latencyP99 = c.latency;
  if (Object.keys(req).length) spec.requirements = req;
  if (c.risks?.length) spec.risks = c.risks.map((r: any) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  const obs: any = {};
  if (c.sampling !== undefined) obs.traceSampling = c.sampling;
  if (c.preset) obs.sli = c.preset === 'custom' ? { preset: 'custom', errorQuery: 'sum(rate(e{ {{selector}} }[{{window}}]))', totalQuery: 'sum(rate(t{ {{selector}} }[{{window}}]))' } : { preset: c.preset };
  if (Object.keys(obs).length) spec.observability = obs;
  return { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: c.name, ...(c.namespace ? { namespace: c.namespace } : {}) }, spec };
}

// Through JSON, as a YAML reader would hand them over: plain objects, no undefined fields.
const input = fc.tuple(fc.array(workload, { maxLength: 6 }), fc.array(context, { maxLength: 3 })).map(([ws, cs]) => JSON.parse(JSON.stringify([...ws.flatMap(toResources), ...cs.map(toContext)])) as KubeObject[]);

describe('expand on random input', () => {
  it('never throws; renders valid, deterministic, idempotent output, or fails with errors only', () => {
    let rendered = 0;
    fc.assert(
      fc.property(input, (resources) => {
        const copy = structuredClone(resources);
        const out = expand({ resources: copy });
        assert.deepEqual(copy, resources, 'the input is not mutated');
        if (!out.ok) {
          assert.ok(out.results.some((r) => r.severity === 'error'));
          assert.equal(out.resources.length, 0);
          return;
        }
        rendered++;
        const bytes = Buffer.from(yamlStreamBytes(out.resources)).toString();
        assert.equal(Buffer.from(yamlStreamBytes(expand({ resources: structuredClone(resources) }).resources)).toString(), bytes, 'deterministic');
        const again = expand({ resources: structuredClone(out.resources) });
        assert.ok(again.ok, JSON.stringify(again.results));
        assert.equal(Buffer.from(yamlStreamBytes(again.resources)).toString(), bytes, 'idempotent');
        for (const g of out.generated) {
          const obj = out.resources[g.index]!;
          const validate = validators[obj.kind!];
          if (validate) assert.deepEqual(validate(obj), [], `${obj.kind} ${obj.metadata?.name}`);
          if (obj.kind === 'PrometheusRule') for (const group of (obj as any).spec.groups) for (const r of group.rules) assert.deepEqual(promqlErrors(parser, r.expr), [], r.expr);
        }
        for (const obj of out.resources) if (obj.kind === 'ProjectContext') assert.deepEqual(validateProjectContext(obj, undefined, parser).filter((r) => r.severity === 'error'), []);
      }),
      { numRuns: 400, seed: 20261121 },
    );
    assert.ok(rendered > 40, `enough cases render successfully to mean something (${rendered})`);
  });
});
