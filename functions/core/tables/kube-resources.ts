// REST resource names (plurals) of the kinds a plan can name, for RBAC rules and API paths.
//
// Sources: the Kubernetes API reference (apps/v1, batch/v1, core/v1), prometheus-operator's
// CRDs (../shared/crds/upstream: servicemonitors, podmonitors, prometheusrules, prometheuses), Argo Rollouts'
// CRDs (rollouts, analysistemplates) and our own CRD (projectcontexts). A kind not listed falls back to the API
// server's default for CRDs: the lower-cased kind plus "s".

import { PROJECT_CONTEXT_KIND, PROJECT_CONTEXT_PLURAL } from '../conventions/index.js';

const PLURALS: Readonly<Record<string, string>> = {
  AnalysisTemplate: 'analysistemplates',
  ConfigMap: 'configmaps',
  CronJob: 'cronjobs',
  DaemonSet: 'daemonsets',
  Deployment: 'deployments',
  Job: 'jobs',
  PodMonitor: 'podmonitors',
  [PROJECT_CONTEXT_KIND]: PROJECT_CONTEXT_PLURAL,
  Prometheus: 'prometheuses',
  PrometheusRule: 'prometheusrules',
  Rollout: 'rollouts',
  Service: 'services',
  ServiceMonitor: 'servicemonitors',
  StatefulSet: 'statefulsets',
};

export const resourceOf = (kind: string): string => PLURALS[kind] ?? `${kind.toLowerCase()}s`;

/** API group of an apiVersion: "" for the core group ("v1"), else the part before "/". */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
