import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand } from '../../../../support/expand.js';
import { re2ToJs } from '../../../../../functions/core/validate/schema.js';
import { deployment, projectContext, service } from '../../../../fixtures.js';

function problems(spec: Record<string, any>, metadata: Record<string, any> = {}) {
  const out = expand({ resources: [projectContext(spec, metadata), deployment(), service()], origins: [{ path: 'ctx.yaml', index: 0 }, undefined, undefined] });
  return out.results.filter((r) => r.severity === 'error');
}

describe('ProjectContext validation', () => {
  const cases: Array<[string, Record<string, any>, string, RegExp]> = [
    ['an unknown field is an error that lists the known fields', { business: { criticality: 'high', tier: 1 } }, 'spec.business.tier', /unknown field "tier" \(known fields: criticality, value, owner, costCenter\)/],
    ['a misspelt top-level field is an error', { requirement: {} }, 'spec.requirement', /unknown field "requirement"/],
    ['a criticality outside the enum names the allowed values', { business: { criticality: 'urgent' } }, 'spec.business.criticality', /must be one of critical, high, medium, low \(got "urgent"\)/],
    ['an unquoted availability is a type error with a hint', { requirements: { availability: 99.9 } }, 'spec.requirements.availability', /must be a string, not a number \(99.9\); quote it: "99.9"/],
    ['an unquoted period is not told to be quoted as it is ("30" is no period either), but what a period is', { requirements: { period: 30 } }, 'spec.requirements.period', /must be a string, not a number \(30\); SLO period, .*e\.g\. "28d"/],
    ['an availability that is not a percentage explains the format', { requirements: { availability: '99.9%' } }, 'spec.requirements.availability', /"99.9%" is not valid: Availability objective in percent/],
    ['an availability of 0 is out of range', { requirements: { availability: '0' } }, 'spec.requirements.availability', /greater than 0 and less than 100/],
    ['an error budget that does not match the availability is an error', { requirements: { availability: '99.9', errorBudget: '0.5' } }, 'spec.requirements.errorBudget', /errorBudget must equal 100 - availability/],
    ['a latency without a unit is an error', { requirements: { latencyP99: '200' } }, 'spec.requirements.latencyP99', /is not valid: 99th percentile latency/],
    ['a zero latency is an error', { requirements: { latencyP99: '0ms' } }, 'spec.requirements.latencyP99', /greater than zero/],
    ['a latency bucket without a unit is an error', { requirements: { latencyP99: '300ms' }, observability: { sli: { latencyBucket: '0.35' } } }, 'spec.observability.sli.latencyBucket', /is not valid: Upper bound of the service's own histogram bucket/],
    ['a latency bucket below the latency target is an error', { requirements: { latencyP99: '300ms' }, observability: { sli: { latencyBucket: '250ms' } } }, 'spec', /observability\.sli\.latencyBucket needs requirements\.latencyP99 and must not be below it/],
    ['a latency bucket without a latency target is an error', { observability: { sli: { latencyBucket: '250ms' } } }, 'spec', /latencyBucket needs requirements\.latencyP99/],
    ['a sampling ratio above 1 is out of range', { observability: { traceSampling: 1.5 } }, 'spec.observability.traceSampling', /between 0 and 1 \(got 1.5\)/],
    ['a metrics interval that is not a duration is an error', { observability: { metricsInterval: 'often' } }, 'spec.observability.metricsInterval', /is not valid: Scrape interval/],
    ['a zero metrics interval is an error', { observability: { metricsInterval: '0s' } }, 'spec.observability.metricsInterval', /greater than zero/],
    ['a missing project id is an error', { project: {} }, 'spec.project.id', /required field is missing/],
    ['no targets is an error', { targets: [] }, 'spec.targets', /needs at least 1 item/],
    ['a target kind we cannot expand is an error', { targets: [{ kind: 'ReplicaSet', name: 'x' }] }, 'spec.targets[0].kind', /must be one of Deployment, StatefulSet/],
    ['duplicate targets are an error', { targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Deployment', name: 'checkout' }] }, 'spec.targets', /targets must be unique/],
    ['a risk with an unknown type is an error', { risks: [{ type: 'legal', description: 'x' }] }, 'spec.risks[0].type', /must be one of security, compliance/],
    ['a runbook that is not a URL is an error', { observability: { runbook: 'see wiki' } }, 'spec.observability.runbook', /is not valid: Runbook, an http\(s\) URL/],
    ['a design doc with a non-http scheme is an error', { design: { doc: 'ftp://docs.example.com/x' } }, 'spec.design.doc', /uses the "ftp:" scheme/],
    ['custom SLI queries without preset custom are an error', { observability: { sli: { errorQuery: 'x' } } }, 'spec.observability.sli', /need preset custom/],
    ['preset custom without queries is an error', { observability: { sli: { preset: 'custom' } } }, 'spec.observability.sli', /needs errorQuery and totalQuery/],
    ['a custom query that is not PromQL is an error', { observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(x{ {{selector}} }[{{window}}]', totalQuery: 'sum(rate(y{ {{selector}} }[{{window}}]))' } } }, 'spec.observability.sli.errorQuery', /is not valid PromQL/],
    ['a custom query without {{window}} is an error', { observability: { sli: { preset: 'custom', errorQuery: 'sum(rate(x{ {{selector}} }[5m]))', totalQuery: 'sum(rate(y{ {{selector}} }[{{window}}]))' } } }, 'spec.observability.sli.errorQuery', /must use \{\{window\}\}/],
    ['a password in a URL is an error that does not repeat it', { design: { doc: 'https://bob:hunter2@docs.example.com/x' } }, 'spec.design.doc', /looks like a URL with a user and password.*\(value not shown\)/],
    ['a token in a free-text field is an error', { risks: [{ type: 'security', description: 'rotate ghp_0123456789abcdefghijklmnopqrstuvwxyzAB soon' }] }, 'spec.risks[0].description', /looks like a GitHub token/],
    // The CEL rules run only on well-typed values, as in the API server: the schema error is the one reported.
    ['targets given as a mapping is a type error, not a crash', { targets: { kind: 'Deployment', name: 'checkout' } }, 'spec.targets', /^must be a list, not an object/],
    ['targets given as a string is a type error, not a crash', { targets: 'checkout' }, 'spec.targets', /^must be a list, not a string/],
    ['a null target is a type error, not a crash', { targets: [null] }, 'spec.targets[0]', /^must be an object, not null/],
    ['a null sli is a type error, not a crash', { observability: { sli: null } }, 'spec.observability.sli', /^must be an object, not null/],
    ['requirements given as a list is a type error, not a crash', { requirements: ['99.9'] }, 'spec.requirements', /^must be an object, not a list/],
  ];
  for (const [name, spec, field, message] of cases) {
    it(name, () => {
      const found = problems(spec);
      const hit = found.find((r) => r.field?.path === field && message.test(r.message));
      assert.ok(hit, `expected ${field}: ${message}; got:\n${found.map((r) => `${r.field?.path}: ${r.message}`).join('\n')}`);
      assert.deepEqual(hit.resourceRef, { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', name: 'checkout', namespace: 'shop' });
      assert.deepEqual(hit.file, { path: 'ctx.yaml', index: 0 });
      assert.doesNotMatch(hit.message, /hunter2|ghp_0123/);
    });
  }

  it('every problem of a context is reported at once', () => {
    const found = problems({ business: { criticality: 'urgent', tier: 1 }, requirements: { latencyP99: 'fast' }, observability: { traceSampling: 2 } });
    assert.deepEqual(found.map((r) => r.field?.path).sort(), ['spec.business.criticality', 'spec.business.tier', 'spec.observability.traceSampling', 'spec.requirements.latencyP99']);
  });

  it('a secret-like annotation key on the context is an error', () => {
    const found = problems({}, { annotations: { 'example.com/api-token': 'x' } });
    assert.ok(found.some((r) => r.field?.path === 'metadata.annotations["example.com/api-token"]' && /names a secret/.test(r.message)));
  });

  it('a context name that is not a DNS subdomain is an error', () => {
    const found = problems({}, { name: 'Checkout_Service' });
    assert.ok(found.some((r) => r.field?.path === 'metadata.name' && /not a valid name/.test(r.message)));
  });

  it('a valid context has no errors, and warns when owner and criticality are left out', () => {
    assert.deepEqual(problems({}), []);
    const out = expand({ resources: [projectContext({ business: { value: 'internal' } }), deployment(), service()] });
    assert.deepEqual(out.results.filter((r) => r.severity === 'warning').map((r) => r.field?.path).sort(), ['spec.business.criticality', 'spec.business.owner']);
  });
});

describe('CRD patterns (Go RE2) read by JavaScript as the API server reads them', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['\\s is ASCII space only: a no-break space is not one', '^[^\\s]+$', 'EPIC\u00a042', true],
    ['\\s is ASCII space only: a vertical tab is not one', '^[^\\s]+$', 'a\u000bb', true],
    ['\\s still matches a space, a tab and a newline', '^[^\\s]+$', 'a b', false],
    ['\\S outside a class is everything but those', '^\\S+$', 'a\u00a0b', true],
    ['(?i) spells out both cases', '^(?i)abc$', 'AbC', true],
    ['other escapes stay', '^[0-9]{1,2}(\\.[0-9]{1,6})?$', '99.9', true],
  ];
  for (const [name, pattern, value, matches] of cases) {
    it(name, () => assert.equal(new RegExp(re2ToJs(pattern), 'u').test(value), matches));
  }
});
