import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusConditions } from '../../../../../functions/core/hook/status.js';
import { applySelection, type Verification } from '../../../../../functions/core/hook/verification.js';
import { config, deployment, expandOk, projectContext, service } from '../../../../fixtures.js';

const out = expandOk([config({ onUnmetRequirement: 'warn' }), projectContext({ requirements: { latencyP99: '300ms' } }), deployment(), service()]);
const plan = out.plans[0]!;
const tasks = plan.stories.flatMap((s) => s.tasks);
const verified: Verification[] = tasks.map((t) => (t.status === 'skipped' ? { taskId: t.id, state: 'skipped' } : { taskId: t.id, state: 'verified', location: t.artifact! }));
const monitorId = tasks.find((t) => t.type === 'service_monitor')!.id;
const NOW = '2026-12-06T04:00:00Z';
const byType = (cs: ReturnType<typeof statusConditions>) => Object.fromEntries(cs.map((c) => [c.type, c]));

describe('the status conditions the hook writes', () => {
  it('all verified and selected: Verified and PrometheusSelects True, RenderWarnings True with the plan\'s warnings', () => {
    const c = byType(statusConditions({ plan, verifications: verified, now: NOW, generation: 3 }));
    assert.equal(c.Verified!.status, 'True');
    assert.equal(c.Verified!.reason, 'AllVerified');
    assert.equal(c.PrometheusSelects!.status, 'True');
    assert.equal(c.RenderWarnings!.status, 'True');
    assert.match(c.RenderWarnings!.message, /300ms is not a bucket boundary/);
    assert.equal(c.Verified!.observedGeneration, 3);
    assert.equal(c.Verified!.lastTransitionTime, NOW);
  });

  it('a ServiceMonitor no Prometheus selects is a gap: Verified and PrometheusSelects False, naming it and why', () => {
    const vs = applySelection(verified, { selections: new Map([[monitorId, { state: 'unselected', why: ['Prometheus monitoring/k8s has no serviceMonitorSelector (null selects nothing)'] }]]) });
    assert.equal(vs.find((v) => v.taskId === monitorId)!.state, 'unselected');
    const c = byType(statusConditions({ plan, verifications: vs, now: NOW }));
    assert.equal(c.Verified!.status, 'False');
    assert.match(c.Verified!.message, /^1 selected by no Prometheus of \d+ planned artifacts:\nServiceMonitor shop\/checkout-api-contextcore is there, but no Prometheus selects it, so it is not used: Prometheus monitoring\/k8s has no serviceMonitorSelector/);
    assert.equal(c.PrometheusSelects!.status, 'False');
    assert.equal(c.PrometheusSelects!.reason, 'NotSelected');
  });

  it('no Prometheus to ask: PrometheusSelects Unknown with the reason, the artifacts still verified', () => {
    const vs = applySelection(verified, { selections: new Map(), unverifiable: 'there is no Prometheus object in the cluster' });
    const c = byType(statusConditions({ plan, verifications: vs, selectionProblem: 'there is no Prometheus object in the cluster', now: NOW }));
    assert.equal(c.Verified!.status, 'True');
    assert.deepEqual([c.PrometheusSelects!.status, c.PrometheusSelects!.reason, c.PrometheusSelects!.message], ['Unknown', 'Unverifiable', 'there is no Prometheus object in the cluster']);
  });

  it('a condition whose status did not change keeps its lastTransitionTime; one that changed gets now', () => {
    const previous = [
      { type: 'Verified', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'AllVerified', message: '' },
      { type: 'PrometheusSelects', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'NotSelected', message: '' },
    ];
    const c = byType(statusConditions({ plan, verifications: verified, previous, now: NOW }));
    assert.equal(c.Verified!.lastTransitionTime, '2026-01-01T00:00:00Z');
    assert.equal(c.PrometheusSelects!.lastTransitionTime, NOW);
  });

  it('a context without warnings: RenderWarnings False', () => {
    const quiet = expandOk([projectContext({ requirements: { latencyP99: '250ms' } }), deployment(), service()]).plans[0]!;
    assert.equal(byType(statusConditions({ plan: quiet, verifications: [], now: NOW })).RenderWarnings!.status, 'False');
  });
});
