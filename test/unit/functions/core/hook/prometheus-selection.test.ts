import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsNamespaceLabels, selection, type Selectable } from '../../../../../functions/core/hook/prometheus-selection.js';
import type { KubeObject } from '../../../../../functions/core/types/kube.js';

type Obj = Record<string, unknown>;
const prometheus = (namespace: string, spec: Obj, name = 'k8s'): KubeObject => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name, namespace }, spec });
const monitor: Selectable = { kind: 'ServiceMonitor', namespace: 'shop', labels: { release: 'kps', app: 'web' } };
const rule: Selectable = { kind: 'PrometheusRule', namespace: 'shop', labels: { release: 'kps' } };

describe('which Prometheus selects a ServiceMonitor or PrometheusRule (prometheus-operator semantics)', () => {
  // [sentence, Prometheus spec (in namespace monitoring unless said), artifact, namespace labels, state]
  const cases: Array<[string, KubeObject, Selectable, Record<string, string> | undefined, string]> = [
    ['a null serviceMonitorSelector selects nothing', prometheus('monitoring', { serviceMonitorNamespaceSelector: {} }), monitor, undefined, 'unselected'],
    ['an empty serviceMonitorSelector selects every ServiceMonitor of the namespaces it looks in', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} }), monitor, undefined, 'selected'],
    ['matchLabels the monitor carries select it', prometheus('monitoring', { serviceMonitorSelector: { matchLabels: { release: 'kps' } }, serviceMonitorNamespaceSelector: {} }), monitor, undefined, 'selected'],
    ['matchLabels it lacks do not', prometheus('monitoring', { serviceMonitorSelector: { matchLabels: { release: 'other' } }, serviceMonitorNamespaceSelector: {} }), monitor, undefined, 'unselected'],
    ['a null namespace selector looks in the Prometheus namespace only', prometheus('monitoring', { serviceMonitorSelector: {} }), monitor, undefined, 'unselected'],
    ['a null namespace selector selects what is in its own namespace', prometheus('shop', { serviceMonitorSelector: {} }), monitor, undefined, 'selected'],
    ['a namespace selector on the name label is told without reading the namespace', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } }), monitor, undefined, 'selected'],
    ['a namespace selector on other labels reads them', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: { matchLabels: { monitored: 'yes' } } }), monitor, { monitored: 'yes' }, 'selected'],
    ['labels the namespace lacks do not match', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: { matchLabels: { monitored: 'yes' } } }), monitor, { monitored: 'no' }, 'unselected'],
    ['labels that could not be read leave it unknown', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: { matchLabels: { monitored: 'yes' } } }), monitor, undefined, 'unknown'],
    ['rules are selected by ruleSelector, not serviceMonitorSelector', prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} }), rule, undefined, 'unselected'],
    ['ruleSelector and ruleNamespaceSelector select a rule', prometheus('monitoring', { ruleSelector: { matchLabels: { release: 'kps' } }, ruleNamespaceSelector: {} }), rule, undefined, 'selected'],
  ];
  for (const [sentence, p, artifact, labels, state] of cases) {
    it(`${sentence}: ${state}`, () => assert.equal(selection([p], artifact, labels).state, state));
  }

  it('one of several selecting is enough, and is named', () => {
    const s = selection([prometheus('monitoring', {}, 'a'), prometheus('monitoring', { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} }, 'b')], monitor, undefined);
    assert.deepEqual(s, { state: 'selected', by: ['Prometheus monitoring/b'] });
  });

  it('says why each Prometheus does not select it', () => {
    const s = selection([prometheus('monitoring', { serviceMonitorSelector: { matchLabels: { release: 'kube-prometheus-stack' } }, serviceMonitorNamespaceSelector: {} })], { ...monitor, labels: {} }, undefined);
    assert.equal(s.state, 'unselected');
    assert.deepEqual((s as { why: string[] }).why, ['Prometheus monitoring/k8s selects ServiceMonitors by serviceMonitorSelector {"matchLabels":{"release":"kube-prometheus-stack"}}, which its labels do not match']);
  });

  it('namespace labels are needed only for a namespace selector on more than the name', () => {
    assert.equal(needsNamespaceLabels([prometheus('m', { serviceMonitorNamespaceSelector: {} })], 'ServiceMonitor'), false);
    assert.equal(needsNamespaceLabels([prometheus('m', {})], 'ServiceMonitor'), false);
    assert.equal(needsNamespaceLabels([prometheus('m', { serviceMonitorNamespaceSelector: { matchLabels: { a: 'b' } } })], 'ServiceMonitor'), true);
    assert.equal(needsNamespaceLabels([prometheus('m', { serviceMonitorNamespaceSelector: { matchLabels: { a: 'b' } } })], 'PrometheusRule'), false);
  });
});
