import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listIds } from '../../../../functions/diff/list-identity.js';

type Obj = Record<string, any>;

describe('diff: list identity', () => {
  const cases: Array<[string, Obj[], string[] | undefined]> = [
    [
      'alerting rules are told apart by alert name and alert class, recording rules by record and SLO',
      [
        { alert: 'ContextCoreErrorBudgetBurn', labels: { contextcore_alert_class: 'page' } },
        { alert: 'ContextCoreErrorBudgetBurn', labels: { contextcore_alert_class: 'ticket' } },
        { record: 'contextcore:slo_objective:ratio', labels: { contextcore_slo: 'availability' } },
      ],
      ['ContextCoreErrorBudgetBurn{page}', 'ContextCoreErrorBudgetBurn{ticket}', 'contextcore:slo_objective:ratio{availability}'],
    ],
    [
      'burn-rate alerts of one class are told apart by their long window',
      [
        { alert: 'ContextCoreErrorBudgetBurn', labels: { contextcore_alert_class: 'page', contextcore_long_window: '1h' } },
        { alert: 'ContextCoreErrorBudgetBurn', labels: { contextcore_alert_class: 'page', contextcore_long_window: '6h' } },
      ],
      ['ContextCoreErrorBudgetBurn{page 1h}', 'ContextCoreErrorBudgetBurn{page 6h}'],
    ],
    [
      'dashboard panels are told apart by their titles with the numbers masked, so a threshold in a title changes the panel',
      [{ title: 'Within 500ms (30d)', gridPos: {} }, { title: 'SLO attainment (30d)', gridPos: {} }, { title: 'payments-api · 99.9% over 30d · P99 ≤ 300ms', gridPos: {} }],
      ['Within # (#)', 'SLO attainment (#)', 'payments-api · # over # · P# ≤ #'],
    ],
    ['an alert without a class label is qualified by its severity', [{ alert: 'HighLatency', labels: { severity: 'warning' } }], ['HighLatency{warning}']],
    ['containers and env vars are told apart by name', [{ name: 'app', image: 'a' }, { name: 'proxy', image: 'b' }], ['app', 'proxy']],
    ['ProjectContext targets are told apart by kind and name, so a Deployment and a Service of one name differ', [{ kind: 'Deployment', name: 'api' }, { kind: 'Service', name: 'api' }], ['Deployment/api', 'Service/api']],
    ['plan tasks are told apart by id before title', [{ id: 'a:1', title: 'Same' }, { id: 'a:2', title: 'Same' }], ['a:1', 'a:2']],
    ['dashboard panels with a repeated title are numbered in list order', [{ title: 'Budget', type: 'stat' }, { title: 'Rate' }, { title: 'Budget', type: 'timeseries' }], ['Budget', 'Rate', 'Budget #2']],
    ['plan derivations are told apart by field', [{ field: 'business.criticality', value: 'high' }, { field: 'observability.traceSampling', value: '0.5' }], ['business.criticality', 'observability.traceSampling']],
    ['a list of plain values has no ids (it changes as one value)', ['a', 'b'] as unknown as Obj[], undefined],
    ['a list whose items no rule names is compared by position', [{ color: 'red' }, { color: 'green' }], undefined],
    ['an empty list has no ids', [], undefined],
  ];
  for (const [name, items, ids] of cases) it(name, () => assert.deepEqual(listIds(items), ids));
});
