import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveConfig } from '../../../../../functions/core/pipeline/config.js';
import { derive } from '../../../../../functions/core/pipeline/derive.js';
import type { ProjectContextSpec } from '../../../../../functions/core/index.js';

const base: ProjectContextSpec = { project: { id: 'p' }, targets: [{ kind: 'Deployment', name: 'a' }] };
const d = (spec: Partial<ProjectContextSpec>) => derive({ ...base, ...spec } as ProjectContextSpec, effectiveConfig());

describe('derivation', () => {
  const table: Array<[string, 'critical' | 'high' | 'medium' | 'low', number, string, string, string[], string]> = [
    ['a critical context samples every trace, scrapes every 10s, pages and tickets at P1', 'critical', 1, '10s', '99.95', ['page', 'ticket'], 'P1'],
    ['a high context samples half, scrapes every 30s, pages and tickets at P2', 'high', 0.5, '30s', '99.9', ['page', 'ticket'], 'P2'],
    ['a medium context samples 10%, scrapes every minute and only tickets at P3', 'medium', 0.1, '60s', '99.5', ['ticket'], 'P3'],
    ['a low context samples 1%, scrapes every 2 minutes and only tickets at P4', 'low', 0.01, '120s', '99', ['ticket'], 'P4'],
  ];
  for (const [name, criticality, sampling, interval, objective, classes, priority] of table) {
    it(name, () => {
      const r = d({ business: { criticality } });
      assert.equal(r.traceSampling, sampling);
      assert.equal(r.metricsInterval, interval);
      assert.equal(r.availability, objective);
      assert.deepEqual(r.alertClasses, classes);
      assert.equal(r.priority, priority);
    });
  }

  it('explicit observability fields win over the table and are recorded as explicit', () => {
    const r = d({ business: { criticality: 'critical' }, observability: { traceSampling: 0.2, metricsInterval: '15s' } });
    assert.equal(r.traceSampling, 0.2);
    assert.equal(r.metricsInterval, '15s');
    assert.ok(r.rules.some((x) => x.field === 'observability.metricsInterval' && x.source === 'explicit'));
  });

  it('a derived value records the rule and input that produced it', () => {
    const r = d({ business: { criticality: 'critical' } });
    assert.ok(r.rules.some((x) => x.rule === 'business.criticality=critical → metrics interval 10s'));
  });

  it('an error budget alone sets the objective', () => {
    const r = d({ requirements: { errorBudget: '0.1' } });
    assert.equal(r.availability, '99.9');
    assert.equal(r.errorBudgetRatio, 0.001);
  });

  it('a P1 availability or data-integrity risk adds page alerts to a ticket-only context', () => {
    for (const type of ['availability', 'data-integrity'] as const) {
      assert.deepEqual(d({ business: { criticality: 'low' }, risks: [{ type, description: 'x', priority: 'P1' }] }).alertClasses, ['page', 'ticket']);
    }
    assert.deepEqual(d({ business: { criticality: 'low' }, risks: [{ type: 'availability', description: 'x', priority: 'P2' }] }).alertClasses, ['ticket']);
  });

  const thresholds: Array<[string, Partial<ProjectContextSpec>, string, string]> = [
    ['a latency target on a bucket boundary is measured there', { requirements: { latencyP99: '250ms' } }, '250ms', '250ms is a bucket boundary of the otel preset'],
    ['a latency target between boundaries is measured at the next one', { requirements: { latencyP99: '300ms' } }, '500ms', '300ms is not a bucket boundary of the otel preset'],
    ['a declared bucket is explicit', { requirements: { latencyP99: '300ms' }, observability: { sli: { latencyBucket: '300ms' } } }, '300ms', 'observability.sli.latencyBucket=300ms (explicit)'],
    ['a target beyond the buckets has no threshold', { requirements: { latencyP99: '20s' } }, 'none', '20s is above the largest bucket boundary'],
  ];
  for (const [name, spec, value, rule] of thresholds) {
    it(`${name}, and the plan says why`, () => {
      const found = d(spec).rules.find((r) => r.field === 'slo.latencyThreshold')!;
      assert.equal(found.value, value);
      assert.ok(found.rule.startsWith(rule), found.rule);
    });
  }

  it('a latency target is an SLO: 99% of requests within it over the period', () => {
    const r = d({ requirements: { latencyP99: '1.5s' } });
    assert.deepEqual(r.latencyP99, { text: '1.5s', seconds: 1.5 });
    assert.deepEqual(r.latencyThreshold, { seconds: 2.5, text: '2.5s', source: 'next-boundary' });
    assert.equal(r.rules.find((x) => x.field === 'requirements.latencyP99')!.rule, 'requirements.latencyP99=1.5s → latency SLO: 99% of requests within 1.5s over 30d, error budget 1% slow requests');
    assert.equal(d({}).rules.find((x) => x.field === 'slo.latencyThreshold'), undefined);
  });

  it("a period's shares of the budget read as percentages to three decimals in the plan, not float tails", () => {
    const rule = d({ requirements: { availability: '99.5', period: '14d' } }).rules.find((x) => x.field === 'requirements.period')!.rule;
    assert.ok(rule.includes('ticket above 2.333× the budget over 1d and 2h (16.667% of it in 1d)'), rule);
    assert.ok(rule.includes('ticket above 1.462× the budget over 3d and 6h (31.333% of it in 3d)'), rule);
  });

  it('a security risk adds the auth-anomaly alert', () => {
    assert.equal(d({ risks: [{ type: 'security', description: 'x' }] }).authAnomaly, true);
    assert.equal(d({ risks: [{ type: 'financial', description: 'x' }] }).authAnomaly, false);
  });

  it('an ADR that is a URL becomes the runbook link; an explicit runbook wins', () => {
    assert.equal(d({ design: { adr: 'https://adr.example.com/15' } }).runbookUrl, 'https://adr.example.com/15');
    assert.equal(d({ design: { adr: 'ADR-15' } }).runbookUrl, undefined);
    assert.equal(d({ design: { adr: 'https://adr.example.com/15' }, observability: { runbook: 'https://rb.example.com' } }).runbookUrl, 'https://rb.example.com');
  });

  it('a context without criticality uses the medium defaults', () => {
    const r = d({});
    assert.equal(r.criticality, 'medium');
    assert.ok(r.rules.some((x) => x.field === 'business.criticality' && x.source === 'default'));
  });

  it('the SLI preset comes from the context, then the function config', () => {
    assert.equal(d({ observability: { sli: { preset: 'prometheus' } } }).preset, 'prometheus');
    assert.equal(derive(base, effectiveConfig({ apiVersion: 'fn.contextcore.io/v1alpha1', kind: 'ProjectContextExpander', spec: { metrics: { preset: 'prometheus' } } })).preset, 'prometheus');
    assert.equal(d({}).preset, 'otel');
  });
});
