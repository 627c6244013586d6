// A declared objective is produced or the render fails: which port is scraped, what a Service
// that cannot be scraped gets, the opt-outs, strict, and where the warnings go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpandOutput, KubeObject } from '../../../../../functions/core/index.js';
import { expand } from '../../../../support/expand.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

const tasks = (out: ExpandOutput, type: string) => out.plans.flatMap((p) => p.stories.flatMap((s) => s.tasks)).filter((t) => t.type === type);
const withSeverity = (out: ExpandOutput, severity: string) => out.results.filter((r) => r.severity === severity);
/** Deployment web and Service web, both targets (the Service is spec.targets[1]). */
const app = (ports: Obj[], spec: Obj = {}, labels: Record<string, string> | null = { app: 'checkout' }): KubeObject[] => {
  const svc = service({ name: 'web', ports }) as Obj;
  if (labels === null) delete svc.metadata.labels;
  else svc.metadata.labels = labels;
  return [projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'Service', name: 'web' }], ...spec }), deployment(), svc];
};

describe('which port of a Service is scraped', () => {
  // [sentence, ports, sli.port, port scraped, info said]
  const cases: Array<[string, Obj[], string | undefined, string, RegExp | undefined]> = [
    ['the port named metrics, silently', [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }], undefined, 'metrics', undefined],
    ['metrics before http-metrics', [{ name: 'http-metrics', port: 9102 }, { name: 'metrics', port: 9090 }], undefined, 'metrics', undefined],
    ['a port with another common metrics name, saying so', [{ name: 'http', port: 80 }, { name: 'prometheus', port: 9090 }], undefined, 'prometheus', /port prometheus of Service shop\/web is scraped: its name is a common name for a metrics port/],
    ["the Service's only port, saying so", [{ name: 'http', port: 80 }], undefined, 'http', /port http of Service shop\/web is scraped: it is the Service's only port/],
    ['the port sli.port names, over a metrics port', [{ name: 'metrics', port: 1 }, { name: 'admin', port: 2 }], 'admin', 'admin', undefined],
  ];
  for (const [sentence, ports, wanted, port, said] of cases) {
    it(sentence, () => {
      const out = expandOk(app(ports, wanted ? { observability: { sli: { port: wanted } } } : {}));
      assert.equal(generatedOf(out, 'ServiceMonitor')[0].spec.endpoints[0].port, port);
      const infos = withSeverity(out, 'info');
      if (said) {
        const i = infos.find((r) => said.test(r.message));
        assert.ok(i, JSON.stringify(out.results));
        assert.equal(i.field?.path, 'spec.targets[1]', 'the Service is named as its own target');
        assert.ok(tasks(out, 'service_monitor')[0]!.derivation.some((d) => said.test(d)), 'the plan says why');
      } else assert.deepEqual(infos, []);
    });
  }
});

describe('a Service that cannot be scraped fails a declared objective, naming it and the fix', () => {
  // [sentence, ports, labels, sli.port, what the error says]
  const cases: Array<[string, Obj[], Record<string, string> | null, string | undefined, RegExp[]]> = [
    ['several ports, none named for metrics', [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }], { app: 'checkout' }, undefined, [/Service shop\/web has several ports \(http, grpc\) and none is named like a metrics port/, /Fix: set spec\.observability\.sli\.port to the one that serves \/metrics/]],
    ['one port without a name', [{ port: 80 }], { app: 'checkout' }, undefined, [/the only port of Service shop\/web, 80 \(unnamed\), has no name/, /Fix: name it, e\.g\. spec\.ports\[0\]\.name: http in Service shop\/web/]],
    ['no labels', [{ name: 'metrics', port: 9090 }], null, undefined, [/Service shop\/web has no labels, and a ServiceMonitor selects Services by label/, /Fix: add one to its metadata\.labels, e\.g\. app\.kubernetes\.io\/name: web/]],
    ['sli.port naming a port it does not have', [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }], { app: 'checkout' }, 'admin', [/has no port named admin, the spec\.observability\.sli\.port \(its ports: http, grpc\)/, /Fix: set spec\.observability\.sli\.port to one of http, grpc/]],
  ];
  for (const [sentence, ports, labels, wanted, says] of cases) {
    it(`${sentence}: an error on the Service's own spec.targets[i]; nothing is rendered`, () => {
      const out = expand({ resources: app(ports, { requirements: { availability: '99.9' }, ...(wanted ? { observability: { sli: { port: wanted } } } : {}) }, labels) });
      assert.equal(out.ok, false);
      assert.deepEqual(out.resources, []);
      const [e, ...more] = withSeverity(out, 'error');
      assert.deepEqual(more, [], JSON.stringify(out.results));
      assert.equal(e!.field?.path, 'spec.targets[1]');
      assert.equal(e!.resourceRef?.kind, 'ProjectContext');
      for (const re of [...says, /the objective this ProjectContext declares \(requirements\.availability=99\.9\)/, /set spec\.observability\.sli\.preset: none/]) assert.match(e!.message, re);
    });
  }

  it('a Service reached through its Deployment is named with the Deployment target', () => {
    const svc = service({ name: 'web', ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }] });
    const out = expand({ resources: [projectContext(), deployment(), svc] });
    const [e] = withSeverity(out, 'error');
    assert.equal(e!.field?.path, 'spec.targets[0]');
    assert.match(e!.message, /\(it selects the pods of Deployment shop\/checkout\)/);
  });

  it('an explicit criticality declares an objective too', () => {
    const out = expand({ resources: app([{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }]) });
    assert.match(withSeverity(out, 'error')[0]!.message, /declares \(business\.criticality=high \(objective 99\.9%\)\)/);
  });

  it('without a declared objective, the same is a warning and the render goes on', () => {
    const ctx = projectContext({ business: { owner: 'shop-team' }, targets: [{ kind: 'Service', name: 'web' }] });
    const out = expand({ resources: [ctx, service({ name: 'web', ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }] })] });
    assert.ok(out.ok);
    assert.ok(withSeverity(out, 'warning').some((r) => /has several ports/.test(r.message) && r.field?.path === 'spec.targets[0]'));
  });

  it('a workload no Service selects fails the objective on spec.targets, with the fix', () => {
    const out = expand({ resources: [projectContext(), deployment()] });
    const [e] = withSeverity(out, 'error');
    assert.equal(e!.field?.path, 'spec.targets');
    assert.match(e!.message, /no Service in the render is a target of this ProjectContext or selects the pods of one \(Deployment shop\/checkout\)/);
    assert.match(e!.message, /gets no SLO rules\. Fix: render the Service that serves their requests together with them/);
  });

  it('a workload without a Service is no error when another target of the context has its SLO', () => {
    const ctx = projectContext({ targets: [{ kind: 'Deployment', name: 'checkout' }, { kind: 'CronJob', name: 'report' }] });
    const out = expandOk([ctx, deployment(), service(), deployment({ kind: 'CronJob', name: 'report' })]);
    assert.equal(tasks(out, 'service_monitor').find((t) => t.target.kind === 'CronJob')!.status, 'skipped');
  });

  it('of the Services selecting a workload, the one with a port named for metrics is scraped and the others are not', () => {
    const out = expandOk([projectContext(), deployment(), service({ name: 'checkout-web', ports: [{ name: 'http', port: 80 }] }), service()]);
    assert.deepEqual(generatedOf(out, 'ServiceMonitor').map((m) => m.metadata.name), ['checkout-api-contextcore']);
    const skipped = tasks(out, 'service_monitor').find((t) => t.target.name === 'checkout-web')!;
    assert.equal(skipped.status, 'skipped');
    assert.match(skipped.reason!, /Service shop\/checkout-api also selects the pods of Deployment shop\/checkout and has a port named for metrics/);
    assert.deepEqual(withSeverity(out, 'warning').concat(withSeverity(out, 'error')), []);
  });
});

describe('opting out, and strict', () => {
  const unscrapable = () => app([{ name: 'http', port: 80 }, { name: 'grpc', port: 81 }], { requirements: { availability: '99.9' } });

  it('observability.sli.preset none: no ServiceMonitor, rules or dashboard, no error, and the plan says so', () => {
    const [ctx, ...rest] = unscrapable();
    (ctx as Obj).spec.observability = { sli: { preset: 'none' } };
    const out = expandOk([ctx!, ...rest]);
    assert.deepEqual(out.generated.map((g) => out.resources[g.index]!.metadata!.name), ['checkout-plan']);
    assert.deepEqual(withSeverity(out, 'warning').concat(withSeverity(out, 'error')), []);
    assert.deepEqual(tasks(out, 'service_monitor').concat(tasks(out, 'prometheus_rule'), tasks(out, 'dashboard')), []);
    assert.ok(out.plans[0]!.derivations.some((d) => d.field === 'observability.sli.preset' && d.value === 'none' && /no ServiceMonitors, SLO rules or dashboard/.test(d.rule)));
    assert.equal(out.plans[0]!.coverage.ratio, 1, 'what was opted out of is no gap');
  });

  it('onUnmetRequirement: warn renders without the rules; the warning is on the ProjectContext and in its plan', () => {
    const out = expandOk([config({ onUnmetRequirement: 'warn' }), ...unscrapable()]);
    assert.deepEqual(generatedOf(out, 'PrometheusRule'), []);
    const [w] = withSeverity(out, 'warning').filter((r) => /has several ports/.test(r.message));
    assert.match(w!.message, /rendered anyway \(onUnmetRequirement: warn\)/);
    assert.deepEqual(out.plans[0]!.warnings, [`spec.targets[1]: ${w!.message}`]);
    const ctx = out.resources.find((r) => r.kind === 'ProjectContext')!;
    assert.equal(ctx.metadata!.annotations!['contextcore.io/warnings'], `- spec.targets[1]: ${w!.message.slice(0, 239 - 'spec.targets[1]: '.length)}…`);
    assert.equal(tasks(out, 'service_monitor')[0]!.status, 'skipped');
  });

  it('the warnings annotation lists five and says where the rest are; rendering again replaces it', () => {
    // Seven containers whose OTEL_RESOURCE_ATTRIBUTES comes from valueFrom: seven warnings on the target.
    const containers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => ({ name, env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', valueFrom: { configMapKeyRef: { name: 'otel', key: 'attrs' } } }] }));
    const out = expand({ resources: [projectContext(), deployment({ containers }), service()] });
    assert.ok(out.ok, JSON.stringify(out.results));
    const text = out.resources.find((r) => r.kind === 'ProjectContext')!.metadata!.annotations!['contextcore.io/warnings']!;
    const lines = text.split('\n');
    assert.equal(lines.length, 6, text);
    assert.match(lines[0]!, /^- Deployment shop\/checkout: spec\.template\.spec\.containers\[name=a\]\.env: container "a" sets OTEL_RESOURCE_ATTRIBUTES from valueFrom/);
    assert.equal(lines[5], '- and 2 more, all in ConfigMap checkout-plan (contextcore plan lists them)');
    assert.equal(out.plans[0]!.warnings!.length, 7);
    const again = expand({ resources: out.resources });
    assert.equal(again.resources.find((r) => r.kind === 'ProjectContext')!.metadata!.annotations!['contextcore.io/warnings'], text);
  });

  it('a context without warnings carries no annotation, and loses one an earlier render left', () => {
    const ctx = projectContext({}, { annotations: { 'contextcore.io/warnings': '- stale' } });
    const out = expandOk([ctx, deployment(), service()]);
    assert.equal(out.resources.find((r) => r.kind === 'ProjectContext')!.metadata!.annotations, undefined);
    assert.equal(out.plans[0]!.warnings, undefined);
  });

  it('strict: true makes every warning an error, saying so; the CLI option does the same', () => {
    const input = () => [projectContext({ business: { criticality: 'high' } }), deployment(), service()];
    assert.ok(expand({ resources: input() }).ok, 'an owner left out is a warning');
    for (const out of [expand({ resources: [config({ strict: true }), ...input()] }), expand({ resources: input() }, { strict: true })]) {
      assert.equal(out.ok, false);
      const [e] = withSeverity(out, 'error');
      assert.equal(e!.field?.path, 'spec.business.owner');
      assert.match(e!.message, /\(a warning, made an error by strict\)$/);
    }
  });

  it('strict: true with onUnmetRequirement: warn is refused as a contradiction', () => {
    const out = expand({ resources: [config({ strict: true, onUnmetRequirement: 'warn' }), ...unscrapable()] });
    assert.match(withSeverity(out, 'error')[0]!.message, /onUnmetRequirement: warn asks for warnings that strict: true turns back into errors/);
  });
});

describe('a burn-rate alert that can never fire (an objective too low for its factor) is said, and no alert of a class at all fails', () => {
  const metrics = [{ name: 'metrics', port: 9090 }];
  // [sentence, requirements, criticality, severity, what it says]; threshold = factor × budget.
  const cases: Array<[string, Obj, string, 'warning' | 'error' | undefined, RegExp[]]> = [
    ['99.9% over 30d: every alert can fire, nothing is said', { availability: '99.9' }, 'high', undefined, []],
    ['93.1% over 30d: 14.4 × 6.9% is 99.36%, reachable, nothing is said', { availability: '93.1' }, 'high', undefined, []],
    [
      '93% over 30d: the 1h/5m page alert waits for 100.8% of requests to fail; a warning, since the 6h/30m page alert still can',
      { availability: '93' },
      'high',
      'warning',
      [/the page alert over 1h\/5m can never fire: it waits for an error ratio above 14\.4× the 7% error budget over 30d, 100\.8% of requests/, /the page alerts over 6h\/30m still can/, /Fix: an availability above 93\.056%, or a requirements\.period of 7d or 28d–29d$/],
    ],
    [
      '90% over 90d: neither page alert can (43.2× and 18× of 10%): the declared objective gets no page alert, an error',
      { availability: '90', period: '90d' },
      'critical',
      'error',
      [/the page alert over 1h\/5m can never fire/, /the page alert over 6h\/30m can never fire: it waits for an error ratio above 18× the 10% error budget over 90d, 180%/, /gets no page alert that can fire/, /Fix: an availability above 94\.445%, or a requirements\.period of 7d–49d/],
    ],
    ['90% over 90d with tickets only: 9× and 3× of 10% can fire, nothing is said', { availability: '90', period: '90d' }, 'medium', undefined, []],
    [
      '90% over 30d: no period brings the 1h/5m page alert below 100% (13.44× of 10% at best), so only the objective is the fix',
      { availability: '90' },
      'high',
      'warning',
      [/the page alert over 1h\/5m can never fire/, /Fix: an availability above 93\.056%$/],
    ],
    [
      'an error budget of 7% over 14d: the fix names errorBudget, and 14d pages at 20.16×, higher than 30d',
      { errorBudget: '7', period: '14d' },
      'high',
      'warning',
      [/above 20\.16× the 7% error budget over 14d, 141\.12% of requests/, /Fix: an errorBudget below 4\.96%, or a requirements\.period of 7d or 28d–29d$/],
    ],
  ];
  for (const [sentence, requirements, criticality, severity, says] of cases) {
    it(sentence, () => {
      const out = expand({ resources: app(metrics, { business: { criticality }, requirements }) });
      const said = out.results.filter((r) => /can never fire/.test(r.message));
      if (!severity) return assert.deepEqual(said, [], JSON.stringify(out.results));
      assert.equal(said.length, 1, JSON.stringify(out.results));
      assert.equal(said[0]!.severity, severity);
      assert.equal(said[0]!.field?.path, requirements.availability === undefined ? 'spec.requirements.errorBudget' : 'spec.requirements.availability');
      for (const s of says) assert.match(said[0]!.message, s);
      assert.equal(out.ok, severity !== 'error');
    });
  }

  it('onUnmetRequirement: warn renders the rules anyway and says so', () => {
    const out = expandOk([config({ onUnmetRequirement: 'warn' }), ...app(metrics, { business: { criticality: 'critical' }, requirements: { availability: '90', period: '90d' } })]);
    const [w] = out.results.filter((r) => /can never fire/.test(r.message));
    assert.equal(w!.severity, 'warning');
    assert.match(w!.message, /rendered anyway \(onUnmetRequirement: warn\)/);
    assert.equal(generatedOf(out, 'PrometheusRule').length, 1);
  });
});
