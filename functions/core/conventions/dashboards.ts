// Grafana: the defaults of the dashboard ConfigMaps, dashboard uids and tags, and the template
// variables the dashboards share.

/** Grafana defaults (kube-prometheus-stack sidecar conventions). */
export const GRAFANA_DEFAULT_DASHBOARD_LABEL: Record<string, string> = { grafana_dashboard: '1' };
export const GRAFANA_DEFAULT_FOLDER_ANNOTATION = 'grafana_folder';
export const DASHBOARD_UID_PREFIX = 'cc-';
export const DASHBOARD_UID_MAX = 40;
export const DASHBOARD_TAG = 'contextcore';
/** Prefixes of the per-context dashboard tags besides DASHBOARD_TAG: `<prefix><value>`. */
export const DASHBOARD_TAG_PREFIX = {
  criticality: 'criticality:',
  value: 'value:',
  team: 'team:',
  project: 'project:',
} as const;

/** Fixed uids of the shipped cross-context dashboards (dashboards/); per-context uids start cc-. */
export const DASHBOARD_UID_PORTFOLIO = 'contextcore-portfolio';
export const DASHBOARD_UID_PLAN = 'contextcore-plan';

/** Template variable names; the per-context dashboard links pass some of them on. */
export const DASHBOARD_VAR = {
  prometheus: 'datasource',
  tempo: 'tempo',
  criticality: 'criticality',
  businessValue: 'business_value',
  owner: 'owner',
  namespace: 'namespace',
  context: 'context',
} as const;
