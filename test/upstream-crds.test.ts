// Generated ServiceMonitors and PrometheusRules validate against prometheus-operator's own CRD
// schemas (../shared/crds/upstream), closed so that a field the API server would silently prune
// is a failure here.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { expand } from './support/expand.js';
import { compileSchema } from '../functions/core/validate/ajv.js';
import { config, deployment, projectContext, service } from './fixtures.js';
import { examples, examplePath, expandPaths, SHARED } from './helpers.js';

const UPSTREAM = join(SHARED, 'crds/upstream');
const skip = existsSync(UPSTREAM) ? false : `${UPSTREAM} not found (the shared folder beside the checkout)`;
if (skip) console.error(`\n*** SKIPPING upstream CRD tests: ${skip} ***\n`);

function validatorFor(file: string, versionName = 'v1') {
  const crd = parse(readFileSync(join(UPSTREAM, file), 'utf8'));
  const version = crd.spec.versions.find((v: any) => v.name === versionName);
  return compileSchema(version.schema.openAPIV3Schema);
}

describe('generated resources against the upstream prometheus-operator and Argo Rollouts CRDs', { skip }, () => {
  const validators: Record<string, ReturnType<typeof compileSchema>> = skip
    ? {}
    : {
        ServiceMonitor: validatorFor('monitoring.coreos.com_servicemonitors.yaml'),
        PrometheusRule: validatorFor('monitoring.coreos.com_prometheusrules.yaml'),
        AnalysisTemplate: validatorFor('argoproj.io_analysistemplates.yaml', 'v1alpha1'),
      };

  const inputs: Array<[string, () => ReturnType<typeof expand>]> = [
    ...examples().map((name) => [`example ${name}`, () => expandPaths([examplePath(name)])] as [string, () => ReturnType<typeof expand>]),
    ['a context with a short interval, selector labels and every alert', () =>
      expand({ resources: [config({ prometheus: { selectorLabels: { release: 'kps' } } }), projectContext({ observability: { metricsInterval: '5s' }, requirements: { latencyP99: '1s' }, risks: [{ type: 'security', description: 'x' }] }), deployment(), service()] })],
    ['a context with a Rollout target (AnalysisTemplate, ServiceMonitor with the pod template hash)', () =>
      expand({ resources: [projectContext({ targets: [{ kind: 'Rollout', name: 'checkout' }], requirements: { latencyP99: '250ms' } }), deployment({ kind: 'Rollout' }), service()] })],
    ['a Rollout measured by a custom SLI', () =>
      expand({
        resources: [
          projectContext({ targets: [{ kind: 'Rollout', name: 'checkout' }], observability: { sli: { preset: 'custom', errorQuery: 'rate(app_errors_total{{{selector}}}[{{window}}])', totalQuery: 'rate(app_requests_total{{{selector}}}[{{window}}])' } } }),
          deployment({ kind: 'Rollout' }),
          service(),
        ],
      })],
  ];

  for (const [name, run] of inputs) {
    it(`${name}: every ServiceMonitor, PrometheusRule and AnalysisTemplate is valid`, () => {
      const out = run();
      assert.ok(out.ok);
      let checked = 0;
      for (const g of out.generated) {
        const obj = out.resources[g.index]!;
        const validate = validators[obj.kind!];
        if (!validate) continue;
        checked++;
        assert.deepEqual(validate(obj), [], `${obj.kind} ${obj.metadata?.name}`);
      }
      assert.ok(checked > 0, 'at least one resource checked');
      if (name.includes('Rollout')) assert.ok(out.generated.some((g) => out.resources[g.index]!.kind === 'AnalysisTemplate'), 'an AnalysisTemplate was checked');
    });
  }

  it('the closed schema does catch a field the API server would prune', () => {
    const problems = validators.ServiceMonitor!({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: { selector: {}, endpoints: [{ port: 'm', intervall: '10s' }] } });
    assert.ok(problems.some((p) => p.path === 'spec.endpoints[0].intervall'));
  });
});
