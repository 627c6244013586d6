import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAN_DATA_KEY } from '../../../../../functions/core/conventions/index.js';
import { decide, decisionJson, decisionLines, gateStatusPatch, type CheckObservation, type QueryOutcome } from '../../../../../functions/core/delivery/gate-decision.js';
import { policyWords } from '../../../../../functions/core/delivery/gate-plan.js';
import { gateFlags, gateSection } from '../../../../../functions/core/delivery/gate-run.js';
import type { Plan } from '../../../../../functions/core/index.js';
import { DEFAULT_GATE_POLICY } from '../../../../../functions/core/tables/gate-policy.js';
import { compileSchema } from '../../../../../functions/core/validate/ajv.js';
import { CRD } from '../../../../validation-cases.js';
import { config, deployment, expandOk, generatedOf, projectContext, service } from '../../../../fixtures.js';

type Obj = Record<string, any>;

/** The plan (with its gate section) of one context of this criticality, with these config and annotations. */
function planFor(criticality = 'critical', gate: Obj = {}, annotations?: Record<string, string>): Plan {
  const out = expandOk([
    projectContext({ business: { criticality, owner: 'shop-team' }, requirements: { availability: '99.9', latencyP99: '250ms' } }, annotations ? { annotations } : {}),
    deployment(),
    service(),
    config({ gate: { enabled: true, ...gate } }),
  ]);
  return JSON.parse(generatedOf(out, 'ConfigMap').find((c: Obj) => c.metadata.name === 'checkout-gate').data[PLAN_DATA_KEY]);
}

const ok = (...values: number[]): QueryOutcome => ({ kind: 'ok', samples: values.map((value) => ({ labels: { alertname: 'ContextCoreErrorBudgetBurn' }, value })) });
const none: QueryOutcome = { kind: 'ok', samples: [] };
const down: QueryOutcome = { kind: 'unreachable', detail: 'ECONNREFUSED' };
const bad: QueryOutcome = { kind: 'error', detail: 'HTTP 400 bad_data: parse error' };

/** Observations for the plan's checks: `budget` and `alerts` per SLO (availability, latency). */
function observe(plan: Plan, per: Record<string, { budget: QueryOutcome; alerts: QueryOutcome }>): CheckObservation[] {
  return plan.delivery!.gate!.checks.map((check) => ({ check, ...per[check.slo]! }));
}

const healthy = { budget: ok(0.8), alerts: none };

describe('gate decision: from what Prometheus answered to allow, warn or block', () => {
  const cases: Array<[string, string, Obj, Record<string, { budget: QueryOutcome; alerts: QueryOutcome }>, string, string, 0 | 1]> = [
    ['both SLOs within budget, no alert: allow', 'critical', {}, { availability: healthy, latency: healthy }, 'allow', 'healthy', 0],
    ['a critical context whose page alert fires: block', 'critical', {}, { availability: { budget: ok(0.7), alerts: ok(1) }, latency: healthy }, 'block', 'page-alert', 1],
    ['a high context whose budget is spent (≤ 0): block', 'high', {}, { availability: { budget: ok(-0.2), alerts: none }, latency: healthy }, 'block', 'budget-spent', 1],
    ['a budget of exactly 0 is spent', 'high', {}, { availability: healthy, latency: { budget: ok(0), alerts: none } }, 'block', 'budget-spent', 1],
    ['a medium context with a spent budget and a page alert: warn, allowed', 'medium', {}, { availability: { budget: ok(-1), alerts: ok(1) }, latency: healthy }, 'warn', 'page-alert', 0],
    ['a low context with a spent budget: warn', 'low', {}, { availability: { budget: ok(-1), alerts: none }, latency: healthy }, 'warn', 'budget-spent', 0],
    ['a policy that ignores spent budgets for critical: allow', 'critical', { policy: { critical: { budgetSpent: 'ignore' } } }, { availability: { budget: ok(-1), alerts: none }, latency: healthy }, 'allow', 'healthy', 0],
    ['Prometheus unreachable: allow with a warning by default (fail open)', 'critical', {}, { availability: { budget: down, alerts: down }, latency: { budget: down, alerts: down } }, 'warn', 'prometheus-unreachable', 0],
    ['Prometheus unreachable with onUnreachable: block (fail closed)', 'critical', { policy: { onUnreachable: 'block' } }, { availability: { budget: down, alerts: down }, latency: { budget: down, alerts: down } }, 'block', 'prometheus-unreachable', 1],
    ['a query error: the onQueryError outcome (allow by default)', 'critical', {}, { availability: { budget: bad, alerts: none }, latency: healthy }, 'warn', 'query-error', 0],
    ['no budget record yet (a new service): the onNoData outcome', 'critical', { policy: { onNoData: 'block' } }, { availability: { budget: none, alerts: none }, latency: healthy }, 'block', 'no-data', 1],
    ['a NaN budget (no requests over the period) is no data', 'critical', {}, { availability: { budget: ok(NaN), alerts: none }, latency: healthy }, 'warn', 'no-data', 0],
    ['a page alert beats an unreachable fallback as the reason', 'critical', {}, { availability: { budget: ok(0.5), alerts: ok(1) }, latency: { budget: down, alerts: down } }, 'block', 'page-alert', 1],
    ['the lowest remaining budget of several series counts', 'critical', {}, { availability: { budget: ok(0.9, -0.1), alerts: none }, latency: healthy }, 'block', 'budget-spent', 1],
  ];
  for (const [sentence, criticality, gate, per, decision, reason, exitCode] of cases) {
    it(sentence, () => {
      const plan = planFor(criticality, gate);
      const d = decide(plan, plan.delivery!.gate!, observe(plan, per), false);
      assert.deepEqual([d.decision, d.reason, d.exitCode], [decision, reason, exitCode], d.message);
    });
  }

  it('an override turns a block into an allow, recording the reason and what it overrode', () => {
    const plan = planFor('critical', {}, { 'contextcore.io/gate-override': '  hotfix INC-1  ' });
    const d = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: ok(0.7), alerts: ok(1) }, latency: healthy }), false);
    assert.deepEqual([d.decision, d.reason, d.override, d.overridden, d.exitCode], ['allow', 'override', 'hotfix INC-1', { decision: 'block', reason: 'page-alert' }, 0]);
  });

  it('an empty override annotation is no override (a reason is required)', () => {
    assert.equal(planFor('critical', {}, { 'contextcore.io/gate-override': ' ' }).delivery!.gate!.override, undefined);
  });

  it('--dry-run decides the same and exits 0', () => {
    const plan = planFor();
    const d = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: ok(-1), alerts: none }, latency: healthy }), true);
    assert.deepEqual([d.decision, d.exitCode], ['block', 0]);
    assert.match(decisionLines(d).at(-1)!, /^DRY RUN: WOULD BLOCK \(budget-spent\)/);
  });

  it('the message names the SLO, the service, what is left and how to override; Prometheus down everywhere is said once', () => {
    const plan = planFor();
    const blocked = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: ok(0.613), alerts: ok(1) }, latency: healthy }), false);
    assert.equal(
      blocked.message,
      'ProjectContext shop/checkout (critical): availability of shop/checkout-api: ContextCoreErrorBudgetBurn (page) firing; 61.3% of the 30d error budget left; policy for critical: block while a page-class burn alert fires or an error budget over 30d is spent. To ship a fix anyway, annotate the ProjectContext with contextcore.io/gate-override: "<reason>"',
    );
    const unreachable = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: down, alerts: down }, latency: { budget: down, alerts: down } }), false, 'http://prom:9090');
    assert.equal(unreachable.message, 'ProjectContext shop/checkout (critical): Prometheus at http://prom:9090 did not answer (ECONNREFUSED); policy for critical: block while a page-class burn alert fires or an error budget over 30d is spent; when Prometheus is unreachable: allow (fail open)');
  });

  it('--format json names the context, the decision with what an override overrode, every SLO, the Prometheus asked and the plan checksum', () => {
    const at = { prometheus: 'http://prom:9090', planChecksum: `sha256:${'a'.repeat(64)}` };
    const plan = planFor('critical', {}, { 'contextcore.io/gate-override': 'hotfix INC-1' });
    const d = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: ok(0.7), alerts: ok(1) }, latency: healthy }), false);
    const json = decisionJson(plan, d, at);
    assert.deepEqual(
      { ...json, slos: (json.slos as Obj[]).map((s) => [s.slo, s.verdict]) },
      {
        apiVersion: 'contextcore.io/v1',
        kind: 'GateDecision',
        context: { namespace: 'shop', name: 'checkout' },
        decision: 'allow',
        reason: 'override',
        message: d.message,
        overridden: { decision: 'block', reason: 'page-alert' },
        override: 'hotfix INC-1',
        dryRun: false,
        exitCode: 0,
        ...at,
        slos: d.slos.map((s) => [s.slo, s.verdict]),
      },
    );
    assert.equal(d.slos.length, 2);
    const plain = planFor();
    const healthyJson = decisionJson(plain, decide(plain, plain.delivery!.gate!, observe(plain, { availability: healthy, latency: healthy }), false), at);
    assert.ok(!('override' in healthyJson) && !('overridden' in healthyJson), 'no override keys without an override');
  });

  it('the status patch fits the CRD’s status.gate schema', () => {
    const plan = planFor();
    const d = decide(plan, plan.delivery!.gate!, observe(plan, { availability: { budget: ok(0.5), alerts: ok(1) }, latency: { budget: none, alerts: none } }), false);
    const patch = gateStatusPatch(d, { decidedAtMs: Date.UTC(2026, 11, 1), planChecksum: `sha256:${'a'.repeat(64)}`, livePlanChecksum: `sha256:${'b'.repeat(64)}`, traceId: 'c'.repeat(32) });
    const schema = CRD.spec.versions[0].schema.openAPIV3Schema.properties.status;
    const clean = JSON.parse(JSON.stringify(patch.status, (_, v) => (v === null ? undefined : v)));
    assert.deepEqual(compileSchema(schema)(clean), []);
    assert.equal(patch.status.gate.decidedTime, '2026-12-01T00:00:00Z');
    assert.deepEqual(patch.status.gate.override, null, 'a former override is removed');
  });
});

describe('gate plan: the policy in the plan, in words', () => {
  it("a context's own SLO period is in the plan's gate, its words and the decision; the default period is left out of the plan", () => {
    const gateOf = (period?: string) => {
      const out = expandOk([
        projectContext({ business: { criticality: 'critical', owner: 'shop-team' }, requirements: { availability: '99.9', ...(period ? { period } : {}) } }),
        deployment(),
        service(),
        config({ gate: { enabled: true } }),
      ]);
      const plan: Plan = JSON.parse(generatedOf(out, 'ConfigMap').find((c: Obj) => c.metadata.name === 'checkout-gate').data[PLAN_DATA_KEY]);
      return { plan, gate: plan.delivery!.gate! };
    };
    const { plan, gate } = gateOf('28d');
    assert.equal(gate.period, '28d');
    assert.match(gate.words[0]!, /an error budget over 28d is spent$/);
    const d = decide(plan, gate, observe(plan, { availability: { budget: ok(-0.1), alerts: none } }), false);
    assert.match(d.message, /the 28d error budget is spent \(-10% left\); policy for critical: block while a page-class burn alert fires or an error budget over 28d is spent/);
    const thirty = gateOf();
    assert.equal(thirty.gate.period, undefined);
    assert.match(decide(thirty.plan, thirty.gate, observe(thirty.plan, { availability: healthy }), false).message, /80% of the 30d error budget left/);
  });

  it('defaults: critical and high block on a page alert or a spent budget, medium and low warn', () => {
    assert.equal(policyWords(DEFAULT_GATE_POLICY.byCriticality.critical), 'block while a page-class burn alert fires or an error budget over 30d is spent');
    assert.equal(policyWords(DEFAULT_GATE_POLICY.byCriticality.low), 'warn (and allow) while a page-class burn alert fires or an error budget over 30d is spent');
    assert.equal(policyWords({ pageAlert: 'block', budgetSpent: 'ignore' }), 'block while a page-class burn alert fires');
    assert.equal(policyWords({ pageAlert: 'ignore', budgetSpent: 'ignore' }), 'allow whatever the budget and alerts say');
  });

  it('the checks read the records and alerts the rules generate, per SLO of the measured service', () => {
    const gate = planFor().delivery!.gate!;
    assert.deepEqual(gate.checks, [
      {
        slo: 'availability',
        service: 'shop/checkout-api',
        budgetQuery: 'contextcore:slo_error_budget_remaining:ratio{contextcore_context="shop/checkout", contextcore_slo="availability", namespace="shop", job="checkout-api"}',
        alertsQuery: 'ALERTS{alertname="ContextCoreErrorBudgetBurn", alertstate="firing", contextcore_alert_class="page", contextcore_context="shop/checkout", contextcore_slo="availability", namespace="shop", job="checkout-api"}',
      },
      {
        slo: 'latency',
        service: 'shop/checkout-api',
        budgetQuery: 'contextcore:slo_error_budget_remaining:ratio{contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"}',
        alertsQuery: 'ALERTS{alertname="ContextCoreErrorBudgetBurn", alertstate="firing", contextcore_alert_class="page", contextcore_context="shop/checkout", contextcore_slo="latency", namespace="shop", job="checkout-api"}',
      },
    ]);
    assert.equal(gate.prometheusUrl, 'http://prometheus-operated.monitoring.svc:9090');
  });

  it('the configured policy reaches the plan; without the gate the plan has no gate section', () => {
    const gate = planFor('high', { prometheusUrl: 'https://prom.example.com/', policy: { high: { budgetSpent: 'warn' }, onUnreachable: 'block' } }).delivery!.gate!;
    assert.deepEqual(gate.policy, { pageAlert: 'block', budgetSpent: 'warn', onUnreachable: 'block', onQueryError: 'allow', onNoData: 'allow' });
    assert.equal(gate.prometheusUrl, 'https://prom.example.com');
    const out = expandOk([projectContext(), deployment(), service()]);
    assert.equal(out.plans[0]!.delivery, undefined);
  });
});

describe('gate flags and plan section', () => {
  it('--timeout, --prometheus and --format are checked as usage errors', () => {
    assert.deepEqual(gateFlags({}), { timeoutMs: 20_000, format: 'text' });
    assert.match((gateFlags({ timeout: '0s' }) as { problem: string }).problem, /--timeout must be a positive duration/);
    assert.match((gateFlags({ timeout: '10m' }) as { problem: string }).problem, /at most 5m, the gate Job's activeDeadlineSeconds/);
    assert.match((gateFlags({ prometheus: 'prometheus.monitoring' }) as { problem: string }).problem, /^--prometheus is not a URL/);
    assert.match((gateFlags({ prometheus: 'ftp://prom' }) as { problem: string }).problem, /^--prometheus uses the "ftp:" scheme/);
    assert.match((gateFlags({ format: 'yaml' }) as { problem: string }).problem, /--format must be text or json/);
  });

  it('a plan without a gate section, or with a malformed one, is refused with what to do', () => {
    const plan = planFor();
    assert.ok('gate' in gateSection(plan));
    assert.match((gateSection({ ...plan, delivery: {} }) as { problem: string }).problem, /render it with the function config gate\.enabled: true/);
    const broken = { ...plan, delivery: { gate: { ...plan.delivery!.gate!, checks: [{ slo: 'availability' }] } } } as unknown as Plan;
    assert.match((gateSection(broken) as { problem: string }).problem, /malformed: checks/);
  });
});
